import { type Command, Option } from "commander";
import { addInputOption, addProfileOption, examples } from "../common-options.js";

/** `ssoenv login`: log in to the profile's SSO session, even when one is cached. */
export function registerLoginCommand(program: Command): void {
  const command = program
    .command("login")
    .description(
      "log in to IAM Identity Center: in the browser (authorization code with PKCE), or with a device code where no browser can open",
    )
    .option("--use-device-code", "sign in with a device code (a URL and a code to enter, on any device)")
    .option("--no-browser", "do not open a browser; show the URL and code only (implies --use-device-code)")
    .option("--timeout <duration>", "how long to wait for the browser sign-in, e.g. 5m, 90s (default 5m)")
    .option(
      "--sso-session <name>",
      "log in to this [sso-session] itself (for a config without profiles yet; not with --profile)",
    )
    .addOption(
      new Option(
        "--method <method>",
        "aws-cli runs `aws sso login`; native uses the built-in flow; auto: aws-cli if AWS CLI v2 >= 2.22 is on PATH, else native",
      )
        .choices(["auto", "aws-cli", "native"])
        .default("auto"),
    )
    .addHelpText(
      "after",
      examples(
        "ssoenv login --profile dev",
        "ssoenv login --use-device-code   # over SSH: open the URL elsewhere and enter the code",
        "ssoenv login --sso-session corp  # before the first ssoenv profiles sync",
      ),
    );
  addProfileOption(command);
  addInputOption(command);
  command.action(async (options) => (await import("./run-login.js")).runLogin(options));
}
