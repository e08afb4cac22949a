import type { Command } from "commander";
import { addHelpCommand } from "./add-help-command.js";
import { addOptions, optionFlags } from "./add-options.js";
import type { CommandEntry } from "./commands.js";
import { refuseFlagsAsValues } from "./flag-taken-as-value.js";
import { HELP_GROUPS } from "./help-groups.js";
import { nameUsageErrors } from "./name-usage-errors.js";
import { VERSION_OPTION } from "./program-fast-path.js";
import { refuseEmptyNames } from "./refuse-empty-names.js";
import { readVersion } from "./version.js";

/**
 * The `ssoenv` command tree with the given commands registered (default: all of them, for `--help`).
 * The commands live in `commands/<name>.ts` and are listed in `commands.ts`; this file only wires
 * them up. Commander itself is loaded here, not before: a cached `credential-process` never needs it.
 */
export async function createProgram(options: { commands?: readonly CommandEntry[] } = {}): Promise<Command> {
  const { Command } = await import("commander");
  const program = new Command("ssoenv")
    .description(
      "AWS IAM Identity Center (SSO) sessions and temporary credentials for developer environments",
    )
    // The option its fast path reads too (program-fast-path.ts).
    .version(readVersion(), optionFlags(VERSION_OPTION), VERSION_OPTION.description)
    .showSuggestionAfterError()
    .configureHelp({ sortSubcommands: false })
    // Options belong to the command they follow: `ssoenv exec -- aws --profile x` passes --profile to aws.
    .enablePositionalOptions()
    .exitOverride()
    .addHelpText(
      "after",
      `
Examples:
  $ ssoenv login --profile dev
  $ ssoenv refresh                       # fresh credentials into .env (ssoenv.toml targets)
  $ ssoenv exec --profile dev -- aws s3 ls
  $ eval "$(ssoenv env --profile dev)"

Exit codes: 0 ok, 1 failure or findings, 2 usage or config error, 3 login needed but no one to
log in (no terminal, a CI job, or --no-input), 130 cancelled (Ctrl-C; 143 by SIGTERM, 129 by SIGHUP);
exec exits with its command's exit code, 127 when it is not found, 126 when it cannot run.
`,
    );
  // runCli passes its own: commands.js as an ES module would load the fast paths a second time.
  const entries = options.commands ?? (await import("./commands.js")).COMMANDS;
  const registers = await Promise.all(entries.map((entry) => entry.load()));
  for (const register of registers) register(program);
  for (const entry of entries) {
    const command = program.commands.find((c) => c.name() === entry.name);
    command?.helpGroup(entry.group);
    // A command with a fast path takes its options from it: one list for both parsers. Read from the
    // table runCli passes (part of dist/bin.cjs), not from a second, ES module copy of the fast path.
    if (command && entry.fastPath) addOptions(command, entry.fastPath.options);
  }
  addHelpCommand(program);
  program.commands.find((c) => c.name() === "help")?.helpGroup(HELP_GROUPS.setUp);
  // Groups (`profiles`, `hook`) get the same help command: commander's exits 0 for an unknown name.
  for (const command of program.commands) if (command.commands.length) addHelpCommand(command);
  nameUsageErrors(program);
  refuseFlagsAsValues(program);
  refuseEmptyNames(program);
  return program;
}
