import { execFile } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSignInRecord } from "@ssoenv/core/internal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCliWorld } from "../cli/support/use-cli-world.js";

// Core cannot tell a script's `profile: "dev"` from a typed `--profile dev`: its hints name the
// call's options as a script writes them (`{ profile: "dev" }`), and the CLI writes them as its flags.
// Before, a script was told "did you mean dev? --profile dev" and "ask for less (--min-validity ...)".

/** A script of examples/node-script: its `@ssoenv/core` is the public entry, as a user's script has it. */
const exampleDir = fileURLToPath(new URL("../../examples/node-script/", import.meta.url));

interface Caught {
  code: string;
  message: string;
  hint: string;
}

/** What `ensureSession(options)` throws in a script run with `env`. */
function scriptError(options: string, env: NodeJS.ProcessEnv): Promise<Caught> {
  return scriptCall({ imports: "ensureSession", call: `ensureSession(${options})`, env });
}

/** What `await call` throws in a script that imports `imports` from `from` (the public entry by default). */
function scriptCall(options: {
  imports: string;
  call: string;
  env: NodeJS.ProcessEnv;
  from?: string;
}): Promise<Caught> {
  const { env } = options;
  const script = `
    import { ${options.imports} } from "${options.from ?? "@ssoenv/core"}";
    try {
      await ${options.call};
      console.log(JSON.stringify({ code: "NONE" }));
    } catch (error) {
      console.log(JSON.stringify({ code: error.code, message: error.message, hint: error.hint }));
    }`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script],
      { cwd: exampleDir, env, encoding: "utf8" },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Caught),
    );
  });
}

const world = useCliWorld({ loggedIn: true });

/** A PATH with node alone: no `aws` on it. */
let nodeOnly: string;
beforeAll(async () => {
  // As `ssoenv login` does: the sign-in's start, so its end (AWS's default 8 h later) is known.
  await writeSignInRecord({
    profile: { ssoSession: "corp", startUrl: world.emulator.startUrl },
    env: world.env,
    signedInAt: new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000),
  });
  nodeOnly = await mkdtemp(join(tmpdir(), "ssoenv-node-only-"));
  await symlink(process.execPath, join(nodeOnly, "node"));
});
afterAll(() => rm(nodeOnly, { recursive: true, force: true }));

/** The world's config with a profile that only signs in (sso_session, no account or role), for `run`. */
async function withLoginOnlyProfile(run: () => Promise<void>): Promise<void> {
  const config = await readFile(world.configPath, "utf8");
  await appendFile(world.configPath, "\n[profile codecatalyst]\nsso_session = corp\n");
  try {
    await run();
  } finally {
    await writeFile(world.configPath, config);
  }
}

describe("a script's ensureSession names its own options in the hint", () => {
  it('a typo of a profile: did you mean dev? { profile: "dev" }', async () => {
    const error = await scriptError(`{ profile: "dve", interactive: false }`, world.env);
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.hint).toMatch(/^did you mean dev\? \{ profile: "dev" \}; else /);
  });

  it('no profile named anywhere: name yours with { profile: "NAME" } (of several, none is picked to copy)', async () => {
    const error = await scriptError("{ interactive: false }", world.env);
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.message).toContain('"default" is the profile used when none is named ({ profile }, ');
    expect(error.hint).toMatch(
      /^name yours: \{ profile: "NAME" \} \(or AWS_PROFILE=NAME\), with a NAME from ssoenv profiles list; /,
    );
    // ensureSession never reads an ssoenv.toml: a script is not sent to write one.
    expect(`${error.message}\n${error.hint}`).not.toContain("ssoenv.toml");
  });

  it("a minValidity no sign-in lasts: ask for less ({ minValidity }, ...)", async () => {
    const error = await scriptError(`{ profile: "dev", minValidity: "9h", interactive: false }`, world.env);
    expect(error.code).toBe("SESSION_TOO_SHORT");
    expect(error.hint).toMatch(/^ask for less \(\{ minValidity \}\), or ask your administrator/);
    expect(error.hint).not.toContain("ssoenv.toml");
  });

  it('a profile that only signs in: or use a profile that has them: { profile: "NAME" }', async () => {
    await withLoginOnlyProfile(async () => {
      const error = await scriptError(`{ profile: "codecatalyst", interactive: false }`, world.env);
      expect(error.code).toBe("NOT_SSO_PROFILE");
      expect(error.hint).toMatch(
        /, or use a profile of sso-session corp that has them: \{ profile: "NAME" \}, with a NAME from ssoenv profiles list$/,
      );
    });
  });

  it('login: "aws-cli" with no AWS CLI: or log in with { login: "native" }', async () => {
    const error = await scriptError(`{ profile: "legacy", login: "aws-cli", interactive: true }`, {
      ...world.env,
      PATH: nodeOnly,
    });
    expect(error.code).toBe("AWS_CLI_MISSING");
    expect(error.hint).toMatch(/ — or log in with \{ login: "native" \}$/);
    expect(error.hint).not.toContain("--method");
  });
});

