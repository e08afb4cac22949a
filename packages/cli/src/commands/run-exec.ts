import { spawn } from "node:child_process";
import { constants } from "node:os";
import { childEnv } from "@ssoenv/core/internal/credentials/credential-env";
import { cancelOnSignal } from "../cancel-on-signal.js";
import { cannotRun } from "../cannot-run.js";
import type { SessionCommandOptions } from "../common-options.js";
import { noteDefaultRegion } from "../default-region-note.js";
import { ensureSessionFor } from "../ensure-session-for.js";
import { formatLocalTime } from "../format-time.js";
import { parentEnv } from "../own-env.js";
import { printWarning } from "../ui.js";

const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What `ssoenv exec` does (its declaration, with options and help: exec.ts). */
export async function runExec(argv: string[], options: SessionCommandOptions): Promise<void> {
  // From the start until the command starts, a signal cancels exec ("cancelled (SIGTERM)", exit 143,
  // the command not started), not only during the session check. Then run() forwards them.
  const cancellation = cancelOnSignal();
  try {
    const session = await ensureSessionFor({ ...options, signal: cancellation.signal });
    const [file, ...args] = argv as [string, ...string[]];
    // The parent's environment (not ssoenv's own settings), without AWS_PROFILE / AWS_DEFAULT_PROFILE:
    // the JS SDK would prefer a named profile to these credentials, boto3 AWS_DEFAULT_PROFILE.
    const env = parentEnv();
    await noteDefaultRegion({ env, session, takes: "the command takes" });
    const exitCode = await run(file, args, childEnv({ env, session }), cancellation);
    // Its keys last the role's session (1 h by default): a longer command fails with its own
    // "ExpiredToken", which does not say why nor what to use instead.
    const expiration = session.credentials.expiration;
    if (exitCode !== 0 && expiration.getTime() <= Date.now()) {
      printWarning(
        `the command ran past its credentials (profile ${session.profile}'s, expired at ${formatLocalTime(expiration)}): a command that runs longer than the role's session needs ssoenv serve's endpoint (ssoenv serve --help)`,
      );
    }
    process.exitCode = exitCode;
  } finally {
    cancellation.dispose();
  }
}

/**
 * Runs the child, forwards signals, resolves with its exit code (128 + signal number when killed).
 * `cancellation` (what cancelled exec so far) hands over to the forwarding in the same tick, so no
 * signal finds neither; one it already caught means the child never starts.
 */
function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cancellation: { signal: AbortSignal; dispose: () => void },
): Promise<number> {
  return new Promise((resolve, reject) => {
    let child: ReturnType<typeof spawn> | undefined;
    const forward = (signal: NodeJS.Signals) => {
      // Ctrl-C in a terminal already reached the child (same process group); sending it again would be
      // a second Ctrl-C, which makes tools like terraform abort at once. Forward it only without a TTY.
      if (signal === "SIGINT" && process.stdin.isTTY) return;
      child?.kill(signal);
    };
    const cleanup = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    // Listen before the child starts: it may run (and be signalled) before spawn returns, and a signal
    // with no listener yet would end ssoenv by default and leave the child running on its own.
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    cancellation.dispose();
    if (cancellation.signal.aborted) {
      cleanup();
      reject(cancellation.signal.reason);
      return;
    }
    child = spawn(file, args, { stdio: "inherit", env });
    child.once("error", (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(cannotRun(file, error, env));
    });
    child.once("exit", (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
