import { SsoenvError } from "@ssoenv/core/internal/errors";

/** What ends a command the way Ctrl-C does: `docker stop`, a CI job's timeout, `kill`, a closed terminal. */
const CANCELLING_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** How long a cancelled command has to end (let go of its signals) before ssoenv stops waiting for it. */
const CANCEL_GRACE_MS = 2_000;

/**
 * An AbortSignal that Ctrl-C (SIGINT), SIGTERM or SIGHUP aborts, for the duration of one command, and
 * `dispose` to stop listening. The abort reason is a `CANCELLED` SsoenvError naming the signal
 * ("cancelled (Ctrl-C)", "cancelled (SIGTERM)") with the signal on it: core and the AWS SDK throw the
 * signal's reason as it is, so what reaches the user is that line and exit 128 + the signal's number
 * (130, 143, 129), not an unexpected error with a stack, nor a silent death by the signal.
 */
export function cancelOnSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let stuck: NodeJS.Timeout | undefined;
  const dispose = () => {
    clearTimeout(stuck);
    for (const signal of CANCELLING_SIGNALS) process.off(signal, cancel);
  };
  // Sent again with this listener gone, the signal ends the process as it would have without one.
  const endBy = (signal: NodeJS.Signals) => {
    dispose();
    process.kill(process.pid, signal);
  };
  const cancel = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(cancelledBy(signal));
      // What no AbortSignal reaches holds the command forever: a read of a FIFO no one writes to waits
      // in libuv's thread pool, which even process.exit() waits for. Past the grace, say what the
      // command would have said and end as the signal does.
      stuck = setTimeout(() => {
        process.stderr.write(`ssoenv: ${cancelledBy(signal).message}\n`);
        endBy(signal);
      }, CANCEL_GRACE_MS);
      stuck.unref();
      return;
    }
    // A second one while the cancel is still under way (a child slow to stop): no more waiting.
    endBy(signal);
  };
  // `on`, not `once`: a `once` listener is gone by the time the listeners added after it run, and
  // signal-exit's (execa's and proper-lockfile's cleanup), seeing no other, re-sends the signal, which
  // ends the process before it can say anything (seen with `aws sso login` running).
  for (const signal of CANCELLING_SIGNALS) process.on(signal, cancel);
  return { signal: controller.signal, dispose };
}

function cancelledBy(signal: NodeJS.Signals): SsoenvError {
  return new SsoenvError("CANCELLED", `cancelled (${signal === "SIGINT" ? "Ctrl-C" : signal})`, { signal });
}
