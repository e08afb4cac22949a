import { loadSsoProfile } from "@ssoenv/core/internal/config/load-sso-profile";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import { browserAvailability, NO_BROWSER_REASONS, openBrowser } from "@ssoenv/core/internal/login/display";
import { consoleSignInUrl, validateConsoleDestination } from "@ssoenv/core/internal/sinks/console-url";
import type { Command } from "commander";
import { addInputOption, addProfileOption, examples } from "../common-options.js";
import { ensureSessionFor } from "../ensure-session-for.js";
import { formatLocalTime } from "../format-time.js";
import { printInfo } from "../ui.js";

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
  command.action(
    async (options: { profile?: string; input?: boolean; destination?: string; url?: boolean }) => {
      // A bad flag is exit 2 whatever the machine: before the browser check and any sign-in.
      if (options.destination !== undefined) validateConsoleDestination({ destination: options.destination });
      const browser = browserAvailability(process.env);
      if (!options.url && !browser.available) {
        throw new SsoenvError(
          "COMMAND_FAILED",
          `No browser can be opened here (${NO_BROWSER_REASONS[browser.reason]})`,
          { hint: "ssoenv console --url   (prints the sign-in link; it is a credential for 15 minutes)" },
        );
      }
      const session = await ensureSessionFor(options);
      const profile = await loadSsoProfile({ profile: session.profile });
      const { url, expiresAt } = await consoleSignInUrl({
        credentials: session.credentials,
        region: profile.region ?? profile.ssoRegion,
        ...(profile.caBundle !== undefined ? { caBundle: profile.caBundle } : {}),
        ...(options.destination !== undefined ? { destination: options.destination } : {}),
      });
      // The URL signs anyone in: stdout only when asked, never on stderr or in a log.
      if (options.url) {
        process.stdout.write(`${url}\n`);
        return;
      }
      openBrowser(url, process.env);
      printInfo(
        `Opened the AWS console for profile ${session.profile} (${session.accountId}, ${session.roleName}); the sign-in link works until ${formatLocalTime(expiresAt)}`,
      );
    },
  );
}
