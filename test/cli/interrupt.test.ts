import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
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

describe("Ctrl-C while writing the .env files", () => {
  it('refresh: stops between files, "cancelled (Ctrl-C): N of M .env files written", exit 130', async () => {
    const dir = join(world.project, "many");
    await mkdir(dir);
    const count = 1_500;
    const names = Array.from({ length: count }, (_, index) => `f${index}.env`);
    const before = "# mine\nAWS_ACCESS_KEY_ID=old\nKEEP=1\n";
    for (const name of names) await writeFile(join(dir, name), before);
    const first = join(dir, names[0] ?? "");
    const result = await world.run(
      ["refresh", "--profile", "dev", ...names.flatMap((name) => ["-e", join(dir, name)])],
      {
        onSpawn: (child) => {
          void (async () => {
            // The signal comes once the first file is written: the others are still being written.
            while ((await readFile(first, "utf8")) === before && child.exitCode === null) await sleep(2);
            child.kill("SIGINT");
          })();
        },
      },
    );
    // Each file is its old bytes or the new ones, whole: one new content shared by all written.
    const contents = await Promise.all(names.map((name) => readFile(join(dir, name), "utf8")));
    const fresh = contents.filter((content) => content !== before);
    expect(new Set(fresh).size).toBe(1);
    expect(fresh[0]).toMatch(/^# mine\nAWS_ACCESS_KEY_ID=\S+\nKEEP=1\n(.*\n)*AWS_SESSION_TOKEN=\S+\n/);
    expect(fresh.length).toBeLessThan(count);
    // No temp file or lock left beside them.
    expect((await readdir(dir)).sort()).toEqual([...names].sort());
    expect(result.stderr).toBe(
      `ssoenv: cancelled (Ctrl-C): ${fresh.length.toLocaleString("en-US")} of 1,500 .env files written\n`,
    );
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(130);
  });
});
