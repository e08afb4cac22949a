import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliWorld, startCliWorld } from "./support/cli-world.js";

let world: CliWorld;
beforeEach(async () => {
  world = await startCliWorld();
  await world.logIn();
});
afterEach(async () => {
  await world?.stop();
});

const ENV_BEFORE = "# mine\nAWS_ACCESS_KEY_ID=old\n";

/** Runs refresh and checks the contract for bad input: exit 2, one line naming `file`, no stack, .env untouched. */
async function expectBadInput(file: string): Promise<string> {
  const envPath = join(world.project, ".env");
  await writeFile(envPath, ENV_BEFORE);
  const result = await world.run(["refresh", "--profile", "dev"]);
  expect(result.exitCode).toBe(2);
  const [message, hint, ...rest] = result.stderr.trimEnd().split("\n");
  expect(message).toContain(file);
  expect(hint).toMatch(/^hint: /);
  expect(rest).toEqual([]);
  expect(await readFile(envPath, "utf8")).toBe(ENV_BEFORE);
  return result.stderr;
}

describe("bad input is a one-line error naming the file, exit 2, nothing changed", () => {
  it("a malformed ~/.aws/config", async () => {
    const broken = "[profile dev\nsso_session = corp\n";
    await writeFile(world.configPath, broken);
    await expectBadInput(world.configPath);
    expect(await readFile(world.configPath, "utf8")).toBe(broken);
  });

  it("a profile pointing at a missing sso-session", async () => {
    await writeFile(
      world.configPath,
      "[profile dev]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n",
    );
    await expectBadInput(world.configPath);
  });

  it("a malformed SSO token cache", async () => {
    const cacheFile = join(
      world.home,
      ".aws",
      "sso",
      "cache",
      `${createHash("sha1").update("corp").digest("hex")}.json`,
    );
    await mkdir(join(cacheFile, ".."), { recursive: true });
    await writeFile(cacheFile, "{ not json");
    await expectBadInput(cacheFile);
    expect(await readFile(cacheFile, "utf8")).toBe("{ not json");
  });

  it("a malformed ssoenv.toml", async () => {
    const toml = join(world.project, "ssoenv.toml");
    await writeFile(toml, 'profile = "dev"\n[[env_files]\npath = ".env"\n');
    const stderr = await expectBadInput(toml);
    expect(stderr).toContain(`${toml}:2`);
  });

  it("an ssoenv.toml with an unknown key", async () => {
    const toml = join(world.project, "ssoenv.toml");
    await writeFile(toml, 'profile = "dev"\nmin_validty = "1h"\n');
    const stderr = await expectBadInput(toml);
    expect(stderr).toContain("min_validty");
  });

  it("a bad --min-validity", async () => {
    const result = await world.run(["ensure", "--profile", "dev", "--min-validity", "soon"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("soon");
  });
});
