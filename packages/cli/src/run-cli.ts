import { COMMANDS, findCommand } from "./commands.js";
import { parseFastPathArgs } from "./parse-fast-path-args.js";
import { programFastPath } from "./program-fast-path.js";

/**
 * The AWS SDK warns on stderr about Node < 22 support ending in 2027. ssoenv supports Node 20 on
 * purpose, and `credential-process` must keep stderr clean, so the notice is off unless asked for
 * (in ssoenv only: children get the parent's environment, see own-env.ts). Set past the fast paths,
 * which load no SDK, from own-env's built module: the one the commands read it back from.
 */
async function silenceSdkNodeVersionNotice(): Promise<void> {
  const { setOwnEnvDefault } = await import("./own-env.js");
  setOwnEnvDefault("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true");
}

/**
 * Runs `ssoenv ARGS` and returns the exit code. The first argument names the command (commands.ts).
 * A fast path (the command's, or the program's own when no command is named: fast-path.ts) answers
 * first when it reads the line as commander would; commander, with the named command's module only
 * (all of them for `--help` or a word that names none), takes every other case.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const entry = findCommand(argv[0]);
  try {
    const fastPath = entry ? entry.fastPath : programFastPath;
    const parsed = fastPath && parseFastPathArgs(fastPath, entry ? argv.slice(1) : argv);
    if (fastPath && parsed) {
      const answered = await fastPath.answer(parsed);
      if (answered !== undefined) return answered;
    }
    // Past the fast paths (one that declined printed nothing; the cached credential-process answer
    // never creates process.stdout).
    await silenceSdkNodeVersionNotice();
    (await import("./exit-on-closed-stdout.js")).exitOnClosedStdout();
    // The program (commander) only past the fast paths.
    const { createProgram } = await import("./create-program.js");
    const program = await createProgram({ commands: entry ? [entry] : COMMANDS });
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    // The error path (picocolors, core's errors and text cleaner) loads only when there is an error.
    const { exitCodeOf } = await import("./exit-code-of.js");
    return exitCodeOf(error, argv);
  }
}
