import yoctoSpinner from "yocto-spinner";
import { drawsOnTerminal } from "./draws-on-terminal.js";
import { plainProgressIntervalMs, startPlainProgress } from "./plain-progress.js";

/**
 * Says what a command waits for while it waits, on stderr: a spinner where progress may be drawn (see
 * drawsOnTerminal), else a plain line every SSOENV_PROGRESS_INTERVAL (10 s) once the wait is that long.
 * `cancelsOnSignal`: the command cancels itself on SIGINT, SIGTERM and SIGHUP (cancelOnSignal) and
 * shows the cursor again when it stops this; else the spinner's own handlers do, and exit.
 *
 * @returns stop: the spinner's line is cleared, nothing more is written.
 * @example const stop = showProgress("Running the checks"); try { await work(); } finally { stop(); }
 */
export function showProgress(
  text: string,
  options: {
    cancelsOnSignal?: boolean;
    /** How often the plain lines come. @default plainProgressIntervalMs() */
    intervalMs?: number;
  } = {},
): () => void {
  // Read on a terminal too: a bad SSOENV_PROGRESS_INTERVAL is refused wherever the command runs.
  const intervalMs = options.intervalMs ?? plainProgressIntervalMs();
  if (!drawsOnTerminal()) return startPlainProgress(() => text, intervalMs);
  const spinner = yoctoSpinner({
    text,
    stream: process.stderr,
    handleSignals: !options.cancelsOnSignal,
  }).start();
  return () => spinner.stop();
}
