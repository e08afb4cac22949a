/**
 * A person can answer a login here: stdin and stderr are terminals and `--no-input` was not given.
 * Without one, commands never open a browser or wait for one: they fail fast (exit 3) with the command to run.
 */
export function isInteractive(options: { input?: boolean }): boolean {
  if (options.input === false) return false;
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}
