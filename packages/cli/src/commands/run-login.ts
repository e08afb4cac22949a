import { loadSsoProfileToSignIn } from "@ssoenv/core/internal/config/load-sso-profile";
import { loadSsoSessionProfile } from "@ssoenv/core/internal/config/load-sso-sessions";
import { parseDurationSetting } from "@ssoenv/core/internal/duration/parse-duration-setting";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import { login } from "@ssoenv/core/internal/login/login";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import type { LoginMethod } from "@ssoenv/core/internal/session/session-types";
import { cancelOnSignal } from "../cancel-on-signal.js";
import { formatLeft, formatLocalTime } from "../format-time.js";
import { parentEnv } from "../own-env.js";
import { createSessionFeedback } from "../session-feedback.js";
import { printInfo } from "../ui.js";

/** What `ssoenv login` does (its declaration, with options and help: login.ts). */
export async function runLogin(options: {
  profile?: string;
  ssoSession?: string;
  input?: boolean;
  browser?: boolean;
  useDeviceCode?: boolean;
  timeout?: string;
  method: LoginMethod;
}): Promise<void> {
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
  const project = ssoSession === undefined ? await loadProjectConfig({ env: parentEnv() }) : undefined;
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
      await loadSsoProfileToSignIn({ ...(profile ? { profile } : {}), env: parentEnv() });
    else await loadSsoSessionProfile({ ssoSession, env: parentEnv() });
    throw new SsoenvError(
      "LOGIN_REQUIRED",
      "a login needs a person to approve it, and --no-input was given",
      {
        hint: `run ssoenv login${target ? ` ${target}` : ""} in a terminal`,
      },
    );
  }
  const feedback = createSessionFeedback({ quietLoginSucceeded: true, cancelsOnSignal: true });
  const cancellation = cancelOnSignal();
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
      signal: cancellation.signal,
    });
    feedback.stop();
    // The sign-in's end, not the access token's hour: the token renews itself until then.
    printInfo(
      `Logged in: ${ssoSession !== undefined ? "sso-session" : "profile"} ${result.profile}, signed in until ${formatLocalTime(result.sessionEndsAt)} (${formatLeft(result.sessionEndsAt.getTime() - Date.now())})`,
    );
  } finally {
    cancellation.dispose();
    feedback.stop();
  }
}
