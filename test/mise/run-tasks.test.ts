import { existsSync } from "node:fs";
import { cp, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { seedSsoSession } from "./support/aws-home.js";
import { accountOf, countAssignments, readEnvFile } from "./support/env-files.js";
import {
  copyExampleProject,
  createBareProject,
  miseBin,
  missingForMiseTests,
  pathWithoutShims,
  repoRoot,
  writeSsoenvWrapper,
} from "./support/mise-sandbox.js";
import { useMiseWorld } from "./support/use-mise-world.js";

const missing = missingForMiseTests();
if (missing) console.warn(`skipping test/mise/run-tasks.test.ts: ${missing}`);

const AWS_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];
const S3_KEYS = ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_SESSION_TOKEN"];

describe.skipIf(missing !== undefined)("mise run aws:* with the real mise, ssoenv and the emulator", () => {
  const { emulator, sandbox } = useMiseWorld();

  /** Runs the ssoenv CLI directly (no mise), with the same environment, to compare. */
  const ssoenv = (args: string[], cwd: string) =>
    execa(join(sandbox.shimDir, "ssoenv"), args, {
      cwd,
      env: sandbox.env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
    });

  it("aws:refresh writes both apps' .env files from ssoenv.toml and keeps every other line", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await copyExampleProject(sandbox);
    const apiBefore = await readFile(join(project, "apps/api/.env"), "utf8");
    const webBefore = await readFile(join(project, "apps/web/.env"), "utf8");

    // From a subfolder: mise runs the task in the project root, where ssoenv.toml is.
    const result = await sandbox.mise(["run", "aws:refresh"], { cwd: join(project, "apps/web") });
    expect(result.exitCode, String(result.stderr)).toBe(0);

    const api = await readEnvFile(join(project, "apps/api/.env"));
    expect(api.text.startsWith(apiBefore)).toBe(true);
    for (const key of AWS_KEYS) expect(Object.keys(api.values)).toContain(key);
    expect(await accountOf({ emulator, values: api.values })).toBe("111111111111");

    const web = await readEnvFile(join(project, "apps/web/.env"));
    expect(web.text.startsWith(webBefore)).toBe(true);
    for (const key of S3_KEYS) expect(Object.keys(web.values)).toContain(key);
    expect(Object.keys(web.values)).not.toContain("AWS_ACCESS_KEY_ID");
    expect(await accountOf({ emulator, values: web.values, prefix: "S3" })).toBe("222222222222");

    // Start of the next day: the same keys are updated in place, not appended again.
    const again = await sandbox.mise(["run", "aws:refresh"], { cwd: project });
    expect(again.exitCode, String(again.stderr)).toBe(0);
    const apiAgain = await readEnvFile(join(project, "apps/api/.env"));
    expect(apiAgain.text.startsWith(apiBefore)).toBe(true);
    for (const key of AWS_KEYS) expect(countAssignments(apiAgain.text, key)).toBe(1);
  });

  it("passes --profile and -e (--env-file) through to ssoenv refresh", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await copyExampleProject(sandbox);
    const apiBefore = await readFile(join(project, "apps/api/.env"), "utf8");

    const flags = await sandbox.mise(["run", "aws:refresh", "--profile", "stg", "-e", "scratch.env"], {
      cwd: project,
    });
    expect(flags.exitCode, String(flags.stderr)).toBe(0);
    const scratch = await readEnvFile(join(project, "scratch.env"));
    expect(await accountOf({ emulator, values: scratch.values })).toBe("222222222222");
    // An explicit env file is the only target: the apps' files are left alone.
    expect(await readFile(join(project, "apps/api/.env"), "utf8")).toBe(apiBefore);

    // After --, arguments reach ssoenv as they are; the profile is ssoenv.toml's default (dev).
    const raw = await sandbox.mise(["run", "aws:refresh", "--", "-e", "other.env"], { cwd: project });
    expect(raw.exitCode, String(raw.stderr)).toBe(0);
    const other = await readEnvFile(join(project, "other.env"));
    expect(await accountOf({ emulator, values: other.values })).toBe("111111111111");
  });

  it("reads relative -e paths from the folder mise run was typed in, as the shell would", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await copyExampleProject(sandbox);
    const here = join(project, "apps/api");
    const result = await sandbox.mise(
      [
        "run",
        "aws:refresh",
        "-p",
        "stg",
        "-e",
        "short.env",
        "--env-file",
        "long.env",
        "-e",
        join(project, "absolute.env"),
        "--",
        "--env-file=equals.env",
        "-eglued.env",
      ],
      { cwd: here },
    );
    expect(result.exitCode, String(result.stderr)).toBe(0);
    for (const name of ["short.env", "long.env", "equals.env", "glued.env"]) {
      const values = (await readEnvFile(join(here, name))).values;
      expect(await accountOf({ emulator, values }), name).toBe("222222222222");
      // Not beside ssoenv.toml, where the task runs ssoenv.
      expect(existsSync(join(project, name)), name).toBe(false);
    }
    expect(existsSync(join(project, "absolute.env"))).toBe(true);
  });

  // Node 20 itself acts on `--env-file FILE` placed after the script (it loads FILE, or exits 9 when
  // FILE does not exist), unless node is started as `node -- bin.js`. This is what users type.
  it("passes the long --env-file flag through to ssoenv, with or without --", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await copyExampleProject(sandbox);

    const flag = await sandbox.mise(["run", "aws:refresh", "--env-file", "new.env"], { cwd: project });
    expect(flag.exitCode, String(flag.stderr)).toBe(0);
    expect(await accountOf({ emulator, values: (await readEnvFile(join(project, "new.env"))).values })).toBe(
      "111111111111",
    );

    const raw = await sandbox.mise(["run", "aws:refresh", "--", "--env-file", "raw.env"], { cwd: project });
    expect(raw.exitCode, String(raw.stderr)).toBe(0);
    expect(existsSync(join(project, "raw.env"))).toBe(true);
  });

  it("hands arguments after -- to ssoenv unchecked: an unknown flag gets ssoenv's usage error (exit 2)", async () => {
    const project = await createBareProject(sandbox);

    const result = await sandbox.mise(["run", "aws:refresh", "--", "--no-such-flag"], { cwd: project });
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toContain("--no-such-flag");
    expect(existsSync(join(project, ".env"))).toBe(false);
  });

  it("without ssoenv.toml, aws:refresh writes ./.env of the project root (0600), as ssoenv refresh does", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await createBareProject(sandbox);
    await mkdir(join(project, "src/deep"), { recursive: true });

    const result = await sandbox.mise(["run", "aws:refresh"], { cwd: join(project, "src/deep") });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(existsSync(join(project, "src/deep/.env"))).toBe(false);
    const dotenv = await readEnvFile(join(project, ".env"));
    for (const key of AWS_KEYS) expect(Object.keys(dotenv.values)).toContain(key);
    // The [default] profile of ~/.aws/config.
    expect(await accountOf({ emulator, values: dotenv.values })).toBe("111111111111");
    expect((await stat(join(project, ".env"))).mode & 0o777).toBe(0o600);
  });

  it("in a monorepo, a subfolder's ssoenv.toml is the one the tasks use, as ssoenv and the enter hook do", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await createBareProject(sandbox);
    const service = join(project, "services/api");
    await mkdir(join(service, "src"), { recursive: true });
    await writeFile(join(service, "ssoenv.toml"), 'profile = "stg"\n');

    const refresh = await sandbox.mise(["run", "aws:refresh"], { cwd: join(service, "src") });
    expect(refresh.exitCode, String(refresh.stderr)).toBe(0);
    // The .env beside the service's ssoenv.toml, with its profile; nothing at the repository root.
    const dotenv = await readEnvFile(join(service, ".env"));
    expect(await accountOf({ emulator, values: dotenv.values })).toBe("222222222222");
    expect(existsSync(join(project, ".env"))).toBe(false);

    const status = await sandbox.mise(["run", "aws:status", "--json"], { cwd: service });
    expect(status.exitCode, String(status.stderr)).toBe(0);
    expect(JSON.parse(String(status.stdout))).toMatchObject({ profile: "stg" });
  });

  it("tasks included from the global mise config work on the project you are in, never on ~/.env", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    // As the plugin README says for every project: the include in the global config only.
    await writeFile(
      join(sandbox.env.MISE_CONFIG_DIR as string, "config.toml"),
      `[task_config]\nincludes = [${JSON.stringify(join(repoRoot, "plugins/mise/tasks"))}]\n`,
    );
    const project = join(sandbox.root, "work/project");
    await mkdir(join(project, "src"), { recursive: true });
    await writeFile(join(project, "ssoenv.toml"), 'profile = "stg"\n');
    const scratch = join(sandbox.root, "work/scratch");
    await mkdir(scratch, { recursive: true });

    const inProject = await sandbox.mise(["run", "aws:refresh"], { cwd: join(project, "src") });
    expect(inProject.exitCode, String(inProject.stderr)).toBe(0);
    const dotenv = await readEnvFile(join(project, ".env"));
    expect(await accountOf({ emulator, values: dotenv.values })).toBe("222222222222");

    // No ssoenv.toml, no .mise.toml: ./.env where you are, as `ssoenv refresh` there.
    const elsewhere = await sandbox.mise(["run", "aws:refresh"], { cwd: scratch });
    expect(elsewhere.exitCode, String(elsewhere.stderr)).toBe(0);
    expect(existsSync(join(scratch, ".env"))).toBe(true);
    expect(existsSync(join(sandbox.home, ".env"))).toBe(false);
  });

  it("finds ssoenv in the project's node_modules/.bin when it is not on PATH", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await createBareProject(sandbox);
    await writeSsoenvWrapper(join(project, "node_modules/.bin/ssoenv"));

    const result = await sandbox.mise(["run", "aws:refresh"], {
      cwd: project,
      env: { PATH: pathWithoutShims(sandbox) },
    });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const dotenv = await readEnvFile(join(project, ".env"));
    expect(await accountOf({ emulator, values: dotenv.values })).toBe("111111111111");
  });

  it("with ssoenv off PATH, the commands it prints are ones the user can run: mise run aws:login, else its path", async () => {
    const project = await createBareProject(sandbox);
    const bin = join(project, "node_modules/.bin/ssoenv");
    await writeSsoenvWrapper(bin);
    const userEnv = { PATH: pathWithoutShims(sandbox) };

    // No sign-in, no terminal: exit 3, and the login to run is the task's (ssoenv is not on PATH).
    const refresh = await sandbox.mise(["run", "aws:refresh"], { cwd: project, env: userEnv });
    expect(refresh.exitCode).toBe(3);
    expect(String(refresh.stderr)).toContain("hint: mise run aws:login --profile default");
    expect(String(refresh.stderr)).not.toMatch(/(^|[\s(`])ssoenv login/m);
    const status = await sandbox.mise(["run", "aws:status"], { cwd: project, env: userEnv });
    expect(String(status.stderr)).toContain("run: mise run aws:login --profile default");

    // Another command in a hint: the ssoenv the task ran, by its path, which runs from the user's shell.
    await writeFile(
      join(sandbox.home, ".aws/config"),
      "[profile default]\nregion = eu-west-1\nregion = eu-west-2\n",
    );
    const broken = await sandbox.mise(["run", "aws:refresh"], { cwd: project, env: userEnv });
    expect(broken.exitCode).toBe(2);
    const hint = String(broken.stderr).match(/^hint: .*; (.+) doctor lists every such line$/m);
    expect(hint?.[1], String(broken.stderr)).toBe(bin);
    const doctor = await execa("sh", ["-c", `${hint?.[1]} doctor --json`], {
      cwd: project,
      env: { ...sandbox.env, ...userEnv },
      extendEnv: false,
      reject: false,
    });
    expect(JSON.parse(String(doctor.stdout))).toMatchObject({ ok: false });
  });

  // The user typed `mise run aws:<task>`: mise and that task are what their shell surely has. `ssoenv`
  // may be on the task's PATH only (mise's [tools], _.path), or off PATH, run by its path with the
  // task's node; a usage hint naming either may not run where they type it.
  it("a mistake in the arguments after -- gets the task's own line as its hint, wherever ssoenv was found", async () => {
    const project = await createBareProject(sandbox);
    await writeSsoenvWrapper(join(project, "node_modules/.bin/ssoenv"));
    // The user's shell: mise on PATH (a wrapper: test/node_modules/.bin/mise finds its binary from its
    // own folder, so the sandbox's shims/mise link to it does not run), with ssoenv or without.
    const miseOnly = join(sandbox.root, "mise-only");
    await mkdir(miseOnly);
    await writeFile(join(miseOnly, "mise"), `#!/bin/sh\nexec ${JSON.stringify(miseBin)} "$@"\n`, {
      mode: 0o755,
    });
    const offPath = { PATH: [miseOnly, pathWithoutShims(sandbox)].join(delimiter) };
    const onPath = { PATH: [miseOnly, sandbox.env.PATH].join(delimiter) };
    for (const userEnv of [offPath, onPath]) {
      const where = userEnv === offPath ? "ssoenv off PATH" : "ssoenv on PATH";
      const typo = await sandbox.mise(["run", "aws:refresh", "--", "--no-such-flag"], {
        cwd: project,
        env: userEnv,
      });
      expect(typo.exitCode, where).toBe(2);
      const hint = /^hint: (.*)$/m.exec(String(typo.stderr))?.[1];
      expect(hint, `${where}: ${typo.stderr}`).toBe("mise run aws:refresh -- --help");
      // That line, typed in the user's shell: ssoenv's help for refresh, through the task.
      const help = await execa("sh", ["-c", hint as string], {
        cwd: project,
        env: { ...sandbox.env, ...userEnv },
        extendEnv: false,
        reject: false,
      });
      expect(help.exitCode, `${where}: ${help.stderr}`).toBe(0);
      expect(String(help.stdout), where).toContain("Usage: ssoenv refresh");

      const word = await sandbox.mise(["run", "aws:status", "--", "stray"], { cwd: project, env: userEnv });
      expect(word.exitCode, where).toBe(2);
      expect(String(word.stderr), where).toContain(
        "hint: a profile goes after --profile: mise run aws:status -- --profile stray\n",
      );
    }
  });

  it("runs @ssoenv/cli's bin/ssoenv.cjs with node when the tasks' package has it but no .bin link", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    // The tasks as in a checkout built after `pnpm install`: node_modules/@ssoenv/cli, no .bin/ssoenv.
    const plugin = join(sandbox.root, "checkout/plugins/mise");
    await cp(join(repoRoot, "plugins/mise/tasks"), join(plugin, "tasks"), { recursive: true });
    await cp(join(repoRoot, "plugins/mise/lib"), join(plugin, "lib"), { recursive: true });
    await mkdir(join(plugin, "node_modules/@ssoenv"), { recursive: true });
    await symlink(join(repoRoot, "packages/cli"), join(plugin, "node_modules/@ssoenv/cli"), "dir");
    const project = await createBareProject(sandbox, { tasksDir: join(plugin, "tasks") });

    const result = await sandbox.mise(["run", "aws:refresh", "--env-file", "fresh.env"], {
      cwd: project,
      env: { PATH: pathWithoutShims(sandbox) },
    });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const dotenv = await readEnvFile(join(project, "fresh.env"));
    expect(await accountOf({ emulator, values: dotenv.values })).toBe("111111111111");
  });

  it("fails with ssoenv's exit code and message when the role is not assigned to the user", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await createBareProject(sandbox);
    const args = ["--profile", "nope"];

    const direct = await ssoenv(["refresh", ...args], project);
    expect(direct.exitCode).not.toBe(0);
    const message = String(direct.stderr).split("\n")[0] ?? "";
    expect(message).toMatch(/^ssoenv: /);

    const viaMise = await sandbox.mise(["run", "aws:refresh", ...args], { cwd: project });
    expect(viaMise.exitCode).toBe(direct.exitCode);
    expect(String(viaMise.stderr)).toContain(message);
    expect(existsSync(join(project, ".env"))).toBe(false);
  });

  it("exits 3 with the login command when there is no SSO session and no terminal", async () => {
    const project = await copyExampleProject(sandbox);
    const apiBefore = await readFile(join(project, "apps/api/.env"), "utf8");

    const result = await sandbox.mise(["run", "aws:refresh"], { cwd: project });
    expect(result.exitCode).toBe(3);
    expect(String(result.stderr)).toMatch(/^ssoenv: .*/m);
    expect(String(result.stderr)).toContain("login");
    expect(await readFile(join(project, "apps/api/.env"), "utf8")).toBe(apiBefore);
  });

  it("aws:login --no-browser shows the device code, logs in, and aws:refresh then needs no login", async () => {
    const project = await copyExampleProject(sandbox);

    // The emulator approves the device authorization as soon as it starts (approval: "auto").
    const login = await sandbox.mise(["run", "aws:login", "--no-browser", "--method", "native"], {
      cwd: project,
    });
    expect(login.exitCode, String(login.stderr)).toBe(0);
    expect(String(login.stdout) + String(login.stderr)).toMatch(/\b[A-Z]{4}-[A-Z]{4}\b/);

    emulator.resetStats();
    const refresh = await sandbox.mise(["run", "aws:refresh"], { cwd: project });
    expect(refresh.exitCode, String(refresh.stderr)).toBe(0);
    expect(emulator.stats().byOperation.StartDeviceAuthorization ?? 0).toBe(0);
    const api = await readEnvFile(join(project, "apps/api/.env"));
    expect(await accountOf({ emulator, values: api.values })).toBe("111111111111");
  });

  it("aws:status --json prints ssoenv's JSON for the project's profile", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await copyExampleProject(sandbox);

    const result = await sandbox.mise(["run", "aws:status", "--json"], { cwd: project });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const status: unknown = JSON.parse(String(result.stdout));
    expect(JSON.stringify(status)).toContain("111111111111");
  });

  it("aws:doctor --json exits with ssoenv doctor's code and prints its JSON", async () => {
    await seedSsoSession({ home: sandbox.home, emulator });
    const project = await copyExampleProject(sandbox);

    const direct = await ssoenv(["doctor", "--json"], project);
    const viaMise = await sandbox.mise(["run", "aws:doctor", "--json"], { cwd: project });
    expect(viaMise.exitCode).toBe(direct.exitCode);
    expect(() => JSON.parse(String(viaMise.stdout))).not.toThrow();
  });
});
