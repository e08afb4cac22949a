import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { loadProjectConfig } from "./load-project-config.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssoenv-project-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function errorFor(toml: string): Promise<{ message: string; hint?: string; code: string }> {
  await writeFile(join(dir, "ssoenv.toml"), toml);
  const error = await loadProjectConfig({ cwd: dir }).catch((e: unknown) => e);
  expect(isSsoenvError(error, "PROJECT_CONFIG_INVALID")).toBe(true);
  return error as { message: string; hint?: string; code: string };
}

describe("loadProjectConfig", () => {
  it("returns undefined when no ssoenv.toml is above the folder", async () => {
    expect(await loadProjectConfig({ cwd: dir })).toBeUndefined();
  });

  it("finds ssoenv.toml upwards and resolves paths against its folder", async () => {
    await writeFile(
      join(dir, "ssoenv.toml"),
      [
        'profile = "dev"',
        'min_validity = "1h30m"',
        "[[env_files]]",
        'path = "apps/api/.env"',
        'profile = "stg"',
        "[env_files.keys]",
        'AWS_ACCESS_KEY_ID = "S3_ACCESS_KEY_ID"',
        "[[env_files]]",
        'path = ".env"',
      ].join("\n"),
    );
    await mkdir(join(dir, "apps", "api"), { recursive: true });
    const config = await loadProjectConfig({ cwd: join(dir, "apps", "api") });
    expect(config).toMatchObject({
      path: join(dir, "ssoenv.toml"),
      dir,
      profile: "dev",
      minValidity: "1h30m",
      minValidityMs: 5_400_000,
      envFiles: [
        { path: join(dir, "apps/api/.env"), profile: "stg", keys: { AWS_ACCESS_KEY_ID: "S3_ACCESS_KEY_ID" } },
        { path: join(dir, ".env"), profile: undefined, keys: {} },
      ],
    });
  });

  // The container entrypoint: its command (terraform) reads no ssoenv.toml, so the profile ssoenv checks
  // must not come from one, wherever it is (through a symlink, a folder so named).
  it("finds none where variables are a wrapper's only settings (SSOENV_SET_VARIABLE_COMMAND); a path given is still read", async () => {
    await writeFile(join(dir, "ssoenv.toml"), 'profile = "dev"\n');
    const env = { SSOENV_SET_VARIABLE_COMMAND: "docker run -e" };
    expect(await loadProjectConfig({ cwd: dir, env })).toBeUndefined();
    expect((await loadProjectConfig({ cwd: dir, path: "ssoenv.toml", env }))?.profile).toBe("dev");
    expect((await loadProjectConfig({ cwd: dir, env: {} }))?.profile).toBe("dev");
  });

  it("names the file and line of a TOML syntax error", async () => {
    const error = await errorFor('profile = "dev"\nmin_validity = \n');
    expect(error.message).toContain(`${join(dir, "ssoenv.toml")}:2`);
    expect(error.message).not.toContain("\n");
  });

  // ~/.aws/config writes `profile = dev`; TOML wants a string in quotes.
  it("a value written without quotes: the line with them is the fix", async () => {
    const bare = await errorFor("profile = dev\n");
    expect(bare.message).toContain(`${join(dir, "ssoenv.toml")}:1: not valid TOML`);
    expect(bare.hint).toBe('a text value goes in quotes: profile = "dev"');
    const unit = await errorFor('profile = "dev"\nmin_validity = 1h   # before a long job\n');
    expect(unit.message).toContain(`${join(dir, "ssoenv.toml")}:2: not valid TOML`);
    expect(unit.hint).toBe('a text value goes in quotes: min_validity = "1h"');
    const path = await errorFor("[[env_files]]\n  path = apps/api/.env\n");
    expect(path.hint).toBe('a text value goes in quotes: path = "apps/api/.env"');
    // A quote left open is not a missing pair of quotes: the syntax is what to fix.
    const open = await errorFor("profile = 'dev\n");
    expect(open.hint).toBe(`fix the syntax at that line of ${join(dir, "ssoenv.toml")}`);
  });

  it("rejects an unknown setting with its line and the known ones", async () => {
    const error = await errorFor('profile = "dev"\nprofle = "x"\n');
    expect(error.message).toContain("ssoenv.toml:2: profle is not a known setting");
    expect(error.hint).toContain("profile");
  });

  // A misspelt key is the setting meant: "remove it" would lose it.
  it.each([
    [
      'profile = "dev"\nmin-validity = "1h"\n',
      "ssoenv.toml:2: min-validity is not a known setting",
      "rename it to min_validity",
    ],
    [
      'profile = "dev"\n[[env_file]]\npath = "a.env"\n',
      "ssoenv.toml:2: env_file is not a known setting",
      "rename it to [[env_files]]",
    ],
    [
      '[[env_files]]\npath = "a.env"\nprofiles = "stg"\n',
      "ssoenv.toml:3: env_files[0].profiles is not a known setting",
      "rename it to profile",
    ],
  ])("a misspelt setting (%j) is named with the one meant", async (text, message, hint) => {
    const error = await errorFor(text);
    expect(error.message).toContain(message);
    expect(error.hint).toMatch(new RegExp(`^${hint.replace(/[[\]]/g, "\\$&")}`));
  });

  it('reads credentials = "endpoint" per file, "keys" by default', async () => {
    await writeFile(
      join(dir, "ssoenv.toml"),
      '[[env_files]]\npath = "a.env"\ncredentials = "endpoint"\n[[env_files]]\npath = "b.env"\n',
    );
    const config = await loadProjectConfig({ cwd: dir });
    expect(config?.envFiles.map((file) => file.credentials)).toEqual(["endpoint", "keys"]);
  });

  it("rejects an unknown credentials value, and key renames in an endpoint file", async () => {
    const bad = await errorFor('[[env_files]]\npath = ".env"\ncredentials = "file"\n');
    expect(bad.message).toContain('env_files[0].credentials must be "keys" or "endpoint"');
    const renamed = await errorFor(
      '[[env_files]]\npath = ".env"\ncredentials = "endpoint"\n[env_files.keys]\nAWS_ACCESS_KEY_ID = "MY_ID"\n',
    );
    expect(renamed.message).toContain("env_files[0].keys.AWS_ACCESS_KEY_ID cannot be renamed");
  });

  it("rejects a bad min_validity", async () => {
    const error = await errorFor('min_validity = "soon"\n');
    expect(error.message).toMatch(/ssoenv\.toml:1: min_validity "soon" is not a duration$/);
    expect((await errorFor('profile = "dev"\nmin_validity = "90"\n')).message).toMatch(
      /ssoenv\.toml:2: min_validity "90" has no unit$/,
    );
  });

  it("rejects an env file without a path", async () => {
    const error = await errorFor('[[env_files]]\nprofile = "dev"\n');
    expect(error.message).toContain("env_files[0].path is required");
  });

  it("rejects a rename of something that is not a credential variable", async () => {
    const error = await errorFor('[[env_files]]\npath = ".env"\n[env_files.keys]\nHOME = "X"\n');
    expect(error.message).toContain("env_files[0].keys.HOME is not a credential variable");
    expect(error.message).toContain(":4:");
  });

  it("rejects a rename to an invalid variable name", async () => {
    const error = await errorFor(
      '[[env_files]]\npath = ".env"\n[env_files.keys]\nAWS_ACCESS_KEY_ID = "bad name"\n',
    );
    expect(error.message).toContain("must be a variable name");
  });

  // TOML's one table, or a list of paths, where each file is its own [[env_files]] entry.
  it.each([
    [
      'profile = "dev"\n[env_files]\npath = ".env"\n',
      "ssoenv.toml:2: [env_files] is one table; each .env file is an [[env_files]] entry (two brackets)",
    ],
    [
      'profile = "dev"\nenv_files = [".env", "b.env"]\n',
      "ssoenv.toml:2: env_files is a list of paths; each .env file is an [[env_files]] entry (two brackets)",
    ],
  ])("env_files written otherwise (%j): its line, and [[env_files]] as the fix", async (text, message) => {
    const error = await errorFor(text);
    expect(error.message).toBe(`${join(dir, message)}`);
    expect(error.hint).toBe('write [[env_files]] then path = ".env", once per file');
  });

  it("rejects a non-string profile", async () => {
    const error = await errorFor("profile = 3\n");
    expect(error.message).toContain("ssoenv.toml:1: profile must be a non-empty string");
  });

  // Seen: a [[env_files]] entry's setting was named at the first `key =` of the whole file (the
  // top-level profile's line), or at the entry's header for its path.
  it.each([
    [
      'profile = "dev"\n[[env_files]]\npath = ".env"\nprofile = 5\n',
      "ssoenv.toml:4: env_files[0].profile must be",
    ],
    ['profile = "dev"\n[[env_files]]\npath = 3\n', "ssoenv.toml:3: env_files[0].path is required"],
    [
      '[[env_files]]\npath = "a.env"\ncredentials = "keys"\n[[env_files]]\npath = "b.env"\ncredentials = "file"\n',
      "ssoenv.toml:6: env_files[1].credentials must be",
    ],
    [
      '[[env_files]]\npath = "a.env"\n[env_files.keys]\nAWS_REGION = "R"\n[[env_files]]\npath = "b.env"\n[env_files.keys]\nAWS_REGION = "bad name"\n',
      "ssoenv.toml:8: env_files[1].keys.AWS_REGION must be a variable name",
    ],
  ])("an entry's setting is named at its own line (%j)", async (text, message) => {
    expect((await errorFor(text)).message).toContain(message);
  });

  it("an entry's path line is what a target names", async () => {
    await writeFile(
      join(dir, "ssoenv.toml"),
      'profile = "dev"\n\n[[env_files]]\n# the API\npath = "a.env"\n',
    );
    expect((await loadProjectConfig({ cwd: dir }))?.envFiles[0]?.line).toBe(5);
  });

  // min_validity is a setting of the whole file: "remove it" would lose it.
  it("min_validity inside [[env_files]] is told to move above the first [[env_files]]", async () => {
    const error = await errorFor('profile = "dev"\n[[env_files]]\npath = ".env"\nmin_validity = "2h"\n');
    expect(error.message).toContain("ssoenv.toml:4: env_files[0].min_validity is not a setting of one file");
    expect(error.hint).toBe(
      'move it above the first [[env_files]] (min_validity = "2h" applies to every file); an entry takes path, profile, credentials, [env_files.keys]',
    );
  });
});
