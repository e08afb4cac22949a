import { Command } from "commander";
import { version } from "./version.js";

/**
 * The `ssoenv` command tree. Each command lives in `commands/<name>.ts` and exports
 * `register<Name>Command(program)`; this file only wires them up.
 */
export function createProgram(): Command {
  const program = new Command("ssoenv")
    .description(
      "AWS IAM Identity Center (SSO) sessions and temporary credentials for developer environments",
    )
    .version(version, "-v, --version")
    .showSuggestionAfterError()
    .configureHelp({ sortSubcommands: false })
    .exitOverride();

  // commands: (keep this list in the order `ssoenv --help` should show them)

  return program;
}
