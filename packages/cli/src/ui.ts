// The subpath keeps the scan hook's bundle free of the rest of core.
import { cleanServerText } from "@ssoenv/core/internal/clean-server-text";
import { ciSetting } from "@ssoenv/core/internal/session/ci-setting";
import pc from "picocolors";
import { asRunnable } from "./as-runnable.js";

/**
 * Colours: none with NO_COLOR or FORCE_COLOR=0, always with another FORCE_COLOR; else on a terminal
 * (stdout, as picocolors decides) or in CI, whose logs render them. picocolors alone would take
 * CI=false and CI=0 as CI (ssoenv's logins do not) and an argument of `exec`'s command (`--color`) as
 * its own switch.
 */
function wantsColors(env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "") return env.FORCE_COLOR !== "0";
  return (Boolean(process.stdout.isTTY) && env.TERM !== "dumb") || ciSetting(env) !== undefined;
}

export const colors = pc.createColors(wantsColors(process.env));

let oneLineErrors = false;

/**
 * `credential-process` is read by AWS SDKs and the AWS CLI, which show stderr as is: errors there are
 * one plain line (message and fix together).
 */
export function useOneLineErrors(): void {
  oneLineErrors = true;
}

/**
 * One-line error on stderr, then the fix on the next line. Never pass secrets here; as a last guard,
 * any secret ssoenv holds is redacted and control characters (server text may carry them) dropped.
 * The commands in it are written as the user can run them (asRunnable).
 */
export function printError(message: string, hint?: string): void {
  const safe = (text: string) =>
    asRunnable(text)
      .split("\n")
      .map((line) => cleanServerText(line, Number.POSITIVE_INFINITY))
      .join("\n");
  if (oneLineErrors) {
    process.stderr.write(
      `ssoenv: ${cleanServerText(asRunnable(message), Number.POSITIVE_INFINITY)}${hint ? ` (hint: ${cleanServerText(asRunnable(hint), Number.POSITIVE_INFINITY)})` : ""}\n`,
    );
    return;
  }
  process.stderr.write(`${colors.red("ssoenv:")} ${safe(message)}\n`);
  if (hint) process.stderr.write(`${colors.dim("hint:")} ${safe(hint)}\n`);
}

/** A warning on stderr (stdout stays clean for `eval` and JSON). */
export function printWarning(message: string): void {
  process.stderr.write(`${colors.yellow("warning:")} ${asRunnable(message)}\n`);
}

/** Informational progress on stderr. */
export function printInfo(message: string): void {
  process.stderr.write(`${asRunnable(message)}\n`);
}
