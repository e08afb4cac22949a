import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Each test runs the built CLI a few times; on a loaded machine a run takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const world = useCliWorld({ per: "test", loggedIn: true });

async function namesIn(...folder: string[]): Promise<string[]> {
  return (await readdir(join(world.home, ".aws", "ssoenv", ...folder)).catch(() => [] as string[])).sort();
}

describe("ssoenv logout of one sign-in: what is left", () => {
  it("removes credential-process's records of the sign-in's profiles, and keeps another sign-in's", async () => {
    expect((await world.run(["login", "--profile", "legacy"])).exitCode).toBe(0);
    for (const profile of ["dev", "stg", "legacy"]) {
      const answer = await world.run(["credential-process", "--profile", profile]);
      expect(answer.exitCode, answer.stderr).toBe(0);
    }
    expect(await namesIn("credential-process")).toEqual(["dev.json", "legacy.json", "stg.json"]);

    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await namesIn("credential-process")).toEqual(["legacy.json"]);
    // legacy's sign-in is untouched: its cached answer still comes without a login
    expect((await world.run(["credential-process", "--profile", "legacy"])).exitCode).toBe(0);
  });
});
