import type { Command } from "commander";
import { addInputOption, addMinValidityOption, addProfileOption, examples } from "../common-options.js";

/** `ssoenv ensure`: make sure a session is valid (log in when needed); for shell scripts. */
export function registerEnsureCommand(program: Command): void {
  const command = program
    .command("ensure")
    .description("make sure the session is valid, logging in when needed; exit 0 when it is")
    .addHelpText(
      "after",
      examples(
        "ssoenv ensure --profile dev",
        "ssoenv ensure --min-validity 2h && terraform apply   # refuse to start a 2-hour job on a dying session",
        "ssoenv ensure --no-input || echo 'log in first'      # exit 3 when a login is needed",
      ),
    );
  addProfileOption(command);
  addMinValidityOption(command);
  addInputOption(command);
  command.action(async (options) => (await import("./run-ensure.js")).runEnsure(options));
}
