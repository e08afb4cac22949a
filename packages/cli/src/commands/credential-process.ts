import type { Command } from "commander";
import { examples } from "../common-options.js";

/**
 * `ssoenv credential-process [--profile P]`: the JSON an AWS SDK or the AWS CLI reads from a
 * `credential_process`. Cached credentials that stay valid 5+ minutes are printed without any network
 * call (cache: ~/.aws/ssoenv/credentials/, files 0600); without a terminal it never waits for a login.
 * Without --profile the profile is found as every command finds it (ssoenv.toml, SSOENV_PROFILE,
 * AWS_PROFILE, AWS_DEFAULT_PROFILE, default). Its options are its fast path's list
 * (credential-process-fast-path.ts), which create-program.ts adds.
 */
export function registerCredentialProcessCommand(program: Command): void {
  const command = program
    .command("credential-process")
    .description("print credentials as credential_process JSON (for ~/.aws/config; secrets on stdout)")
    .addHelpText(
      "after",
      `${examples("ssoenv credential-process --profile dev")}
In ~/.aws/config (for tools without sso-session support, such as older SDKs or Packer):
  [profile dev-process]
  credential_process = ssoenv credential-process --profile dev
  region = eu-west-1
`,
    );
  command.action(async (options) =>
    (await import("./run-credential-process.js")).runCredentialProcess(options),
  );
}
