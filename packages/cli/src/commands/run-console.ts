import { loadSsoProfile } from "@ssoenv/core/internal/config/load-sso-profile";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import { browserAvailability, NO_BROWSER_REASONS, openBrowser } from "@ssoenv/core/internal/login/display";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import { consoleRegionOf } from "@ssoenv/core/internal/sinks/console-region";
import {
  consoleSignInUrl,
  validateConsoleDestination,
  validateConsoleSignIn,
} from "@ssoenv/core/internal/sinks/console-url";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { ensureSessionFor } from "../ensure-session-for.js";
import { formatLocalTime } from "../format-time.js";
import { printInfo } from "../ui.js";

/** What `ssoenv console` does (its declaration, with options and help: console.ts). */
export async function runConsole(options: {
  profile?: string;
  input?: boolean;
  destination?: string;
  url?: boolean;
}): Promise<void> {
  // A bad flag is exit 2 whatever the machine: before the browser check and any sign-in.
  if (options.destination !== undefined) validateConsoleDestination({ destination: options.destination });
  // The profile ensureSessionFor takes (the flag, else ssoenv.toml's, else the environment's), loaded
  // first: one the config does not have, or a console sign-in that cannot be made for it (its
  // region's partition), is exit 2 before "no browser" (whose --url hint would fail the same) and a login.
  const project = await loadProjectConfig();
  const named = options.profile ?? project?.profile;
  const profile = await loadSsoProfile(named !== undefined ? { profile: named } : {});
  // Where the profile's AWS CLI commands go (AWS_REGION, AWS_DEFAULT_REGION, its region), else the
  // sso_region; refused when in another partition than the credentials'.
  const region = consoleRegionOf(profile, process.env);
  validateConsoleSignIn({
    region,
    env: process.env,
    ...(profile.endpointConfig !== undefined ? { endpointConfig: profile.endpointConfig } : {}),
    ...(options.destination !== undefined ? { destination: options.destination } : {}),
  });
  const browser = browserAvailability(process.env);
  // Where no browser can open (SSH, a container), a person at a terminal gets the link to open in a
  // browser elsewhere, as with --url; a log or a pipe does not, unasked: the link signs anyone in.
  // Nor does CI's terminal (a runner may give one): its output is the job's log.
  const printsLink =
    !options.url && !browser.available && browser.reason !== "ci" && process.stdout.isTTY === true;
  if (!options.url && !browser.available && !printsLink) {
    // The same console as asked for: without its --profile, the command would sign in as another.
    const asked = [
      ...(options.profile !== undefined ? ["--profile", options.profile] : []),
      ...(options.destination !== undefined ? ["--destination", options.destination] : []),
    ];
    throw new SsoenvError(
      "COMMAND_FAILED",
      `No browser can be opened here (${NO_BROWSER_REASONS[browser.reason]})`,
      {
        hint: `ssoenv console ${[...asked, "--url"].map(shellWord).join(" ")} (prints the sign-in link; it is a credential for 15 minutes)`,
      },
    );
  }
  const session = await ensureSessionFor({ ...options, project: project ?? null });
  const { url, expiresAt } = await consoleSignInUrl({
    credentials: session.credentials,
    region,
    ...(profile.caBundle !== undefined ? { caBundle: profile.caBundle } : {}),
    ...(profile.endpointConfig !== undefined ? { endpointConfig: profile.endpointConfig } : {}),
    ...(options.destination !== undefined ? { destination: options.destination } : {}),
  });
  // The URL signs anyone in: stdout only when asked or read by a person, never on stderr or in a log.
  if (options.url || printsLink) {
    if (printsLink) {
      printInfo(
        `No browser can be opened here (${NO_BROWSER_REASONS[browser.reason]}): open this link in a browser to sign in as profile ${session.profile}'s role (${session.accountId}, ${session.roleName}). It signs anyone in until ${formatLocalTime(expiresAt)}: keep it to yourself.`,
      );
    }
    process.stdout.write(`${url}\n`);
    return;
  }
  openBrowser(url, process.env);
  printInfo(
    `Opened the AWS console for profile ${session.profile} (${session.accountId}, ${session.roleName}); the sign-in link works until ${formatLocalTime(expiresAt)}`,
  );
}
