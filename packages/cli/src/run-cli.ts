import { findCommand } from "./commands.js";
import { exitCodeOf } from "./exit-code-of.js";

/**
 * Runs `ssoenv ARGS` and returns the exit code. Only the command named by the first argument is
 * loaded (all of them for `--help` or an unknown command, none for `--version`); a command with a
 * hot-path answer (see commands.ts) gets to answer before commander loads.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const entry = findCommand(argv[0]);
  try {
    if (entry?.answer) {
      const answered = await entry.answer(argv.slice(1));
      if (answered !== undefined) return answered;
    }
    // The program (commander, the version) only past the hot paths.
    const { createProgram } = await import("./create-program.js");
    const versionOnly = argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v");
    const program = await createProgram({
      ...(entry ? { commands: [entry] } : versionOnly ? { commands: [] } : {}),
    });
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return exitCodeOf(error);
  }
}
