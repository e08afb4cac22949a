import { isInteractive as hasPersonToAsk } from "@ssoenv/core/internal/session/is-interactive";

/**
 * A person can answer a login here: `--no-input` was not given, stdin and stderr are terminals, and
 * `CI` is not set (core's rule, which the container entrypoint follows too). Without one, commands
 * never open a browser or wait for one: they fail fast (exit 3) with the command to run.
 */
export function isInteractive(options: { input?: boolean }): boolean {
  if (options.input === false) return false;
  return hasPersonToAsk({ env: process.env });
}
