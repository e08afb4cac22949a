import { SsoenvError } from "@ssoenv/core/internal/errors";

/** What ends a command the way Ctrl-C does: `docker stop`, a CI job's timeout, `kill`, a closed terminal. */
const CANCELLING_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * An AbortSignal that Ctrl-C (SIGINT), SIGTERM or SIGHUP aborts, for the duration of one command, and
 * `dispose` to stop listening. The abort reason is a `CANCELLED` SsoenvError naming the signal
 * ("cancelled (Ctrl-C)", "cancelled (SIGTERM)") with the signal on it: core and the AWS SDK throw the
 * signal's reason as it is, so what reaches the user is that line and exit 128 + the signal's number
 * (130, 143, 129), not an unexpected error with a stack, nor a silent death by the signal.
 */
export function cancelOnSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const dispose = () => {
    for (const signal of CANCELLING_SIGNALS) process.off(signal, cancel);
  };
  const cancel = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(cancelledBy(signal));
      return;
    }
    // A second one while the cancel is still under way (a child slow to stop): no more waiting. Sent
    // again with this listener gone, it ends the process as it would have without one.
    dispose();
    process.kill(process.pid, signal);
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
