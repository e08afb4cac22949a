import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "dotenv";
import { CLI_BIN, type CliWorld } from "../../cli/support/cli-world.js";
import { collectOutput } from "../../cli/support/collect-output.js";

/** The repository's test/ folder: child scripts resolve the AWS SDK packages from here. */
export const TEST_DIR = join(CLI_BIN, "../../../../test");

/** A running `ssoenv serve` started from the built binary. */
export interface ServeProcess {
  child: ChildProcess;
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN, read from its --env-file. */
  uri: string;
  token: string;
  port: number;
  /** Its stderr so far (its log). */
  log(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `ssoenv serve --env-file <project>/<envFile> ...args` without a terminal and waits for its
 * "serving" log line; the endpoint and token are read back from the .env file it wrote. When it
 * exits instead, throws with its stderr.
 */
export async function startServe(
  world: Pick<CliWorld, "project" | "env">,
  args: string[],
  options: { envFile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ServeProcess> {
  const envFile = join(world.project, options.envFile ?? ".env");
  const child = spawn(process.execPath, ["--", CLI_BIN, "serve", "--env-file", envFile, ...args], {
    cwd: world.project,
    env: { ...world.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();
  // On "close", not "exit": its stderr may still be arriving at "exit", and tests read log() after it.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  const ready = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (stderr.includes("ssoenv serve: serving ")) {
          child.stderr?.off("data", check);
          resolve(true);
        }
      };
      child.stderr?.on("data", check);
      check();
    }),
  ]);
  if (!ready) throw new Error(`ssoenv serve did not start: ${stderr}`);
  const values = parse(await readFile(envFile, "utf8"));
  const uri = values.AWS_CONTAINER_CREDENTIALS_FULL_URI as string;
  const token = values.AWS_CONTAINER_AUTHORIZATION_TOKEN as string;
  return { child, uri, token, port: Number(new URL(uri).port), log: () => stderr, exited };
}

/** Result of a child process run to its end. */
export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end without blocking the event loop (the emulator serves from this process). */
export function runProgram(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number },
): Promise<RunResult> {
  const child = spawn(file, args, {
    env: options.env,
    cwd: options.cwd ?? TEST_DIR,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: options.timeoutMs ?? 60_000,
  });
  return collectOutput(child);
}

/**
 * A clean environment for an SDK or CLI child: no AWS settings but the endpoint, the token and the
 * emulator's STS endpoint; HOME and AWS_CONFIG_FILE point where there is no profile to fall back on.
 */
export function endpointOnlyEnv(
  world: CliWorld,
  serve: Pick<ServeProcess, "uri" | "token">,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: join(world.home, "..", "empty-home"),
    AWS_CONFIG_FILE: join(world.home, "..", "no-such-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(world.home, "..", "no-such-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_CONTAINER_CREDENTIALS_FULL_URI: serve.uri,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: serve.token,
    AWS_ENDPOINT_URL_STS: world.emulator.url,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    ...extra,
  };
}
