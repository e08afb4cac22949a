import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { ssoenvStateDir } from "../../config/aws-paths.js";
import { writeFileAtomic } from "../../fs/write-file-atomic.js";

/** What a running `ssoenv serve` records so that `--status`, `--stop` and `refresh` find it again. */
export interface ServerState {
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The bearer token: the file is 0600, in a 0700 folder. */
  token: string;
  profiles: string[];
  /**
   * The AWS config file it reads its profiles from (absolute): a profile name means what that file
   * says. Absent in records of servers started before it was recorded.
   */
  configFile?: string;
  /**
   * The .env files it pointed at its endpoint (absolute), so that the command restarting it can name
   * them. Absent in records of servers started before it was recorded.
   */
  envFiles?: string[];
  /** Started in the background by `ssoenv refresh` (one per user), rather than in a terminal. */
  background: boolean;
  startedAt: string;
}

/** `~/.aws/ssoenv/serve`: one `<port>.json` per running server (and the background server's log). */
export function serverStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(ssoenvStateDir(env), "serve");
}

/** Records a running server: `~/.aws/ssoenv/serve/<port>.json`, 0600. */
export async function writeServerState(options: {
  state: ServerState;
  env?: NodeJS.ProcessEnv;
}): Promise<void> {
  const dir = serverStateDir(options.env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(
    join(dir, `${options.state.port}.json`),
    `${JSON.stringify(options.state, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
}

/** Removes a server's record, only if it is still this process's (a restarted server may own the port now). */
export async function removeServerState(options: {
  port: number;
  pid: number;
  env?: NodeJS.ProcessEnv;
}): Promise<void> {
  const path = join(serverStateDir(options.env), `${options.port}.json`);
  const state = await readState(path);
  if (state && state.pid !== options.pid) return;
  await unlink(path).catch(() => {});
}

/**
 * Every recorded server that still runs. Stale records are removed on the way: a server killed with
 * -9 leaves one, whose pid may still exist — not yet reaped by its parent, or, after a reboot, another
 * program's. A server writes its record once it listens and removes it once closed, so a record whose
 * port takes no connection is stale whatever its pid.
 */
export async function listServerStates(options: { env?: NodeJS.ProcessEnv } = {}): Promise<ServerState[]> {
  const dir = serverStateDir(options.env);
  const names = await readdir(dir).catch(() => [] as string[]);
  const states: ServerState[] = [];
  for (const name of names.filter((n) => /^\d+\.json$/.test(n)).sort()) {
    const path = join(dir, name);
    const state = await readState(path);
    if (state && isAlive(state.pid) && (await isListening(state.url))) states.push(state);
    else await unlink(path).catch(() => {});
  }
  return states;
}

/**
 * True when a process with this id runs: it exists (signal 0 checks without sending anything) and has
 * not already exited. A server that exited stays a zombie, its pid taken, until its parent waits for
 * it: a background server's parent is PID 1, which in a container without an init never does.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** Linux's state Z in /proc/<pid>/stat; false where there is no /proc to tell. */
function isZombie(pid: number): boolean {
  try {
    // "<pid> (<command>) <state> ...": the command may hold spaces and ")", the state follows the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/**
 * False only when the server's address refuses a connection (nothing listens there); a slow or odd
 * answer counts as listening: only a sure absence makes a record stale. Nothing is sent.
 */
function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), timeout: 1_000 });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(true));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code !== "ECONNREFUSED"));
  });
}

async function readState(path: string): Promise<ServerState | undefined> {
  try {
    const raw = JSON.parse(await readFile(path, "utf8")) as Partial<ServerState>;
    if (
      typeof raw.pid !== "number" ||
      typeof raw.port !== "number" ||
      typeof raw.url !== "string" ||
      typeof raw.token !== "string" ||
      !Array.isArray(raw.profiles)
    ) {
      return undefined;
    }
    return {
      pid: raw.pid,
      port: raw.port,
      url: raw.url,
      token: raw.token,
      profiles: raw.profiles.filter((p): p is string => typeof p === "string"),
      ...(typeof raw.configFile === "string" ? { configFile: raw.configFile } : {}),
      ...(Array.isArray(raw.envFiles)
        ? { envFiles: raw.envFiles.filter((f): f is string => typeof f === "string") }
        : {}),
      background: raw.background === true,
      startedAt: typeof raw.startedAt === "string" ? raw.startedAt : "",
    };
  } catch {
    return undefined;
  }
}
