import type { Command, CommanderError } from "commander";

/** A commander usage error, with the command line it belongs to (`profiles sync`), for its hint. */
export type UsageError = CommanderError & { commandPath?: string };

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
      throw error;
    });
    for (const sub of command.commands) tag(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  tag(program, "");
}
