import { loadSsoProfileToSignIn, type SsoProfile } from "../config/load-sso-profile.js";
import { loadSsoSessionProfile } from "../config/load-sso-sessions.js";
import { loginTarget } from "../config/login-target.js";
import { SsoenvError } from "../errors.js";
import { asCancelled } from "../session/as-cancelled.js";
import type { LoginGrant, LoginMethod, LoginPrompt, SessionEvent } from "../session/session-types.js";
import { readSignInRecordWithLogin, sessionDuration, writeSignInRecord } from "../session/sign-in-record.js";
import { localIsoSeconds } from "../text/local-iso-seconds.js";
import { canRefresh } from "../token/can-refresh.js";
import { EXPIRY_WINDOW_MS } from "../token/refresh-sso-token.js";
import { readSsoToken, type SsoToken } from "../token/sso-token-cache.js";
import { validateOptions } from "../validate-options.js";
import { awsCliLogin } from "./aws-cli-login.js";
import { checkLoginMethod } from "./check-login-method.js";
import { chooseGrant } from "./choose-grant.js";
import { deviceCodeFlow } from "./device-code-flow.js";
import { NO_BROWSER_REASONS } from "./display.js";
import {
  type AwsCli,
  findAwsCli,
  PKCE_AWS_CLI_VERSION,
  requireAwsCli,
  supportsPkce,
} from "./find-aws-cli.js";
import { nativeLogin, registrationScopes } from "./native-login.js";
import { withSessionLock } from "./session-lock.js";

export interface LoginOptions {
  /** @default resolveProfileName() */
  profile?: string;
  /**
   * Log in to this `[sso-session]` itself, as `aws sso login --sso-session NAME` does: for a config
   * with no profile on it yet (before the first `ssoenv profiles sync`). Not with `profile`.
   */
  ssoSession?: string;
  /**
   * @default "auto": aws-cli when an AWS CLI v2 >= 2.22 (which signs in with PKCE itself) is on PATH,
   * else native. An older AWS CLI (Debian's 2.9) knows only the device code, so the built-in flow wins.
   */
  method?: LoginMethod;
  /** Never open a browser; show the URL and code only (device code). @default false */
  noBrowser?: boolean;
  /** Use the device-code grant even where a browser could open. @default false */
  useDeviceCode?: boolean;
  /** A user is present: the login may open a browser. @default process.stdin.isTTY && process.stderr.isTTY */
  interactive?: boolean;
  /** Shows the URL (and the device code) of a native login. @default prints them on stderr */
  onPrompt?: (prompt: LoginPrompt) => void;
  /** How long a browser (PKCE) login waits for the sign-in. @default 5 minutes */
  timeoutMs?: number;
  /** Progress, for spinners and logs (see `SessionEvent`). */
  onEvent?: (event: SessionEvent) => void;
  /** Stops the login, or the wait for another one, with `CANCELLED` (the signal's reason as `cause`). */
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
  /** The grant used (for aws-cli: the one asked of it). */
  grant: LoginGrant;
}

/**
 * Logs in to the profile's SSO session (always, even if a session is cached), one process at a time;
 * a call that had to wait for another process's login to the same sign-in uses that login instead of
 * asking for a second one (`login-reused` event).
 *
 * @example await login({ profile: "dev", method: "native", onPrompt: (p) => console.error(p) })
 * @throws SsoenvError `PROFILE_NOT_FOUND`, `NOT_SSO_PROFILE`, `CONFIG_INVALID`, `INVALID_ARGUMENT` (an
 *   unknown `ssoSession`), `AWS_CLI_MISSING`,
 *   `AWS_CLI_TOO_OLD` (method aws-cli), `LOGIN_FAILED`, `LOGIN_CANCELLED`, `LOGIN_TIMED_OUT`, `CANCELLED` (the `signal` aborted),
 *   `ENDPOINT_UNREACHABLE`, `LOCK_TIMEOUT`.
 */
export async function login(options: LoginOptions = {}): Promise<LoginResult> {
  validateOptions({
    fn: "login",
    options,
    kinds: {
      profile: "string",
      ssoSession: "string",
      method: "string",
      noBrowser: "boolean",
      useDeviceCode: "boolean",
      interactive: "boolean",
      timeoutMs: "number",
      onPrompt: "function",
      onEvent: "function",
      signal: "signal",
      env: "env",
    },
    example: 'login({ profile: "dev" })',
  });
  try {
    return await loginUncancelled(options);
  } catch (error) {
    throw asCancelled(options.signal, error, "login") ?? error;
  }
}

async function loginUncancelled(options: LoginOptions): Promise<LoginResult> {
  const env = options.env ?? process.env;
  checkLoginMethod(options.method ?? "auto", "method");
  const profile =
    options.ssoSession !== undefined
      ? await loadSsoSessionProfile({ ssoSession: options.ssoSession, env })
      : await loadSsoProfileToSignIn({ ...(options.profile ? { profile: options.profile } : {}), env });
  const before = await readSignInRecordWithLogin({ profile, env });
  const { method, grant, sessionEndsAt } = await withSessionLock(
    { profile, env, signal: options.signal, onEvent: options.onEvent },
    async () =>
      (await loginFinishedMeanwhile({ profile, env, before, onEvent: options.onEvent })) ??
      loginUnlocked({ ...options, profile, env }),
  );
  return { profile: profile.name, method, grant, sessionEndsAt };
}

