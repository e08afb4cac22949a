import type { Command } from "commander";
import { addInputOption, addProfileOption, examples } from "../common-options.js";

/** `ssoenv console`: the AWS console in the browser, signed in as the profile's role. */
export function registerConsoleCommand(program: Command): void {
  const command = program
    .command("console")
    .description("open the AWS console signed in as the profile's role (federation sign-in URL)")
    .option("--destination <url>", "the console page to open, e.g. https://console.aws.amazon.com/s3/home")
    .option(
      "--url",
      "print the sign-in URL on stdout instead of opening it (it signs anyone in for 15 minutes)",
    )
    .addHelpText(
      "after",
      examples(
        "ssoenv console --profile dev",
        "ssoenv console --profile dev --destination https://console.aws.amazon.com/cloudwatch/home",
        "ssoenv console --profile dev --url | xclip   # the URL is a credential: never paste it in a chat",
      ),
    );
  addProfileOption(command);
  addInputOption(command);
  command.action(async (options) => (await import("./run-console.js")).runConsole(options));
}
