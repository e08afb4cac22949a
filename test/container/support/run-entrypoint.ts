import { execa, type ResultPromise } from "execa";
import { ENTRYPOINT } from "./sso-home.js";

const RUN_OPTIONS = { extendEnv: false, stdin: "ignore", reject: false, all: true } as const;

/** A running entrypoint: a promise of its result, with `pid` and `kill()`. */
export type EntrypointRun = ResultPromise<
  typeof RUN_OPTIONS & { env: Record<string, string>; timeout: number }
>;

/** How a test runs ssoenv-entrypoint: like a container would, without a terminal unless `pty`. */
export interface RunEntrypointOptions {
  /** The shell that interprets the entrypoint (sh, dash, "busybox sh", bash). @default "sh" */
  shell?: string;
  /** The container's CMD. */
  command: string[];
  /** The whole environment (nothing is inherited). */
  env: Record<string, string>;
  cwd?: string;
  /** Gives the entrypoint a pseudo-terminal (util-linux `script`), as `docker run -it` does. */
  pty?: boolean;
  /** Runs the entrypoint through this command first (e.g. a mount namespace wrapper, ending in `exec "$@"`). */
  prefix?: string[];
  /** Ends a hung run: a test that needs this much failed anyway. @default 90000 */
  timeoutMs?: number;
  /** Another copy of the script (one held at a given moment). @default the plugin's ssoenv-entrypoint */
  entrypoint?: string;
}

/** Starts ssoenv-entrypoint as a process; the result never rejects (exit codes are asserted). */
export function runEntrypoint(options: RunEntrypointOptions): EntrypointRun {
  const shellArgv = (options.shell ?? "sh").split(" ");
  const argv = [
    ...(options.prefix ?? []),
    ...shellArgv,
    options.entrypoint ?? ENTRYPOINT,
    ...options.command,
  ];
  const [file, ...args] = options.pty
    ? ["script", "-qefc", argv.map(shellQuote).join(" "), "/dev/null"]
    : argv;
  return execa(file as string, args, {
    ...RUN_OPTIONS,
    env: options.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    timeout: options.timeoutMs ?? 90_000,
  });
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
