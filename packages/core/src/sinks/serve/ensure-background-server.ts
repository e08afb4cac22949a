import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import lockfile from "proper-lockfile";
import {
  configFilePath,
  credentialsFilePath,
  defaultConfigFilePath,
  defaultCredentialsFilePath,
  WORKING_FOLDER_ENV,
} from "../../config/aws-paths.js";
import { SsoenvError } from "../../errors.js";
import { writeFileAtomic } from "../../fs/write-file-atomic.js";
import { probeServer, stopServer } from "./probe-server.js";
import { serverStateDir } from "./server-state.js";
import { SERVE_HOST } from "./start-credentials-server.js";

/** The environment variable that hands a background server its token (argv would show it in `ps`). */
export const SERVE_TOKEN_ENV = "SSOENV_SERVE_TOKEN";

/** What `.env` files need to reach the background server. */
export interface BackgroundServer {
  url: string;
  port: number;
  token: string;
  profiles: string[];
  pid: number;
  /** True when this call started (or restarted) it. */
  started: boolean;
}

interface BackgroundRecord {
  port: number;
  token: string;
  profiles: string[];
}

/**
 * Makes sure the user's background `ssoenv serve` runs and serves `profiles`: found again through
 * `~/.aws/ssoenv/serve/background.json` (0600; it outlives the process, so a server that died comes
 * back on the same port), started detached when it is not running, restarted with the union of
 * profiles when one is missing. The token lives as long as the server: kept across that restart (the
 * clients using it keep working), new when the server had stopped or died (callers rewrite the files
 * that hold it). When another program holds the recorded port, the server starts on a new port with a
 * new token: the old one has been sent to that program.
 *
 * One call at a time per user (a lock next to background.json), so that refreshes run at once start
 * one server.
 *
 * A profile name means what the AWS config and credentials files say: under another AWS_CONFIG_FILE or
 * AWS_SHARED_CREDENTIALS_FILE (a project's own, say) "dev" may be another account. Each pair of files
 * has its own background server (`background-<hash>.json` and `.log`; the default pair keeps
 * `background.json`), started with both paths absolute, so it reads those files wherever it runs.
 *
 * @param options.command how to run the ssoenv CLI, e.g. `[process.execPath, "/path/to/bin.js"]`.
 * @throws SsoenvError `SERVER_START_FAILED` with the server's last log line; `LOCK_TIMEOUT`.
 */
export async function ensureBackgroundServer(options: {
  profiles: readonly string[];
  command: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** @default 10_000 */
  startTimeoutMs?: number;
  /**
   * Aborted (Ctrl-C): a server still starting is stopped, and the abort's reason thrown. Its start can
   * take seconds; the caller's cancel ends sooner than that.
   */
  signal?: AbortSignal;
}): Promise<BackgroundServer> {
  const given = options.env ?? process.env;
  // Absolute: the server runs in its state folder, where a relative path would name another file. The
  // CA bundle's path, AWS_CA_BUNDLE's or a profile's ca_bundle, it reads from this folder, as the AWS
  // CLI run here would (fromWorkingFolder).
  const env = {
    ...given,
    AWS_CONFIG_FILE: configFilePath(given),
    AWS_SHARED_CREDENTIALS_FILE: credentialsFilePath(given),
    [WORKING_FOLDER_ENV]: process.cwd(),
  };
  const dir = serverStateDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const recordPath = join(dir, `${backgroundName(env)}.json`);
  // One refresh at a time: several at once (a hook in each shell) each started a server, and all but
  // the one recorded last ran on, found by none.
  const release = await lockBackgroundRecord(recordPath);
  try {
    return await ensureLocked({ ...options, env, dir, recordPath });
  } finally {
    await release().catch(() => {
      // Already released or taken over (stale): nothing left to undo.
    });
  }
}

async function ensureLocked(options: {
  profiles: readonly string[];
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  dir: string;
  recordPath: string;
  startTimeoutMs?: number;
  signal?: AbortSignal;
}): Promise<BackgroundServer> {
  const { env, dir, recordPath } = options;
  const record = await readRecord(recordPath);
  let profiles = [...new Set(options.profiles)];
  // Whether the recorded server answered with its token: only then is the token kept.
  let running = false;
  if (record) {
    const url = `http://${SERVE_HOST}:${record.port}`;
    const status = await probeServer({ url, token: record.token });
    if (status && profiles.every((p) => status.profiles.includes(p))) {
      return {
        url,
        port: record.port,
        token: record.token,
        profiles: status.profiles,
        pid: status.pid,
        started: false,
      };
    }
    profiles = [...new Set([...(status?.profiles ?? record.profiles), ...profiles])];
    if (status) {
      running = true;
      await stopServer({
        pid: status.pid,
        port: record.port,
        url,
        token: record.token,
        profiles: status.profiles,
        background: true,
        startedAt: status.startedAt,
      });
    }
  }
  // The same port as before when it is free (files point at it). The token lives as long as the
  // server, as aws-vault's does: kept when ssoenv restarts a running one (to add a profile; the
  // containers using it keep running), new when the server had stopped (died, --stop, a reboot), so
  // a token that leaked once does not work again with every start; refresh rewrites the files.
  // A port another program holds has been sent the token (by the probe above, and by every SDK
  // client meanwhile): a new port always gets a new token. Likewise after a failed start, whose wait
  // sent the token to whatever held the port.
  const keepPort = record !== undefined && (await isPortFree(record.port));
  let token = keepPort && running ? record.token : newToken();
  const ports = keepPort ? [async () => record.port, freePort, freePort] : [freePort, freePort];
  let lastError: SsoenvError | undefined;
  for (const nextPort of ports) {
    if (lastError) token = newToken();
    const port = await nextPort();
    await writeFileAtomic(recordPath, `${JSON.stringify({ port, token, profiles }, null, 2)}\n`, {
      mode: 0o600,
    });
    const started = await spawnServer({
      ...options,
      env,
      port,
      token,
      profiles,
      logPath: recordPath.replace(/\.json$/, ".log"),
      cwd: dir,
    });
    if ("pid" in started) {
      return { url: `http://${SERVE_HOST}:${port}`, port, token, profiles, pid: started.pid, started: true };
    }
    // Only a server that exited (its port taken meanwhile, say) is worth another port: one that did
    // not answer in time would be as slow there.
    if (!started.exited) throw started.error;
    lastError = started.error;
  }
  throw lastError as SsoenvError;
}

