import { findCommand } from "./commands.js";

/**
 * The AWS SDK warns on stderr about Node < 22 support ending in 2027. ssoenv supports Node 20 on
 * purpose, and `credential-process` must keep stderr clean, so the notice is off unless asked for
 * (in ssoenv only: children get the parent's environment, see own-env.ts). Set past the hot paths,
 * which load no SDK, from own-env's built module: the one the commands read it back from.
 */
async function silenceSdkNodeVersionNotice(): Promise<void> {
  const { setOwnEnvDefault } = await import("./own-env.js");
  setOwnEnvDefault("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true");
}

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
    // Past the hot paths (the cached credential-process answer never creates process.stdout).
    await silenceSdkNodeVersionNotice();
    (await import("./exit-on-closed-stdout.js")).exitOnClosedStdout();
    // `ssoenv --version` alone needs neither commander nor a command.
    if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
      const { version } = await import("./version.js");
      process.stdout.write(`${version}\n`);
      return 0;
    }
    // The program (commander) only past the hot paths.
    const { createProgram } = await import("./create-program.js");
    const program = await createProgram(entry ? { commands: [entry] } : {});
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    // The error path (picocolors, core's errors and text cleaner) loads only when there is an error.
    const { exitCodeOf } = await import("./exit-code-of.js");
    return exitCodeOf(error);
  }
}
