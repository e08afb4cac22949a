import { parseDurationSetting } from "@ssoenv/core/internal/duration/parse-duration-setting";
import { drawsOnTerminal } from "./draws-on-terminal.js";

/** Without a terminal (CI logs, scripts), a line every this often while a command still waits. */
const DEFAULT_PLAIN_PROGRESS_INTERVAL_MS = 10_000;

/**
 * How often the plain progress lines come: `SSOENV_PROGRESS_INTERVAL` ("30s", "1m"; set but empty is
 * unset), else every 10 s. A CI log may want fewer lines over a 10-minute approval, or one sooner
 * where a runner stops a job that has been silent.
 *
 * Read when a command starts (createSessionFeedback, showProgress, startPlainProgress), not when the
 * first line is due: a bad value stops the command before it asks AWS anything, not halfway.
 *
 * @throws SsoenvError `INVALID_ARGUMENT` naming the variable when the value is not a positive duration.
 */
export function plainProgressIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.SSOENV_PROGRESS_INTERVAL;
  if (value === undefined || value.trim() === "") return DEFAULT_PLAIN_PROGRESS_INTERVAL_MS;
  return parseDurationSetting({
    value,
    setting: "SSOENV_PROGRESS_INTERVAL",
    hint: 'set SSOENV_PROGRESS_INTERVAL to e.g. "30s" or "1m", or unset it for a line every 10 s',
  });
}

/**
 * Where nothing is drawn in place (no terminal on stderr, or a CI job: see drawsOnTerminal), a plain
 * line every `intervalMs` saying what the command waits for and since when ("getting credentials for
 * dev, 10 s"), as terraform's 'Still creating... [10s elapsed]': a log shows it is alive. Nothing for a
 * command done sooner, nothing in a terminal (which has its spinner or redrawn line).
 *
 * @returns stop: no line after it.
 */
export function startPlainProgress(
  describe: () => string,
  intervalMs: number = plainProgressIntervalMs(),
): () => void {
  if (drawsOnTerminal()) return () => {};
  const startedAt = performance.now();
  const timer = setInterval(() => {
    const seconds = Math.round((performance.now() - startedAt) / 1000);
    process.stderr.write(`${describe()}, ${seconds} s\n`);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