async function spawnServer(options: {
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  port: number;
  token: string;
  profiles: string[];
  logPath: string;
  cwd: string;
  startTimeoutMs?: number;
  signal?: AbortSignal;
}): Promise<{ pid: number } | { error: SsoenvError; exited: boolean }> {
  const [file, ...args] = options.command as [string, ...string[]];
  const log = openSync(options.logPath, "a", 0o600);
  let exited = false;
  let pid: number | undefined;
  try {
    const child = spawn(
      file,
      [
        ...args,
        "serve",
        "--detached",
        "--port",
        String(options.port),
        ...options.profiles.flatMap((profile) => ["--profile", profile]),
      ],
      {
        detached: true,
        // Not the project folder: a long-lived process should not keep it busy.
        cwd: options.cwd,
        stdio: ["ignore", log, log],
        env: { ...options.env, [SERVE_TOKEN_ENV]: options.token },
      },
    );
    child.once("exit", () => {
      exited = true;
    });
    child.once("error", () => {
      exited = true;
    });
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(log);
  }
  const url = `http://${SERVE_HOST}:${options.port}`;
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  // Still starting (a loaded machine) or stuck when the wait ends: stopped, or it would serve later on
  // a port and with a token no record names, beside whatever is started next.
  const stopStarting = () => {
    try {
      if (!exited && pid !== undefined) process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  };
  while (!exited && Date.now() < deadline) {
    if (options.signal?.aborted) {
      stopStarting();
      throw options.signal.reason;
    }
    const status = await probeServer({ url, token: options.token }, { timeoutMs: 500 });
    if (status?.pid === pid) return { pid: pid as number };
    await sleep(50);
  }
  const hint = `see ${options.logPath}; or run ssoenv serve in a terminal to see why`;
  if (!exited && pid !== undefined) {
    stopStarting();
    return {
      exited: false,
      error: new SsoenvError(
        "SERVER_START_FAILED",
        `the background ssoenv serve did not answer on port ${options.port} within ${timeoutMs / 1000} s; it was stopped`,
        { hint },
      ),
    };
  }
  const lastLine = lastLogLine(options.logPath);
  return {
    exited: true,
    error: new SsoenvError(
      "SERVER_START_FAILED",
      `the background ssoenv serve did not start on port ${options.port}${lastLine ? `: ${lastLine}` : ""}`,
      { hint },
    ),
  };
}

/**
 * `background` for the default config and credentials files, else `background-<hash of both paths>`:
 * one background server per pair of AWS files (see ensureBackgroundServer).
 */
function backgroundName(env: NodeJS.ProcessEnv): string {
  const config = env.AWS_CONFIG_FILE as string;
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE as string;
  if (config === defaultConfigFilePath(env) && credentials === defaultCredentialsFilePath(env))
    return "background";
  return `background-${createHash("sha256").update(`${config}\n${credentials}`).digest("hex").slice(0, 16)}`;
}

/** The server's last error line from its log (without the hint line after it). */
function lastLogLine(path: string): string | undefined {
  try {
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    return lines.findLast((line) => !line.startsWith("hint: ")) ?? lines.at(-1);
  } catch {
    return undefined;
  }
}

async function readRecord(path: string): Promise<BackgroundRecord | undefined> {
  try {
    const raw = JSON.parse(await readFile(path, "utf8")) as Partial<BackgroundRecord>;
    if (typeof raw.port !== "number" || typeof raw.token !== "string" || !Array.isArray(raw.profiles))
      return undefined;
    return { port: raw.port, token: raw.token, profiles: raw.profiles.filter((p) => typeof p === "string") };
  } catch {
    return undefined;
  }
}

/** Starting a server takes up to 10 s a port, three ports at worst: wait longer than that. */
const LOCK_WAIT_MS = 60_000;

async function lockBackgroundRecord(recordPath: string): Promise<() => Promise<void>> {
  const lockPath = recordPath.replace(/\.json$/, ".lock");
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await lockfile.lock(recordPath, {
        lockfilePath: lockPath,
        realpath: false,
        stale: 10_000,
        update: 2_000,
        retries: 0,
        // The default throws from a timer (an uncaught exception); the lock only orders starts.
        onCompromised: () => {},
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (Date.now() > deadline) {
        throw new SsoenvError("LOCK_TIMEOUT", `Another ssoenv has held ${lockPath} for too long`, {
          hint: `if no ssoenv refresh is running, remove ${lockPath}`,
          cause: error,
        });
      }
      await sleep(50);
    }
  }
}

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** True when nothing listens on the port on 127.0.0.1 right now (nothing is sent to it). */
function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, SERVE_HOST, () => server.close(() => resolve(true)));
  });
}

/** A port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, SERVE_HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
