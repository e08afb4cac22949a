import { loadSsoProfile } from "@ssoenv/core/internal/config/load-sso-profile";
import { loadSsoSessionProfile } from "@ssoenv/core/internal/config/load-sso-sessions";
import { parseDurationSetting } from "@ssoenv/core/internal/duration/parse-duration-setting";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import { login } from "@ssoenv/core/internal/login/login";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import type { LoginMethod } from "@ssoenv/core/internal/session/session-types";
import { type Command, Option } from "commander";
import { cancelOnInterrupt } from "../cancel-on-interrupt.js";
import { addInputOption, addProfileOption, examples } from "../common-options.js";
import { formatLocalTime, formatTimeLeft } from "../format-time.js";
import { parentEnv } from "../own-env.js";
import { createSessionFeedback } from "../session-feedback.js";
import { printInfo } from "../ui.js";

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
  command.action(
    async (options: {
      profile?: string;
      ssoSession?: string;
      input?: boolean;
      browser?: boolean;
      useDeviceCode?: boolean;
      timeout?: string;
      method: LoginMethod;
    }) => {
      const timeoutMs =
        options.timeout === undefined
          ? undefined
          : parseDurationSetting({
              value: options.timeout,
              setting: "--timeout",
              hint: 'write a duration with a unit, e.g. "5m" or "90s"',
            });
      if (options.ssoSession !== undefined && options.profile !== undefined) {
        throw new SsoenvError("INVALID_ARGUMENT", "Give only one of --profile and --sso-session", {
          hint: `ssoenv login --sso-session ${options.ssoSession}   (every profile on it shares the sign-in)`,
        });
      }
      const { ssoSession } = options;
      const project = ssoSession === undefined ? await loadProjectConfig() : undefined;
      const profile = options.profile ?? project?.profile;
      const target =
        ssoSession !== undefined ? `--sso-session ${ssoSession}` : profile ? `--profile ${profile}` : "";
      // `ssoenv login` is a person asking to sign in, terminal or not (an IDE task, a pipe): the
      // browser may open. Without one, the grant falls back to the device code.
      const interactive = options.input !== false;
      if (options.input === false) {
        // An unknown or broken profile is the error to fix first (exit 2), as for `ensure --no-input`:
        // following the hint below would only meet it.
        if (ssoSession === undefined)
          await loadSsoProfile({ ...(profile ? { profile } : {}), env: parentEnv() });
        else await loadSsoSessionProfile({ ssoSession, env: parentEnv() });
        throw new SsoenvError(
          "LOGIN_REQUIRED",
          "a login needs a person to approve it, and --no-input was given",
          {
            hint: `run ssoenv login${target ? ` ${target}` : ""} in a terminal`,
          },
        );
      }
      const feedback = createSessionFeedback({ quietLoginSucceeded: true, cancelsOnInterrupt: true });
      const interrupt = cancelOnInterrupt();
      try {
        const result = await login({
          ...(ssoSession !== undefined ? { ssoSession } : profile ? { profile } : {}),
          method: options.method,
          // `aws sso login` and the browser get the parent's environment, not ssoenv's settings
          env: parentEnv(),
          noBrowser: options.browser === false,
          useDeviceCode: options.useDeviceCode === true,
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
          interactive,
          onPrompt: feedback.onPrompt,
          onEvent: feedback.onEvent,
          signal: interrupt.signal,
        });
        feedback.stop();
        // The sign-in's end, not the access token's hour: the token renews itself until then.
        printInfo(
          `Logged in: ${ssoSession !== undefined ? "sso-session" : "profile"} ${result.profile}, signed in until ${formatLocalTime(result.sessionEndsAt)} (${formatTimeLeft(result.sessionEndsAt.getTime() - Date.now())} left)`,
        );
      } finally {
        interrupt.dispose();
        feedback.stop();
      }
    },
  );
}
