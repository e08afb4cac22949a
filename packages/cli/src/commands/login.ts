import { type LoginMethod, loadProjectConfig, login, SsoenvError } from "@ssoenv/core";
import { type Command, Option } from "commander";
import { addInputOption, addProfileOption, examples } from "../common-options.js";
import { formatLocalTime, formatTimeLeft } from "../format-time.js";
import { isInteractive } from "../is-interactive.js";
import { parentEnv } from "../own-env.js";
import { createSessionFeedback } from "../session-feedback.js";
import { printInfo } from "../ui.js";

/** `ssoenv login`: log in to the profile's SSO session, even when one is cached. */
export function registerLoginCommand(program: Command): void {
  const command = program
    .command("login")
    .description("log in to IAM Identity Center (shows the device code, waits for approval)")
    .option("--no-browser", "do not open a browser; show the URL and code only")
    .addOption(
      new Option("--method <method>", "aws-cli runs `aws sso login`; native uses the built-in device flow")
        .choices(["auto", "aws-cli", "native"])
        .default("auto"),
    )
    .addHelpText(
      "after",
      examples(
        "ssoenv login --profile dev",
        "ssoenv login --no-browser   # over SSH: open the URL elsewhere",
      ),
    );
  addProfileOption(command);
  addInputOption(command);
  command.action(
    async (options: { profile?: string; input?: boolean; browser?: boolean; method: LoginMethod }) => {
      const project = await loadProjectConfig();
      const profile = options.profile ?? project?.profile;
      const interactive = isInteractive(options);
      if (options.input === false) {
        throw new SsoenvError(
          "LOGIN_REQUIRED",
          "a login needs a person to approve it, and --no-input was given",
          {
            hint: `run ssoenv login${profile ? ` --profile ${profile}` : ""} in a terminal`,
          },
        );
      }
      const feedback = createSessionFeedback({ quietLoginSucceeded: true });
      const controller = new AbortController();
      const cancel = () => controller.abort(new Error("cancelled"));
      process.once("SIGINT", cancel);
      try {
        const result = await login({
          ...(profile ? { profile } : {}),
          method: options.method,
          // `aws sso login` and the browser get the parent's environment, not ssoenv's settings
          env: parentEnv(),
          noBrowser: options.browser === false,
          interactive,
          onPrompt: feedback.onPrompt,
          onEvent: feedback.onEvent,
          signal: controller.signal,
        });
        feedback.stop();
        // The sign-in's end, not the access token's hour: the token renews itself until then.
        printInfo(
          `Logged in: profile ${result.profile}, signed in until ${formatLocalTime(result.sessionEndsAt)} (${formatTimeLeft(result.sessionEndsAt.getTime() - Date.now())} left)`,
        );
      } finally {
        process.off("SIGINT", cancel);
        feedback.stop();
      }
    },
  );
}
