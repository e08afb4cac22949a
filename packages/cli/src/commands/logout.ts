import type { Command } from "commander";
import { examples } from "../common-options.js";

/** `ssoenv logout`: end sign-ins at AWS and remove every local trace of them. */
export function registerLogoutCommand(program: Command): void {
  program
    .command("logout")
    .description(
      "end the sign-in at AWS, remove its token cache, ssoenv's credentials cache and sign-in record, and stop its ssoenv serve processes",
    )
    .option(
      "-p, --profile <name>",
      "the sign-in (sso-session) this profile uses (default: ssoenv.toml `profile`, then SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, `default`)",
    )
    .option("--sso-session <name>", "this sso-session")
    .option("--all", "every sign-in, and every SSO token and SSO credential cached on this machine")
    .addHelpText(
      "after",
      examples("ssoenv logout --profile dev", "ssoenv logout --sso-session corp", "ssoenv logout --all"),
    )
    .action(async (options) => (await import("./run-logout.js")).runLogout(options));
}
