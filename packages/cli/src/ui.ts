import pc from "picocolors";

/** Colours follow NO_COLOR / FORCE_COLOR and whether stderr is a terminal (picocolors' rules). */
export const colors = pc;

let oneLineErrors = false;

/**
 * `credential-process` is read by AWS SDKs and the AWS CLI, which show stderr as is: errors there are
 * one plain line (message and fix together).
 */
export function useOneLineErrors(): void {
  oneLineErrors = true;
}

/** One-line error on stderr, then the fix on the next line. Never pass secrets here. */
export function printError(message: string, hint?: string): void {
  if (oneLineErrors) {
    process.stderr.write(`ssoenv: ${message.replace(/\s*\n\s*/g, " ")}${hint ? ` (fix: ${hint})` : ""}\n`);
    return;
  }
  process.stderr.write(`${pc.red("ssoenv:")} ${message}\n`);
  if (hint) process.stderr.write(`${pc.dim("hint:")} ${hint}\n`);
}

/** A warning on stderr (stdout stays clean for `eval` and JSON). */
export function printWarning(message: string): void {
  process.stderr.write(`${pc.yellow("warning:")} ${message}\n`);
}

/** Informational progress on stderr. */
export function printInfo(message: string): void {
  process.stderr.write(`${message}\n`);
}
