import type { Command } from "commander";

/**
 * Gives `command` (the program, or a group such as `profiles`) a `help [command]` of its own in place
 * of commander's, which shows the group's help and exits 0 for a name it does not know: here an
 * unknown name is a usage error (exit 2), worded as `ssoenv <unknown>` is.
 */
export function addHelpCommand(command: Command): void {
  command.helpCommand(false);
  command
    .command("help [command]")
    .description("display help for command")
    .action((name?: string) => {
      if (name === undefined || name === "help") return command.help();
      const found = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (!found)
        return command.error(`error: unknown command '${name}'`, { code: "commander.unknownCommand" });
      return found.help();
    });
}
