import type { Command, CommanderError } from "commander";

/** A commander usage error, with the command line it belongs to (`profiles sync`), for its hint. */
export type UsageError = CommanderError & {
  commandPath?: string;
  /** For "too many arguments": the words past the command's own arguments (`dev` of `status dev`). */
  excessWords?: string[];
  /** For "too many arguments": the command's long options (`--profile`, `--env-file`...). */
  optionNames?: string[];
};

/**
 * Commander prints its usage errors as `error: unknown option '--x'`; ssoenv prints every error as
 * `ssoenv: …` with a hint. So commander prints nothing here, and each command, subcommands too,
 * tags the error it throws with its own path; exit-code-of.ts prints it with the hint
 * `ssoenv <path> --help`. Call once every command is registered.
 */
export function nameUsageErrors(program: Command): void {
  const tag = (command: Command, path: string) => {
    command.configureOutput({ outputError: () => {} });
    command.exitOverride((error: UsageError) => {
      error.commandPath ??= path;
      if (error.code === "commander.excessArguments" && !error.excessWords) {
        error.excessWords = command.args.slice(command.registeredArguments.length);
        error.optionNames = command.options.flatMap((option) => (option.long ? [option.long] : []));
      }
      throw error;
    });
    for (const sub of command.commands) tag(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  tag(program, "");
}
