import { drawsOnTerminal } from "./draws-on-terminal.js";

/** Without a terminal (CI logs, scripts), a line every this often while a command still waits. */
export const PLAIN_PROGRESS_INTERVAL_MS = 10_000;

/**
 * Where nothing is drawn in place (no terminal on stderr, or a CI job: see drawsOnTerminal), a plain
 * line every PLAIN_PROGRESS_INTERVAL_MS saying what the command waits for and since when ("getting
 * credentials for dev, 10 s"), as terraform's 'Still creating... [10s elapsed]': a log shows it is
 * alive. Nothing for a command done sooner, nothing in a terminal (which has its spinner or redrawn line).
 *
 * @returns stop: no line after it.
 */
export function startPlainProgress(describe: () => string): () => void {
  if (drawsOnTerminal()) return () => {};
  const startedAt = performance.now();
  const timer = setInterval(() => {
    const seconds = Math.round((performance.now() - startedAt) / 1000);
    process.stderr.write(`${describe()}, ${seconds} s\n`);
  }, PLAIN_PROGRESS_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
