import { shellWord } from "@ssoenv/secret-scan/shell-word";
import type { Command } from "commander";
import type { CommandEntry } from "./commands.js";
import type { FlagTakenAsValue } from "./flag-taken-as-value.js";
import type { UsageError } from "./name-usage-errors.js";

/**
 * Where an error that ends a command becomes output and an exit code: commander's usage errors ->
 * `ssoenv: <what>` + `hint: ssoenv <command> --help`, 2 (--help, `help` and --version -> 0; a group without its command -> its help on stderr, 2); anything else as describeError maps it (the one
 * mapping), an unexpected error with its stack.
 */
export async function exitCodeOf(error: unknown, argv: readonly string[] = []): Promise<number> {
  const { CommanderError } = await import("commander");
  if (error instanceof CommanderError) {
    const { code } = error;
    if (code === "commander.helpDisplayed" || code === "commander.version") return 0;
    // `help` asked for (exit 0), or a group given no command (`ssoenv`, `ssoenv profiles`): commander
    // printed the group's help on stderr and means an error (exit 1); a usage error here, as git's.
    if (code === "commander.help") return error.exitCode === 0 ? 0 : 2;
    // Only an error loads what prints it (picocolors, core's errors): help and --version end above.
    const { printError } = await import("./ui.js");
    // Commander printed nothing (name-usage-errors.ts): its message, as every other error, with a hint.
    let message = error.message
      .replace(/^error: /, "")
      .split("\n")
      .filter((line) => line.trim())
      .join(" ");
    const { commandPath } = error as UsageError;
    const excess =
      code === "commander.excessArguments"
        ? (await import("./excess-word-hint.js")).excessWordHint(error as UsageError, argv)
        : undefined;
    const unknownOption = /^unknown option '(.*)'/.exec(message)?.[1];
    const reordered =
      !commandPath && unknownOption !== undefined && code === "commander.unknownOption"
        ? await optionsAfterCommand(argv, unknownOption)
        : undefined;
    const meant =
      !commandPath && code === "commander.unknownCommand"
        ? (await import("./meant-command.js")).meantCommand(argv)
        : undefined;
    // `env --shell zsh`, `sessions --profile dev`: the option or command meant, with the line.
    const meantOption =
      commandPath && unknownOption !== undefined && code === "commander.unknownOption"
        ? (await import("./meant-option.js")).meantOption(commandPath, unknownOption, argv)
        : undefined;
    // `status --profile` with nothing after it (an unset variable): what the flag needs, and the line.
    const missing =
      code === "commander.optionMissingArgument"
        ? (await import("./missing-option-value.js")).missingOptionValue(message, argv)
        : undefined;
    // `refresh --env-file --json`: the option took another option as its value.
    const swallowed =
      code === "ssoenv.flagTakenAsValue"
        ? (await import("./flag-taken-as-value.js")).describeFlagTakenAsValue(error as FlagTakenAsValue, argv)
        : undefined;
    // `env --format zsh`: the shell's format; `exec --profile dev`: the command after --.
    const formatOfShell =
      code === "commander.invalidArgument" && commandPath
        ? (await import("./meant-option.js")).formatOfShell(commandPath, argv)
        : undefined;
    // `env --format yaml`: the choices in ssoenv's words, and the line with the one meant if close.
    const choice =
      code === "commander.invalidArgument"
        ? (await import("./invalid-choice.js")).invalidChoice(message, argv)
        : undefined;
    if (choice) message = choice.message;
    const noCommand =
      code === "commander.missingArgument" && commandPath === "exec"
        ? (await import("./missing-exec-command.js")).missingExecCommand(argv)
        : undefined;
    const fix = missing ?? swallowed;
    if (fix) message = fix.message;
    // The line meant replaces commander's look-alike ("Did you mean sessions?" for `version`).
    if (meant ?? meantOption) message = message.replace(/ \(Did you mean .*\?\)$/, "");
    const hint =
      meant ??
      meantOption ??
      formatOfShell ??
      choice?.hint ??
      noCommand ??
      reordered ??
      excess ??
      fix?.hint ??
      `ssoenv ${commandPath ? `${commandPath} ` : ""}--help`;
    // Run by a mise task (`mise run aws:refresh -- --bogus`): the line that task takes.
    printError(message, hint, { usageOf: argv[0] });
    return 2;
  }
  const [{ describeError }, { printError }] = await Promise.all([
    import("./describe-error.js"),
    import("./ui.js"),
  ]);
  const named = await withProjectProfile(error, argv);
  const described = describeError(named);
  const execHint = await execProfileHintFor(named, argv);
  if (execHint) described.hint = execHint;
  printError(described.stack ? `unexpected error: ${described.stack}` : described.message, described.hint);
  return described.exitCode;
}

