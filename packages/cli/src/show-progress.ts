import yoctoSpinner from "yocto-spinner";
import { drawsOnTerminal } from "./draws-on-terminal.js";
import { startPlainProgress } from "./plain-progress.js";

/**
 * Says what a command waits for while it waits, on stderr: a spinner where progress may be drawn (see
 * drawsOnTerminal), else a plain line every PLAIN_PROGRESS_INTERVAL_MS once the wait is that long.
 * For a command without its own cancel (cancelOnSignal): the spinner's Ctrl-C shows the cursor again.
 *
 * @returns stop: the spinner's line is cleared, nothing more is written.
 * @example const stop = showProgress("Running the checks"); try { await work(); } finally { stop(); }
 */
export function showProgress(text: string): () => void {
  if (!drawsOnTerminal()) return startPlainProgress(() => text);
  const spinner = yoctoSpinner({ text, stream: process.stderr }).start();
  return () => spinner.stop();
}
