import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Each test runs the built CLI a few times; on a loaded machine a run takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const world = useCliWorld({ per: "test", loggedIn: true });

const CREDENTIAL_NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
];

async function refreshInto(file: string, profile: string, before: string): Promise<string> {
  await writeFile(join(world.project, file), before);
  const refresh = await world.run(["refresh", "--profile", profile, "--env-file", file]);
  expect(refresh.exitCode, refresh.stderr).toBe(0);
  return readFile(join(world.project, file), "utf8");
}

function keysIn(text: string): string[] {
  return text.split("\n").flatMap((line) => {
    const key = /^([A-Z_]+)=/.exec(line)?.[1];
    return key ? [key] : [];
  });
}

describe("ssoenv logout: the keys refresh wrote into .env files", () => {
  it("go from the files of the sign-in, every other line kept; logout says which files", async () => {
    const before = "# the api\nPORT=3000\n";
    const written = await refreshInto("app.env", "dev", before);
    expect(keysIn(written)).toEqual(expect.arrayContaining(CREDENTIAL_NAMES));

    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const after = await readFile(join(world.project, "app.env"), "utf8");
    expect(after.startsWith(before)).toBe(true);
    for (const name of CREDENTIAL_NAMES) expect(keysIn(after)).not.toContain(name);
    expect(result.stderr).toContain(
      `removed the role credentials refresh wrote into ${join(world.project, "app.env")}`,
    );
  });

  it("a key the user wrote over the one refresh wrote stays (nothing lost)", async () => {
    const written = await refreshInto("app.env", "dev", "PORT=3000\n");
    const byHand = written.replace(/^AWS_ACCESS_KEY_ID=.*$/m, "AWS_ACCESS_KEY_ID=MINE");
    await writeFile(join(world.project, "app.env"), byHand);

    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(join(world.project, "app.env"), "utf8")).toBe(byHand);
    expect(result.stderr).not.toContain("app.env");
  });

  it("another sign-in's file keeps its keys; --all then takes them", async () => {
    expect((await world.run(["login", "--profile", "legacy"])).exitCode).toBe(0);
    const legacy = await refreshInto("legacy.env", "legacy", "");
    await refreshInto("app.env", "dev", "");

    expect((await world.run(["logout", "--profile", "dev"])).exitCode).toBe(0);
    expect(await readFile(join(world.project, "legacy.env"), "utf8")).toBe(legacy);

    const all = await world.run(["logout", "--all"]);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(keysIn(await readFile(join(world.project, "legacy.env"), "utf8"))).not.toContain(
      "AWS_ACCESS_KEY_ID",
    );
  });
});
