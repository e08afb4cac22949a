import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as core from "./index.js";

/** The names in the first column of README.md's "## Exports" table: `name(...)` or `name`. */
async function readmeExports(): Promise<string[]> {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.split(/^## Exports$/m)[1]?.split(/^## /m)[0] ?? "";
  const firstColumns = section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => line.split(/(?<!\\)\|/)[1] ?? "");
  return firstColumns.flatMap((cell) =>
    [...cell.matchAll(/`([A-Za-z_]\w*)/g)].map((match) => match[1] as string),
  );
}

describe("@ssoenv/core's public entry", () => {
  it("exports exactly the names README.md's Exports table documents", async () => {
    const documented = await readmeExports();
    expect(documented.length).toBeGreaterThan(10);
    expect(Object.keys(core).sort()).toEqual([...new Set(documented)].sort());
  });

  it("README.md's onEvent option names every SessionEvent type (session-types.ts), and no other", async () => {
    const source = await readFile(new URL("./session/session-types.ts", import.meta.url), "utf8");
    const union = source.split(/^export type SessionEvent =/m)[1]?.split(/^export /m)[0] ?? "";
    const types = [...union.matchAll(/type: "([a-z-]+)"/g)].map((match) => match[1]);
    expect(types.length).toBeGreaterThan(5);
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const row = readme.split("\n").find((line) => line.startsWith("| `onEvent`")) ?? "";
    const named = [...row.matchAll(/`([a-z]+(?:-[a-z]+)*)`/g)].map((match) => match[1]);
    expect(named.filter((name) => name !== "onEvent" && name !== "message").sort()).toEqual(
      [...types].sort(),
    );
  });

  it("README.md's Error codes table lists every SsoenvErrorCode (errors.ts) once, with exitCodeFor's code", async () => {
    const source = await readFile(new URL("./errors.ts", import.meta.url), "utf8");
    const union = source.split("export type SsoenvErrorCode =")[1]?.split(/;$/m)[0] ?? "";
    const codes = [...union.matchAll(/"([A-Z][A-Z_]+)"/g)].map((match) => match[1] as core.SsoenvErrorCode);
    expect(codes.length).toBeGreaterThan(20);
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.split(/^## Error codes$/m)[1]?.split(/^## /m)[0] ?? "";
    const documented = section
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .flatMap((line) => {
        const [, names = "", exit = ""] = line.split("|");
        return [...names.matchAll(/`([A-Z_]+)`/g)].map((match) => `${match[1]} ${exit.trim()}`);
      });
    const expected = codes.map((code) => `${code} ${core.exitCodeFor(new core.SsoenvError(code, "x"))}`);
    expect(documented.sort()).toEqual(expected.sort());
  });

  // A plain-JavaScript caller that leaves out an option, or passes the wrong kind of value, gets
  // INVALID_ARGUMENT naming the function and the option, not a TypeError from deep inside.
  const badCalls: [string, () => unknown, RegExp][] = [
    ["readSsoToken()", () => core.readSsoToken(undefined as never), /^readSsoToken\(\) needs .*`profile`/],
    [
      "readSsoToken({})",
      () => core.readSsoToken({} as never),
      /^readSsoToken\(\): options\.profile is missing/,
    ],
    [
      'readSsoToken({ profile: "dev" })',
      () => core.readSsoToken({ profile: "dev" as never }),
      /options\.profile must be an SSO profile \(what loadSsoProfile\(\) returns\), not a string/,
    ],
    ["tokenCachePath()", () => core.tokenCachePath(undefined as never), /^tokenCachePath\(\) needs/],
    [
      "writeSsoToken({ profile })",
      () => core.writeSsoToken({ profile: { ssoSession: "corp" } } as never),
      /options\.token is missing/,
    ],
    ["childEnv({})", () => core.childEnv({} as never), /^childEnv\(\): options\.env is missing/],
    [
      "credentialEnv()",
      () => core.credentialEnv(undefined as never),
      /^credentialEnv\(\): .*must be a session/,
    ],
    ["formatCredentials()", () => core.formatCredentials(undefined as never), /^formatCredentials\(\) needs/],
    [
      "toCredentialProcessJson()",
      () => core.toCredentialProcessJson(undefined as never),
      /^toCredentialProcessJson\(\)/,
    ],
    ["consoleSignInUrl({})", () => core.consoleSignInUrl({} as never), /options\.credentials is missing/],
    [
      "updateEnvFile()",
      () => core.updateEnvFile(undefined as never),
      /^updateEnvFile\(\) needs .*`path` and `values`/,
    ],
    ["updateEnvFile({})", () => core.updateEnvFile({} as never), /options\.path is missing/],
    ["updateEnvText()", () => core.updateEnvText(undefined as never), /^updateEnvText\(\) needs/],
    [
      "parseEnv()",
      () => core.parseEnv(undefined as never),
      /^parseEnv\(\): text must be a string, not undefined/,
    ],
    ["parseDuration()", () => core.parseDuration(undefined as never), /Invalid duration "undefined"/],
    [
      'ensureSession("dev")',
      () => core.ensureSession("dev" as never),
      /^ensureSession\(\) takes an options object, not a string/,
    ],
    [
      'ensureSession({ env: "x" })',
      () => core.ensureSession({ env: "x" as never }),
      /options\.env must be an object/,
    ],
    [
      "login({ signal: {} })",
      () => core.login({ signal: {} as never }),
      /options\.signal must be an AbortSignal/,
    ],
    ["logout({ all: 1 })", () => core.logout({ all: 1 as never }), /options\.all must be true or false/],
    [
      "getCachedSessionStatus({ env: null })",
      () => core.getCachedSessionStatus({ env: null as never }),
      /options\.env must be/,
    ],
    [
      'syncProfiles({ concurrency: "4" })',
      () => core.syncProfiles({ concurrency: "4" as never }),
      /options\.concurrency must be a number/,
    ],
    ['listSignIns("x")', () => core.listSignIns("x" as never), /^listSignIns\(\) takes an options object/],
    ["listProfiles({ env: 1 })", () => core.listProfiles({ env: 1 as never }), /options\.env must be/],
    [
      "loadSsoProfile({ profile: 1 })",
      () => core.loadSsoProfile({ profile: 1 as never }),
      /options\.profile must be a string/,
    ],
    ["listSsoProfiles([])", () => core.listSsoProfiles([] as never), /takes an options object, not an array/],
  ];

  it.each(badCalls)(
    "%s is INVALID_ARGUMENT naming the option, with a call that works as the hint",
    async (_, call, message) => {
      const error = await rejectionOf(call);
      expect(core.isSsoenvError(error, "INVALID_ARGUMENT"), String(error)).toBe(true);
      expect((error as core.SsoenvError).message).toMatch(message);
      expect((error as core.SsoenvError).hint).toMatch(/e\.g\. /);
    },
  );

  // A misspelt option in plain JavaScript used to be ignored: `dryrun: true` wrote ~/.aws/config, and
  // `minvalidity: "2h"` turned the guard off. Every public function now names it, and what was meant.
  // (A HOME with nothing in it: should the check ever fail, the call touches no real sign-in.)
  const env = { HOME: join(tmpdir(), "ssoenv-misspelt-option-test-none") };
  const misspelt: [string, () => unknown, RegExp][] = [
    [
      'ensureSession({ minvalidity: "2h" })',
      () => core.ensureSession({ profile: "dev", minvalidity: "2h", env } as never),
      /^ensureSession\(\): unknown option `minvalidity` \(did you mean `minValidity`\?\)$/,
    ],
    [
      'ensureSession({ profle: "dev" })',
      () => core.ensureSession({ profle: "dev", env } as never),
      /^ensureSession\(\): unknown option `profle` \(did you mean `profile`\?\)$/,
    ],
    [
      // two typos, one of them two letters swapped (one edit, as for the CLI's "did you mean")
      'ensureSession({ porfle: "dev" })',
      () => core.ensureSession({ porfle: "dev", env } as never),
      /^ensureSession\(\): unknown option `porfle` \(did you mean `profile`\?\)$/,
    ],
    [
      'logout({ sso_session: "corp" })',
      () => core.logout({ sso_session: "corp", env } as never),
      /^logout\(\): unknown option `sso_session` \(did you mean `ssoSession`\?\)$/,
    ],
    [
      "login({ deviceCode: true })",
      () => core.login({ deviceCode: true, env } as never),
      /^login\(\): unknown option `deviceCode`$/,
    ],
    [
      "updateEnvFile({ path, values, mdoe: 0o600 })",
      () => core.updateEnvFile({ path: ".env", values: {}, mdoe: 0o600 } as never),
      /unknown option `mdoe` \(did you mean `mode`\?\)$/,
    ],
    [
      "listSignIns({ environment })",
      () => core.listSignIns({ environment: {} } as never),
      /^listSignIns\(\): unknown option `environment`/,
    ],
  ];

  it.each(misspelt)("%s is INVALID_ARGUMENT naming the unknown option", async (_, call, message) => {
    const error = await rejectionOf(call);
    expect(core.isSsoenvError(error, "INVALID_ARGUMENT"), String(error)).toBe(true);
    expect((error as core.SsoenvError).message).toMatch(message);
    expect((error as core.SsoenvError).hint).toMatch(/ takes .*; e\.g\. /);
  });

  it("a dry run asked as `dryrun` leaves ~/.aws/config as it was", async () => {
    const home = await mkdtemp(join(tmpdir(), "ssoenv-dryrun-"));
    try {
      const configPath = join(home, "config");
      const config =
        "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n";
      await writeFile(configPath, config);
      const error = await core
        .syncProfiles({
          ssoSession: "corp",
          dryrun: true,
          env: { HOME: home, AWS_CONFIG_FILE: configPath },
        } as never)
        .catch((caught: unknown) => caught);
      expect((error as core.SsoenvError).message).toBe(
        "syncProfiles(): unknown option `dryrun` (did you mean `dryRun`?)",
      );
      expect(await readFile(configPath, "utf8")).toBe(config);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

/** What the call throws or rejects with (undefined when it succeeds). */
function rejectionOf(call: () => unknown): Promise<unknown> {
  return Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
}
