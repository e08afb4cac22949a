// The subpath keeps the scan hook's bundle free of the rest of core.
import { cleanServerText } from "@ssoenv/core/internal/clean-server-text";
import { wantsColors } from "@ssoenv/core/internal/text/wants-colors";
import pc from "picocolors";
import { type AsRunnableOptions, asRunnable } from "./as-runnable.js";

/** Colours for what goes to stdout (status, doctor, refresh's summary), as core's wantsColors decides. */
export const colors = pc.createColors(wantsColors({ env: process.env, isTTY: process.stdout.isTTY }));

/**
 * Colours for what goes to stderr (errors, warnings, the login prompt): its own terminal decides, so
 * `eval "$(ssoenv env)"` colours its errors and `2>errors.log` gets plain text.
 */
export const stderrColors = pc.createColors(wantsColors({ env: process.env, isTTY: process.stderr.isTTY }));

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
 * The commands in it are written as the user can run them (asRunnable; `usageOf`: a usage error's
 * command, whose lines a mise task that ran it takes).
 */
export function printError(
  message: string,
  hint?: string,
  options: Pick<AsRunnableOptions, "usageOf"> = {},
): void {
  const runnable = (text: string) => asRunnable(text, options);
  const safe = (text: string) =>
    runnable(text)
      .split("\n")
      .map((line) => cleanServerText(line, Number.POSITIVE_INFINITY))
      .join("\n");
  if (oneLineErrors) {
    process.stderr.write(
      `ssoenv: ${cleanServerText(runnable(message), Number.POSITIVE_INFINITY)}${hint ? ` (hint: ${cleanServerText(runnable(hint), Number.POSITIVE_INFINITY)})` : ""}\n`,
    );
    return;
  }
  process.stderr.write(`${stderrColors.red("ssoenv:")} ${safe(message)}\n`);
  if (hint) process.stderr.write(`${stderrColors.dim("hint:")} ${safe(hint)}\n`);
}

/** A warning on stderr (stdout stays clean for `eval` and JSON). */
export function printWarning(message: string): void {
  process.stderr.write(`${stderrColors.yellow("warning:")} ${asRunnable(message)}\n`);
}

/** Informational progress on stderr. */
export function printInfo(message: string): void {
  process.stderr.write(`${asRunnable(message)}\n`);
}
