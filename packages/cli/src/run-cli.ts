import { exitCodeFor, isSsoenvError } from "@ssoenv/core";
import { CommanderError } from "commander";
import { createProgram } from "./program.js";
import { printError } from "./ui.js";

/**
 * Runs the CLI and returns the exit code. The one place where errors become output and exit codes:
 * known errors -> message + hint (no stack), usage errors -> 2, anything else -> stack + "please report".
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exitOverride too; commander already printed them.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
      if (error.code === "commander.help") return 0;
      return 2;
    }
    if (isSsoenvError(error)) {
      printError(error.message, error.hint);
      // A corrupt token cache is a broken file (exit 2), even though the fix is to log in again.
      if (isSsoenvError(error, "LOGIN_REQUIRED") && isSsoenvError(error.cause, "TOKEN_CACHE_INVALID"))
        return 2;
      return exitCodeFor(error);
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    printError(`unexpected error: ${stack}`, "please report this at https://github.com/ssoenv/ssoenv/issues");
    return 1;
  }
}
