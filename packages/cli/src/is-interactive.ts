import { isInteractive as hasPersonToAsk } from "@ssoenv/core/internal/session/is-interactive";

/**
 * A person can answer a login here: `--no-input` was not given, stdin and stderr are terminals, and
 * this is no CI job (core's rule: `CI` set, or a CI vendor's variables; `CI=false` says no). Without
 * one, commands never open a browser or wait for one: they fail fast (exit 3) with the command to run.
 */
export function isInteractive(options: { input?: boolean }): boolean {
  if (options.input === false) return false;
  return hasPersonToAsk();
}
