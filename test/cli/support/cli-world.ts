import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSsoToken } from "@ssoenv/core";
import { type Emulator, type EmulatorOptions, startEmulator } from "@ssoenv/emulator";
import { collectOutput } from "./collect-output.js";

/** The built binary: end-to-end tests run what users run (`pnpm test` builds first). */
export const CLI_BIN = fileURLToPath(new URL("../../../packages/cli/bin/ssoenv.cjs", import.meta.url));
/**
 * `ssoenv` as a shell command line runs it (`script -qec "${CLI_COMMAND} login"`): this test run's
 * Node.js, not whichever `node` is first on PATH.
 */
export const CLI_COMMAND = [process.execPath, "--", CLI_BIN].map(shQuote).join(" ");

/** POSIX single quotes: nothing is special inside but the quote itself. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Result of one CLI run. */
export interface CliResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A temporary HOME with ~/.aws/config pointing at a running emulator, and a way to run `ssoenv` in it. */
export interface CliWorld {
  emulator: Emulator;
  home: string;
  /** A project folder inside the temp dir (cwd of runs by default). */
  project: string;
  configPath: string;
  /** Environment for the child: emulator endpoints, HOME, AWS_CONFIG_FILE, no inherited AWS_*. */
  env: NodeJS.ProcessEnv;
  run(
    args: string[],
    options?: {
      cwd?: string;
      env?: NodeJS.ProcessEnv;
      input?: string;
      /** Called with the child once it runs: to signal it mid-way (`child.kill("SIGINT")`). */
      onSpawn?: (child: ChildProcess) => void;
    },
  ): Promise<CliResult>;
  /**
   * Logs a sign-in in by writing a token the emulator issued (as `aws sso login` would): the `corp`
   * sso-session's, another sso-session's (`ssoSession`), or with `legacy` the legacy profile's (its
   * start URL, no sso-session).
   */
  logIn(options?: { expiresInMs?: number; ssoSession?: string; legacy?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** Profiles of the test config: dev (sso-session, region), stg (sso-session), legacy (old form), static. */
export function awsConfig(emulator: Emulator): string {
  return [
    "[sso-session corp]",
    `sso_start_url = ${emulator.startUrl}`,
    `sso_region = ${emulator.region}`,
    "sso_registration_scopes = sso:account:access",
    "",
    "[profile dev]",
    "sso_session = corp",
    "sso_account_id = 111111111111",
    "sso_role_name = AdministratorAccess",
    "region = eu-west-1",
    "",
    "[profile stg]",
    "sso_session = corp",
    "sso_account_id = 222222222222",
    "sso_role_name = ReadOnly",
    "",
    "[profile legacy]",
    `sso_start_url = ${emulator.startUrl}`,
    `sso_region = ${emulator.region}`,
    "sso_account_id = 111111111111",
    "sso_role_name = ReadOnly",
    "",
  ].join("\n");
}

export async function startCliWorld(options: EmulatorOptions = {}): Promise<CliWorld> {
  const emulator = await startEmulator(options);
  const root = await mkdtemp(join(tmpdir(), "ssoenv-cli-"));
  const home = join(root, "home");
  const project = join(root, "project");
  await mkdir(join(home, ".aws"), { recursive: true });
  await mkdir(project);
  const configPath = join(home, ".aws", "config");
  await writeFile(configPath, awsConfig(emulator));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: configPath,
    AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
    NO_COLOR: "1",
    // The test's time zone: a time the CLI prints in local time is the one the test computes.
    ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
    // Tests use the built-in device flow (the emulator approves it at once); the AWS CLI path has its own tests.
    ...emulator.sdkEnv(),
  };
  const children = new Set<ReturnType<typeof spawn>>();
  return {
    emulator,
    home,
    project,
    configPath,
    env,
    run(args, runOptions = {}) {
      const child = spawn(process.execPath, ["--", CLI_BIN, ...args], {
        cwd: runOptions.cwd ?? project,
        env: { ...env, ...runOptions.env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      children.add(child);
      const output = collectOutput(child).finally(() => children.delete(child));
      child.stdin.end(runOptions.input ?? "");
      runOptions.onSpawn?.(child);
      return output;
    },
    async logIn({ ssoSession = "corp", legacy = false, ...loginOptions } = {}) {
      const issued = emulator.issueToken(loginOptions);
      await writeSsoToken({
        profile: legacy ? { startUrl: emulator.startUrl } : { ssoSession, startUrl: emulator.startUrl },
        env,
        token: { startUrl: emulator.startUrl, region: emulator.region, ...issued },
      });
    },
    async stop() {
      for (const child of children) child.kill("SIGKILL");
      await emulator.stop();
      // Retries: a process the CLI started and did not wait for (a browser) may still write here.
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