/**
 * The login another process finished while this one waited for the lock (two shells running
 * `ssoenv login` at once): its record is newer than the one seen before waiting and its token is
 * good, so a second code to approve would only start the same day over.
 */
async function loginFinishedMeanwhile(options: {
  profile: SsoProfile;
  env: NodeJS.ProcessEnv;
  before: Awaited<ReturnType<typeof readSignInRecordWithLogin>>;
  onEvent?: ((event: SessionEvent) => void) | undefined;
}): Promise<{ method: "aws-cli" | "native"; grant: LoginGrant; sessionEndsAt: Date } | undefined> {
  const { profile, env } = options;
  const after = await readSignInRecordWithLogin({ profile, env });
  if (!after?.login || after.signedInAt.getTime() <= (options.before?.signedInAt.getTime() ?? 0)) {
    return undefined;
  }
  const token = await readSsoToken({ profile, env }).catch(() => undefined);
  // A refreshable token is good while it lasts, even one issued shorter than the refresh window (an
  // emulator's `--access-token 3m`): the next command refreshes it.
  const leftMs = token ? token.expiresAt.getTime() - Date.now() : 0;
  if (!token || leftMs <= 0 || (!canRefresh(token) && leftMs <= EXPIRY_WINDOW_MS)) return undefined;
  options.onEvent?.({
    type: "login-reused",
    profile: profile.name,
    message: "Another process logged in; using its session",
  });
  const sessionEndsAt = canRefresh(token)
    ? new Date(after.signedInAt.getTime() + sessionDuration(profile, env).durationMs)
    : token.expiresAt;
  return { ...after.login, sessionEndsAt };
}

/** The login itself, for callers that already hold the session lock. */
export async function loginUnlocked(
  options: Omit<LoginOptions, "profile" | "env"> & {
    profile: SsoProfile;
    env: NodeJS.ProcessEnv;
    /** The caller's option that chose `method`, for hints: ensureSession's `login`. @default "method" */
    methodOption?: "login" | "method";
  },
): Promise<{ method: "aws-cli" | "native"; grant: LoginGrant; token: SsoToken; sessionEndsAt: Date }> {
  const { profile, env } = options;
  const interactive = options.interactive ?? Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const requested = options.method ?? "auto";
  // `aws --version` takes seconds on a busy machine, the first time for each AWS CLI: say so.
  const onProbe = (paths: string[]) =>
    options.onEvent?.({
      type: "finding-aws-cli",
      profile: profile.name,
      message: `Looking for the AWS CLI (asking ${paths.join(", ")} for its version)`,
    });
  const cli: AwsCli | undefined =
    requested === "aws-cli"
      ? await requireAwsCli({ env, onProbe, methodOption: options.methodOption ?? "method" })
      : requested === "auto"
        ? await findAwsCli({ env, minVersion: PKCE_AWS_CLI_VERSION, onProbe }).then((search) => search.cli)
        : undefined;
  const method = cli ? "aws-cli" : "native";
  const choice = chooseGrant({
    profile,
    env,
    interactive,
    noBrowser: Boolean(options.noBrowser),
    useDeviceCode: Boolean(options.useDeviceCode),
  });
  // An AWS CLI older than 2.22 does only the device code, whatever we would choose.
  const grant: LoginGrant = cli && !supportsPkce(cli) ? "device-code" : choice.grant;
  // The sign-in starts when the person approves, a little after this: recording the earlier time
  // errs toward warning early about the session's end, never late.
  const startedAt = new Date();
  options.onEvent?.({
    type: "login-started",
    profile: profile.name,
    method,
    grant,
    message: `Logging in to ${loginTarget(profile).what} with ${cli ? `aws sso login (${cli.version})` : grant === "pkce" ? "the browser (authorization code with PKCE)" : `a device code${choice.reason === "no-browser" ? ` (no browser can open here: ${NO_BROWSER_REASONS[choice.noBrowser]})` : ""}`}`,
  });
  const token = cli
    ? await awsCliLogin({
        profile,
        env,
        cli,
        noBrowser: !choice.opensBrowser,
        useDeviceCode: grant === "device-code" && supportsPkce(cli),
        signal: options.signal,
      })
    : await nativeLogin({
        profile,
        env,
        // The browser's flow loads when it runs: its loopback server (node:http) and the SDK's endpoint
        // rules would cost every script that imports @ssoenv/core, before any request.
        flow: grant === "pkce" ? (await import("./pkce-flow.js")).pkceFlow : deviceCodeFlow,
        openBrowser: choice.opensBrowser,
        onPrompt: options.onPrompt,
        onEvent: options.onEvent,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
  if (token.expiresAt.getTime() <= Date.now()) {
    throw new SsoenvError(
      "LOGIN_FAILED",
      `The login for ${loginTarget(profile).what} produced an already expired token`,
      {
        hint: "check the system clock",
      },
    );
  }
  try {
    await writeSignInRecord({
      profile,
      env,
      signedInAt: startedAt,
      login: { method, grant },
      clientId: token.clientId,
      ...(cli ? {} : { scopes: registrationScopes(profile) ?? [] }),
    });
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
    message: `Logged in; the sign-in lasts until ${localIsoSeconds(sessionEndsAt)}`,
  });
  return { method, grant, token, sessionEndsAt };
}
