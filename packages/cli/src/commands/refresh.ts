import type { Command } from "commander";
import { collectEnvFile } from "../collect-env-file.js";
import { addInputOption, addMinValidityOption, addProfileOption, examples } from "../common-options.js";

/** `ssoenv refresh`: the main job — fresh credentials into .env files, nothing else touched. */
export function registerRefreshCommand(program: Command): void {
  const command = program
    .command("refresh")
    .description("write fresh credentials into .env files (targets from ssoenv.toml, --env-file, or ./.env)")
    .option(
      "-e, --env-file <path>",
      "a .env file to update (repeatable; default: ssoenv.toml [[env_files]], else ./.env)",
      collectEnvFile,
    )
    .option("--json", "print the summary as JSON on stdout (no secrets)")
    .addHelpText(
      "after",
      `${examples(
        "ssoenv refresh                         # ssoenv.toml targets, or ./.env",
        "ssoenv refresh --profile dev --env-file .env --env-file apps/api/.env",
      )}
Writes AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION
(and AWS_REGION and AWS_DEFAULT_REGION when the profile has a region; without one, the region
ssoenv wrote for another profile goes, one set by hand stays), or the names ssoenv.toml maps them to.
Only those keys change; comments, order, quoting and every other line stay as they are.
`,
    );
  addProfileOption(command);
  addMinValidityOption(command);
  addInputOption(command);
  command.action(async (options) => (await import("./run-refresh.js")).runRefresh(options));
}
