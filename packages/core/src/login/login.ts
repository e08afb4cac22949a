import { loadSsoProfile, type SsoProfile } from "../config/load-sso-profile.js";
import { SsoenvError } from "../errors.js";
import type { DevicePrompt, LoginMethod, SessionEvent } from "../session/session-types.js";
import { sessionDuration, writeSignInRecord } from "../session/sign-in-record.js";
import { canRefresh } from "../token/refresh-sso-token.js";
import type { SsoToken } from "../token/sso-token-cache.js";
import { awsCliLogin } from "./aws-cli-login.js";
import { hasDisplay } from "./display.js";
import { findAwsCli, requireAwsCli } from "./find-aws-cli.js";
import { nativeLogin } from "./native-login.js";
import { withSessionLock } from "./session-lock.js";

export interface LoginOptions {
  /** @default resolveProfileName() */
  profile?: string;
  /** @default "auto" (aws-cli when an AWS CLI v2 >= 2.9 is on PATH, else native) */
  method?: LoginMethod;
  /** Never open a browser; show the URL and code only. @default false (true without a display, over SSH, in a container) */
  noBrowser?: boolean;
  /** A user is present: the native flow may open a browser. @default process.stdin.isTTY && process.stderr.isTTY */
  interactive?: boolean;
  /** Shows the device code and URL (native login). @default prints them on stderr */
  onPrompt?: (prompt: DevicePrompt) => void;
  onEvent?: (event: SessionEvent) => void;
  signal?: AbortSignal;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface LoginResult {
  profile: string;
  method: "aws-cli" | "native";
  /**
   * When this sign-in ends: the login time + the session duration (`ssoenv_session_duration`,
   * `SSOENV_SESSION_DURATION`, else AWS's 8 h), or the token's expiry when it has no refresh token.
   */
  sessionEndsAt: Date;
  /** @deprecated since 0.2, removed in 0.3: use `sessionEndsAt` (this holds the same value). */
  ssoExpiresAt: Date;
}

/**
 * Logs in to the profile's SSO session (always, even if a session is cached), one process at a time.
 *
 * @example await login({ profile: "dev", method: "native", onPrompt: (p) => console.error(p.userCode) })
 * @throws SsoenvError `PROFILE_NOT_FOUND`, `NOT_SSO_PROFILE`, `CONFIG_INVALID`, `AWS_CLI_MISSING`,
 *   `AWS_CLI_TOO_OLD` (method aws-cli), `LOGIN_FAILED`, `LOGIN_CANCELLED`, `LOGIN_TIMED_OUT`,
 *   `ENDPOINT_UNREACHABLE`, `LOCK_TIMEOUT`.
 */
export async function login(options: LoginOptions = {}): Promise<LoginResult> {
  const env = options.env ?? process.env;
  const profile = await loadSsoProfile({ ...(options.profile ? { profile: options.profile } : {}), env });
  const { method, sessionEndsAt } = await withSessionLock(
    { profile, env, signal: options.signal, onEvent: options.onEvent },
    () => loginUnlocked({ ...options, profile, env }),
  );
  return { profile: profile.name, method, sessionEndsAt, ssoExpiresAt: sessionEndsAt };
}

/** The login itself, for callers that already hold the session lock. */
export async function loginUnlocked(
  options: Omit<LoginOptions, "profile" | "env"> & { profile: SsoProfile; env: NodeJS.ProcessEnv },
): Promise<{ method: "aws-cli" | "native"; token: SsoToken; sessionEndsAt: Date }> {
  const { profile, env } = options;
  const interactive = options.interactive ?? Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const requested = options.method ?? "auto";
  const cli =
    requested === "aws-cli"
      ? await requireAwsCli({ env })
      : requested === "auto"
        ? (await findAwsCli({ env })).cli
        : undefined;
  const method = cli ? "aws-cli" : "native";
  // The sign-in starts when the person approves, a little after this: recording the earlier time
  // errs toward warning early about the session's end, never late.
  const startedAt = new Date();
  options.onEvent?.({
    type: "login-started",
    profile: profile.name,
    method,
    message: `Logging in to profile "${profile.name}" with ${method === "aws-cli" ? `aws sso login (${cli?.version})` : "the built-in device-code flow"}`,
  });
  const token = cli
    ? await awsCliLogin({
        profile,
        env,
        cli,
        noBrowser: Boolean(options.noBrowser) || !interactive || !hasDisplay(env),
        signal: options.signal,
      })
    : await nativeLogin({
        profile,
        env,
        openBrowser: interactive && !options.noBrowser,
        onPrompt: options.onPrompt,
        onEvent: options.onEvent,
        signal: options.signal,
      });
  if (token.expiresAt.getTime() <= Date.now()) {
    throw new SsoenvError(
      "LOGIN_FAILED",
      `The login for profile "${profile.name}" produced an already expired token`,
      {
        hint: "check the system clock",
      },
    );
  }
  try {
    await writeSignInRecord({ profile, env, signedInAt: startedAt });
  } catch (error) {
    // The login worked; only the warning before the session's end is lost (a read-only HOME, say).
    options.onEvent?.({
      type: "warning",
      message: `Could not record the sign-in time (${(error as Error).message}); the session's end will be unknown`,
    });
  }
  // A refresh token renews the access token (an hour on AWS) until the sign-in itself ends.
  const sessionEndsAt = canRefresh(token)
    ? new Date(startedAt.getTime() + sessionDuration(profile, env).durationMs)
    : token.expiresAt;
  options.onEvent?.({
    type: "login-succeeded",
    profile: profile.name,
    method,
    sessionEndsAt,
    ssoExpiresAt: sessionEndsAt,
    message: `Logged in; the sign-in lasts until ${sessionEndsAt.toISOString()}`,
  });
  return { method, token, sessionEndsAt };
}
