import { describeError } from "./describe-error.js";
import { printError } from "./ui.js";

/**
 * Where an error that ends a command becomes output and an exit code: commander's usage errors -> 2
 * (it printed them; --help and --version -> 0); anything else as describeError maps it (the one
 * mapping), an unexpected error with its stack.
 */
export async function exitCodeOf(error: unknown): Promise<number> {
  const { CommanderError } = await import("commander");
  if (error instanceof CommanderError) {
    const { code } = error;
    return code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help"
      ? 0
      : 2;
  }
  const described = describeError(error);
  printError(described.stack ? `unexpected error: ${described.stack}` : described.message, described.hint);
  return described.exitCode;
}
