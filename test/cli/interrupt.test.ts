import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeEach, describe, expect, it } from "vitest";
import type { CliResult } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// Ctrl-C while a command waits on AWS: one line, exit 130 (128 + SIGINT, as a shell reports it), no
// stack and no "please report", and the files it would have written left as they were.
const world = useCliWorld({ loggedIn: true });

beforeEach(() => {
  world.emulator.setTraffic({});
  world.emulator.resetStats();
});

/** Runs `ssoenv ARGS` against a slow AWS and sends SIGINT once its first request is in flight. */
async function interrupted(args: string[]): Promise<CliResult> {
  // Every answer takes 10 s: the command is surely still waiting when SIGINT comes.
  world.emulator.setTraffic({ latencyMs: 10_000 });
  return world.run(args, {
    onSpawn: (child) => {
      void (async () => {
        while (world.emulator.stats().total === 0 && child.exitCode === null) await sleep(20);
        child.kill("SIGINT");
      })();
    },
  });
}

function expectCancelled(result: CliResult): void {
  expect(result.stderr).toBe("ssoenv: cancelled (Ctrl-C)\n");
  expect(result.exitCode).toBe(130);
}

describe("Ctrl-C while waiting on AWS", () => {
  for (const args of [
    ["status", "--profile", "dev"],
    ["ensure", "--profile", "dev"],
    ["env", "--profile", "dev"],
    ["exec", "--profile", "dev", "--", "true"],
    ["console", "--profile", "dev", "--url"],
  ]) {
    it(`${args[0]}: "cancelled (Ctrl-C)", exit 130`, async () => {
      const result = await interrupted(args);
      expectCancelled(result);
      expect(result.stdout).toBe("");
    });
  }

  it("refresh: the .env files are left byte for byte", async () => {
    const files = [join(world.project, "a.env"), join(world.project, "b.env")];
    const before = "# mine\nAWS_ACCESS_KEY_ID=old\nKEEP=1\n";
    for (const file of files) await writeFile(file, before);
    const result = await interrupted([
      "refresh",
      "--profile",
      "dev",
      "-e",
      files[0] ?? "",
      "-e",
      files[1] ?? "",
    ]);
    expect(result.stderr).toContain("ssoenv: cancelled (Ctrl-C)");
    expect(result.stderr).not.toMatch(/unexpected|please report|\n\s+at /);
    expect(result.exitCode).toBe(130);
    for (const file of files) expect(await readFile(file, "utf8")).toBe(before);
  });

  it("profiles sync: ~/.aws/config is left byte for byte", async () => {
    const before = await readFile(world.configPath, "utf8");
    const result = await interrupted(["profiles", "sync"]);
    expectCancelled(result);
    expect(await readFile(world.configPath, "utf8")).toBe(before);
  });
});