/**
 * `ssoenv --profile dev status`, in the AWS CLI's order (`aws --profile dev s3 ls`): ssoenv's options
 * belong to the command they follow, so the hint is the same line with them after the command.
 */
async function optionsAfterCommand(argv: readonly string[], unknown: string): Promise<string | undefined> {
  // Loaded here only: commands.js as an ES module would load the fast paths a second time (they are
  // part of dist/bin.cjs) on every error.
  const { findCommand } = await import("./commands.js");
  const at = argv.findIndex((word) => findCommand(word) !== undefined);
  const entry = findCommand(argv[at]);
  if (at <= 0 || !entry) return undefined;
  // `ssoenv --verbose status`: moved after the command it fails again; its help says what it takes.
  const command = await loneCommand(entry);
  const known = (flag: string) => command?.options.some((o) => o.long === flag || o.short === flag);
  const moved = argv.slice(0, at).filter((word) => word.startsWith("-"));
  const words = [argv[at] as string, ...argv.slice(0, at), ...argv.slice(at + 1)];
  if (!moved.every((word) => known(word.split("=")[0] as string))) {
    // ... unless another line means it (`--profile dev sessions`: status's).
    const { meantOption } = await import("./meant-option.js");
    return meantOption(entry.name, unknown, words) ?? `ssoenv ${entry.name} --help`;
  }
  return `options go after the command: ssoenv ${words.map(shellWord).join(" ")}`;
}

/**
 * A profile not found that the project's ssoenv.toml named (no --profile typed): said so. The project
 * is read again only for that error.
 */
async function withProjectProfile(error: unknown, argv: readonly string[]): Promise<unknown> {
  const { isSsoenvError } = await import("@ssoenv/core/internal/errors");
  if (!isSsoenvError(error, "PROFILE_NOT_FOUND")) return error;
  // ssoenv's own words: before `--`, and for exec before its command (`exec aws s3 ls --profile dev`).
  const own =
    argv[0] === "exec"
      ? await execOwnWords(argv)
      : argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);
  if (own.some((word) => /^(--profile(=|$)|-p)/.test(word))) return error;
  const { loadProjectConfig } = await import("@ssoenv/core/internal/project/load-project-config");
  const project = await loadProjectConfig({ env: process.env }).catch(() => undefined);
  if (!project?.profile) return error;
  const { nameProjectProfile } = await import("./name-project-profile.js");
  return nameProjectProfile(error, { path: project.path, names: [project.profile] });
}

/**
 * `ssoenv exec aws s3 ls --profile dev` where the profile ssoenv took without a --profile of its own
 * (default, or AWS_PROFILE's and the like) is not found: the line with --profile before the command.
 */
async function execProfileHintFor(error: unknown, argv: readonly string[]): Promise<string | undefined> {
  const { isSsoenvError } = await import("@ssoenv/core/internal/errors");
  if (argv[0] !== "exec" || !isSsoenvError(error, "PROFILE_NOT_FOUND")) return undefined;
  // A profile typed for ssoenv is the one meant; the error's field, not its words, says which it is.
  if (!error.profile || error.profile.source === "option") return undefined;
  const exec = await execCommand();
  const { execProfileHint } = await import("./exec-profile-hint.js");
  return exec ? execProfileHint(exec, argv) : undefined;
}

/** The option words of `ssoenv exec …` that are ssoenv's, not its command's. */
async function execOwnWords(argv: readonly string[]): Promise<readonly string[]> {
  const exec = await execCommand();
  const { execWords } = await import("./exec-profile-hint.js");
  return exec ? execWords(exec, argv).own : argv;
}

/** The commander command of `ssoenv exec`, with its options. */
async function execCommand(): Promise<Command | undefined> {
  const { findCommand } = await import("./commands.js");
  const entry = findCommand("exec");
  return entry && (await loneCommand(entry));
}

/** The commander command of `entry` alone, with its options (a program of that one command). */
async function loneCommand(entry: CommandEntry): Promise<Command | undefined> {
  const { createProgram } = await import("./create-program.js");
  return (await createProgram({ commands: [entry] })).commands.find((c) => c.name() === entry.name);
}
