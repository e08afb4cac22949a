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

describe("ssoenv logout: what it says it removed", () => {
  it("names each kind of file in words, with counts, not a number of files", async () => {
    expect((await world.run(["login", "--profile", "dev", "--method", "native"])).exitCode).toBe(0);
    for (const profile of ["dev", "stg"]) {
      expect((await world.run(["credential-process", "--profile", profile])).exitCode).toBe(0);
    }
    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr.split("\n")[0]).toBe(
      "corp: signed out at AWS (every token of the sign-in ended); removed the cached SSO token, ssoenv's record of the sign-in, ssoenv's cached role credentials for 2 roles and credential-process's records of 2 profiles",
    );
    expect(result.stderr).not.toMatch(/files? removed/);
  });

  it("--all names the records of the regions refresh wrote into .env files, and says when nothing was cached", async () => {
    const refresh = await world.run(["refresh", "--profile", "dev", "--env-file", "app.env"]);
    expect(refresh.exitCode, refresh.stderr).toBe(0);
    const result = await world.run(["logout", "--all"]);
    expect(result.exitCode, result.stderr).toBe(0);
    // on a line of its own: they belong to no one sign-in (not to the last one listed)
    expect(result.stderr.split("\n")).toContain(
      "ssoenv's other local state: removed refresh's records of the regions it wrote into 1 .env file",
    );
    expect(result.stderr.match(/refresh's records/g)).toHaveLength(1);
    expect(result.stderr).not.toContain("env-files");
    const again = await world.run(["logout", "--sso-session", "corp"]);
    expect(again.stderr.split("\n")[0]).toBe("corp: no cached sign-in; nothing cached to remove");
  });
});
