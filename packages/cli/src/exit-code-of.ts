import { printError } from "./ui.js";

/**
 * The one place where an error becomes output and an exit code: ssoenv's errors -> message + hint and
 * core's exitCodeFor (1 failure, 2 usage or config, 3 login needed); the scanner's errors -> 2;
 * commander's usage errors -> 2 (it printed them; --help and --version -> 0); anything else -> stack
 * and "please report", 1.
 */
export async function exitCodeOf(error: unknown): Promise<number> {
  const { CommanderError } = await import("commander");
  if (error instanceof CommanderError) {
    const { code } = error;
    return code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help"
      ? 0
      : 2;
  }
  if (isNamed(error, "SsoenvError")) {
    const { exitCodeFor } = await import("@ssoenv/core/errors");
    const known = error as import("@ssoenv/core").SsoenvError;
    printError(known.message, known.hint);
    return exitCodeFor(known);
  }
  // An odd file (EPERM, EROFS, a full disk) anywhere is one line naming it, not a bug to report.
  const { exitCodeFor, fromFileSystemError } = await import("@ssoenv/core/errors");
  const fileError = fromFileSystemError(error);
  if (fileError) {
    printError(fileError.message, fileError.hint);
    return exitCodeFor(fileError);
  }
  if (isNamed(error, "SecretScanError")) {
    const known = error as { message: string; hint?: string };
    printError(known.message, known.hint);
    return 2;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  printError(`unexpected error: ${stack}`, "please report this at https://github.com/ssoenv/ssoenv/issues");
  return 1;
}

/** A shape check, not instanceof: works across duplicated module copies. */
function isNamed(error: unknown, name: string): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === name;
}
