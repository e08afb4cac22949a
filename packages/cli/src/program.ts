import { Command } from "commander";
import { registerCredentialProcessCommand } from "./commands/credential-process.js";
import { registerDoctorCommand } from "./commands/doctor.js";
import { registerEnsureCommand } from "./commands/ensure.js";
import { registerEnvCommand } from "./commands/env.js";
import { registerExecCommand } from "./commands/exec.js";
import { registerHookCommand } from "./commands/hook.js";
import { registerLoginCommand } from "./commands/login.js";
import { registerRefreshCommand } from "./commands/refresh.js";
import { registerScanCommand } from "./commands/scan.js";
import { registerStatusCommand } from "./commands/status.js";
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

Exit codes: 0 ok, 1 failure or findings, 2 usage or config error, 3 login needed but no terminal.`,
    );

  // commands: (keep this list in the order `ssoenv --help` should show them)
  registerLoginCommand(program);
  registerStatusCommand(program);
  registerEnsureCommand(program);
  registerEnvCommand(program);
  registerRefreshCommand(program);
  registerExecCommand(program);
  registerCredentialProcessCommand(program);
  registerDoctorCommand(program);
  registerScanCommand(program);
  registerHookCommand(program);

  return program;
}
