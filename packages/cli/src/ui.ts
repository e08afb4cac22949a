// The subpath keeps the scan hook's bundle free of the rest of core.
import { cleanServerText } from "@ssoenv/core/internal/clean-server-text";
import { ciSetting } from "@ssoenv/core/internal/session/ci-setting";
import pc from "picocolors";
import { asRunnable } from "./as-runnable.js";

/**
 * Colours: none with NO_COLOR, none with FORCE_COLOR=0 or false (as Node.js and supports-color read it),
 * always with another FORCE_COLOR; else on a terminal (stdout, TERM not dumb) or with CI set, whose
 * logs render them (core's ci-setting.ts: not false, 0, no, off; a vendor's own variables do not
 * count: Jenkins' console shows escapes raw). Not picocolors' isColorSupported, which would colour
 * with FORCE_COLOR=0 and CI=false, on every Windows pipe, and take an argument of `exec`'s command
 * (`--color`, `--no-color`) as its own switch.
 */
function wantsColors(env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
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
