import type { Command } from "commander";

/**
 * Gives `command` (the program, or a group such as `profiles`) a `help [command...]` of its own in place
 * of commander's, which shows the group's help and exits 0 for a name it does not know: here an
 * unknown name is a usage error (exit 2), worded as `ssoenv <unknown>` is.
 */
export function addHelpCommand(command: Command): void {
  command.helpCommand(false);
  command
    .command("help [command...]")
    .description("display help for command")
    // `ssoenv help profiles sync`, as `git help` and `aws help` take a command's words.
    .action(async (names: string[]) => {
      let shown = command;
      for (const name of names) {
        if (name === "help" && shown === command) return command.help();
        const found = shown.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (found) {
          shown = found;
          continue;
        }
        if (!shown.commands.length) {
          return shown.error(`error: ${shown.name()} has no command '${name}'`, {
            code: "commander.unknownCommand",
          });
        }
        const { closestName } = await import("@ssoenv/core/internal/text/closest-name");
        const similar = closestName(
          name,
          shown.commands.map((c) => c.name()).filter((n) => n !== "help"),
        );
        return shown.error(
          `error: unknown command '${name}'${similar ? ` (Did you mean ${similar}?)` : ""}`,
          {
            code: "commander.unknownCommand",
          },
        );
      }
      return shown.help();
    });
}