describe("a script that writes .env files is told of its own options, not --env-file", () => {
  it("updateEnvFile with within, a path outside it: pass { path } yourself", async () => {
    const project = await mkdtemp(join(tmpdir(), "ssoenv-within-"));
    try {
      const error = await scriptCall({
        imports: "updateEnvFile",
        call: `updateEnvFile({ path: "../outside.env", within: ${JSON.stringify(project)}, cwd: ${JSON.stringify(project)}, values: { AWS_REGION: "eu-west-1" } })`,
        env: world.env,
      });
      expect(error.code).toBe("ENV_FILE_INVALID");
      expect(error.hint).toMatch(/; pass \{ path \} yourself to write elsewhere$/);
      expect(error.hint).not.toContain("--env-file");
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("resolveProjectTargets of an ssoenv.toml naming ../outside.env: pass { path } yourself", async () => {
    const project = await mkdtemp(join(tmpdir(), "ssoenv-project-"));
    try {
      await writeFile(join(project, "ssoenv.toml"), '[[env_files]]\npath = "../outside.env"\n');
      const error = await scriptCall({
        imports: "loadProjectConfig, resolveProjectTargets",
        from: "@ssoenv/core/internal",
        call: `loadProjectConfig({ cwd: ${JSON.stringify(project)} }).then((project) => resolveProjectTargets({ project }))`,
        env: world.env,
      });
      expect(error.code).toBe("PROJECT_CONFIG_INVALID");
      expect(error.hint).toMatch(/; to write elsewhere, pass \{ path \} yourself$/);
      expect(error.hint).not.toContain("--env-file");
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});

describe("the CLI writes the same options as its flags", () => {
  it("an ssoenv.toml naming ../outside.env: to write elsewhere, pass --env-file yourself", async () => {
    const project = await mkdtemp(join(world.project, "outside-"));
    await writeFile(
      join(project, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "../outside.env"\n',
    );
    const result = await world.run(["refresh"], { cwd: project });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^hint: ssoenv.toml may only name .* to write elsewhere, pass --env-file yourself$/m,
    );
  });

  it("a typo of a profile: did you mean dev? --profile dev", async () => {
    const result = await world.run(["status", "--profile", "dve"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^hint: did you mean dev\? --profile dev; else /m);
  });

  it("no profile named anywhere: name yours with --profile NAME", async () => {
    const result = await world.run(["status"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"default" is the profile used when none is named (--profile, ');
    // The CLI reads the project's ssoenv.toml too: its ways say so.
    expect(result.stderr).toContain(
      '"default" is the profile used when none is named (--profile, ssoenv.toml\'s profile, SSOENV_PROFILE, ',
    );
    expect(result.stderr).toMatch(
      /^hint: name yours: --profile NAME \(or AWS_PROFILE=NAME, or profile = "NAME" in the project's ssoenv\.toml\), with a NAME from ssoenv profiles list; /m,
    );
  });

  it("a --min-validity no sign-in lasts: ask for less (--min-validity, ...)", async () => {
    const result = await world.run(["ensure", "--profile", "dev", "--min-validity", "9h"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^hint: ask for less \(--min-validity, SSOENV_MIN_VALIDITY or min_validity in ssoenv\.toml\), or ask /m,
    );
  });

  it("--method aws-cli with no AWS CLI: or log in with --method native", async () => {
    const result = await world.run(["login", "--profile", "stg", "--method", "aws-cli"], {
      env: { PATH: nodeOnly },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/ — or log in with --method native\n$/);
  });
});
