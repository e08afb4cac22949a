import { CREDENTIAL_FORMATS } from "@ssoenv/core/internal/credentials/credential-formats";
import { type Command, Option } from "commander";
import { addInputOption, addMinValidityOption, addProfileOption, examples } from "../common-options.js";

/** `ssoenv env`: print the credentials as shell exports (one of the two commands that print secrets). */
export function registerEnvCommand(program: Command): void {
  const command = program
    .command("env")
    .description("print the credentials as exports for eval (secrets on stdout: do not log it)")
    .addOption(
      new Option("-f, --format <format>", "output format").choices([...CREDENTIAL_FORMATS]).default("sh"),
    )
    .addHelpText(
      "after",
      examples(
        'eval "$(ssoenv env --profile dev)"',
        "ssoenv env --format fish | source",
        "ssoenv env --format powershell | Invoke-Expression",
        "ssoenv env --format json",
      ),
    );
  addProfileOption(command);
  addMinValidityOption(command);
  addInputOption(command);
  command.action(async (options) => (await import("./run-env.js")).runEnv(options));
}
