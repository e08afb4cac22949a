import { networkDeadlines } from "../aws/network-deadlines.js";
import { validateStsRegion } from "../aws/sts-region.js";
import { loadSsoProfile, type SsoProfile } from "../config/load-sso-profile.js";
import { loginTarget } from "../config/login-target.js";
import { parseRoleArn } from "../config/role-chain.js";
import { parseDuration } from "../duration/parse-duration.js";
import { isSsoenvError, SsoenvError } from "../errors.js";
import { checkLoginMethod } from "../login/check-login-method.js";
import { callOption } from "../text/call-option.js";
import { formatDuration } from "../text/format-duration.js";
import { localIsoSeconds } from "../text/local-iso-seconds.js";
import { canRefresh } from "../token/can-refresh.js";
import { keptTokenWarning } from "../token/kept-token-warning.js";
import { EXPIRY_WINDOW_MS, refreshSsoToken } from "../token/refresh-sso-token.js";
import { readSsoToken, type SsoToken, tokenCachePath } from "../token/sso-token-cache.js";
import { validateOptions } from "../validate-options.js";
import { asCancelled } from "./as-cancelled.js";
import { assumeRoleChain } from "./assume-role-chain.js";
import { endedSignInMessage } from "./ended-sign-in-message.js";
import { fetchCallerIdentity } from "./fetch-caller-identity.js";
import { fetchRoleCredentials } from "./fetch-role-credentials.js";
import { isInteractive, noLoginReason } from "./is-interactive.js";
import { readMfaCodeFromTerminal } from "./read-mfa-code.js";
import type { SessionContext } from "./session-context.js";
import type {
  LoginMethod,
  LoginPrompt,
  MfaCodeReader,
  Session,
  SessionEvent,
  SessionProblem,
} from "./session-types.js";
import { estimateSessionEnd, type SessionEnd } from "./sign-in-record.js";
import { TokenRejectedError } from "./token-rejected-error.js";

export interface EnsureSessionOptions {
  /**
   * The profile's name, or the profile as `loadSsoProfile` returned it: then it is used as it is, and
   * the config files are not read again (a caller that loaded it to read a cache first).
   * @default resolveProfileName(): SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default"
   * @example ensureSession({ profile: await loadSsoProfile({ profile: "dev" }) })
   */
  profile?: string | SsoProfile;
  /**
   * Log in again when the SSO session ends sooner than this: "2h", "90m", "1h30m" or milliseconds (a
   * number; a string of digits alone, "90", is `INVALID_ARGUMENT`: no unit).
   * Role credentials shorter than this (the permission set decides their length) only warn.
   * @default 0 (any unexpired session)
   */
  minValidity?: string | number;
  /** How to log in when needed; `false` never logs in (LOGIN_REQUIRED instead). @default "auto" */
  login?: LoginMethod | false;
  /** Logins to attempt before giving up, as the `for i in 1 2 3` loop of the Medley Advent Calendar 2024 article. @default 3 */
  retries?: number;
  /**
   * A user is present to log in. Without one, ensureSession never blocks and never opens a browser.
   * @default stdin and stderr are terminals and this process runs in no CI job (`CI` set, or a CI
   * vendor's variables such as Jenkins' or Azure Pipelines', as ci-info reads them; `CI=false` says no)
   */
  interactive?: boolean;
  /**
   * Asks for the code of an MFA device when a role chain's profile has `mfa_serial` (the AWS CLI
   * prompts for it too). Without one, such a profile is `MFA_CODE_REQUIRED`.
   * @default when `interactive`: "Enter MFA code for <mfa_serial>: " on the terminal; else none
   */
  mfaCode?: MfaCodeReader;
  /** Never open a browser; show URL and code only. @default false */
  noBrowser?: boolean;
  /** Shows the device code and URL of a native login. @default prints them on stderr */
  onPrompt?: (prompt: LoginPrompt) => void;
  /** Progress, for spinners and logs. */
  onEvent?: (event: SessionEvent) => void;
  /**
   * Stops the check, a login or a wait for the lock. An abort is `SsoenvError` `CANCELLED` with the
   * signal's reason as `cause` (a reason that is already an `SsoenvError` is thrown as it is).
   */
  signal?: AbortSignal;
  /** Environment: HOME, AWS_CONFIG_FILE, AWS_PROFILE, AWS_ENDPOINT_URL_*, PATH. @default process.env */
  env?: NodeJS.ProcessEnv;
}

type Check =
  | { session: Session }
  | {
      problem: SessionProblem;
      message: string;
      token?: SsoToken;
      cause?: unknown;
      /** A fresh login would not last minValidity either (the session duration is shorter). */
      loginCannotHelp?: SsoenvError;
    };

/**
 * Returns a valid session: cached SSO token (refreshed when near expiry) -> SSO GetRoleCredentials ->
 * (STS AssumeRole for each role of a `role_arn` + `source_profile` chain) -> STS GetCallerIdentity. When there is no usable session, logs in (if allowed and a user is present)
 * and checks again, up to `retries` logins. Only one process logs in per sso-session at a time; the
 * others wait and reuse its token.
 *
 * @example
 * const session = await ensureSession({ profile: "dev", minValidity: "1h" });
 * new S3Client({ region: session.region, credentials: session.credentials });
 * @throws SsoenvError `LOGIN_REQUIRED` (no session and no login possible here; hint = the command),
 *   `SESSION_TOO_SHORT` (minValidity is longer than any sign-in lasts), `ACCESS_DENIED`, `ENDPOINT_UNREACHABLE`, `LOGIN_FAILED`, `LOGIN_CANCELLED`, `LOGIN_TIMED_OUT`,
 *   `AWS_CLI_MISSING`, `AWS_CLI_TOO_OLD`, `PROFILE_NOT_FOUND`, `NOT_SSO_PROFILE`, `CONFIG_INVALID`,
 *   `INVALID_ARGUMENT`, `LOCK_TIMEOUT`, `CREDENTIALS_INVALID`, `AWS_ANSWER_UNEXPECTED`, `CLOCK_SKEW`,
 *   `ENVIRONMENT_INVALID` (HOME unusable, an `AWS_ENDPOINT_URL*` that is not an http(s) URL),
 *   `FILE_ACCESS_FAILED` (an expired token in a cache folder it may not write), `CANCELLED` (the `signal` aborted).
 */
export async function ensureSession(options: EnsureSessionOptions = {}): Promise<Session> {
  validateOptions({
    fn: "ensureSession",
    options,
    kinds: {
      profile: "profile-name-or-sso-profile",
      minValidity: "string-or-number",
      login: "any",
      retries: "number",
      interactive: "boolean",
      mfaCode: "function",
      noBrowser: "boolean",
      onPrompt: "function",
      onEvent: "function",
      signal: "signal",
      env: "env",
    },
    example: 'ensureSession({ profile: "dev", minValidity: "1h" })',
  });
  try {
    return await ensureSessionUncancelled(options);
  } catch (error) {
    throw asCancelled(options.signal, error, "ensureSession") ?? error;
  }
}

async function ensureSessionUncancelled(options: EnsureSessionOptions): Promise<Session> {
  const env = options.env ?? process.env;
  const minValidityMs = options.minValidity === undefined ? 0 : parseMinValidity(options.minValidity);
  const retries = options.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new SsoenvError("INVALID_ARGUMENT", `Invalid retries ${retries}`, {
      hint: "use a whole number >= 0",
    });
  }
  const method = options.login === false ? false : checkLoginMethod(options.login ?? "auto", "login");
  const profile =
    typeof options.profile === "object"
      ? options.profile
      : await loadSsoProfile({ ...(options.profile ? { profile: options.profile } : {}), env });
  // Every session ends with STS calls in this region: a region they cannot work in (no region name,
  // another partition) is said now, not after a login.
  validateStsRegion(profile, env);
  const interactive = options.interactive ?? isInteractive();
  const context: CheckContext = {
    profile,
    env,
    minValidityMs,
    waitsForLogins: interactive && method !== false,
    signal: options.signal,
    onEvent: options.onEvent,
    mfaCode: options.mfaCode ?? (interactive ? readMfaCodeFromTerminal : undefined),
  };

  let logins = 0;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    options.onEvent?.({
      type: "checking",
      profile: profile.name,
      attempt,
      message: `Checking the SSO session of profile "${profile.name}"`,
    });
    const check = await checkSession(context);
    if ("session" in check) return check.session;
    if (check.loginCannotHelp) throw check.loginCannotHelp;

    if (method === false || !interactive) throw loginRequired(profile, check, method === false);
    if (logins >= retries) {
      throw new SsoenvError(
        "LOGIN_FAILED",
        `Still no usable SSO session for profile "${profile.name}" after ${logins} login${logins === 1 ? "" : "s"}: ${check.message}`,
        { hint: `ssoenv login --profile ${profile.name}`, cause: check.cause },
      );
    }
    options.onEvent?.({
      type: "login-required",
      profile: profile.name,
      reason: check.problem,
      message: check.message,
    });
    logins++;
    try {
      // The session lock (proper-lockfile) and the login flow (device code, PKCE, `aws sso login`)
      // load here, where a login needs them: a check with a usable token, or a config error, does not.
      const { withSessionLock } = await import("../login/session-lock.js");
      await withSessionLock(context, async () => {
        // Another process may have logged in while we waited for the lock: reuse its token.
        const current = await readSsoToken({ profile, env }).catch(() => undefined);
        // A refreshable one counts as usable even when its access token is short (1 h on AWS; shorter
        // than the refresh window on an emulator's `--access-token 3m`): the next check refreshes it
        // if need be and judges the sign-in, which that process's login recorded.
        if (
          current &&
          current.accessToken !== check.token?.accessToken &&
          remainingMs(current) > 0 &&
          (canRefresh(current) || remainingMs(current) > needMs(context))
        ) {
          options.onEvent?.({
            type: "login-reused",
            profile: profile.name,
            message: "Another process logged in; using its session",
          });
          return;
        }
        const { loginUnlocked } = await import("../login/login.js");
        await loginUnlocked({
          profile,
          env,
          method,
          methodOption: "login",
          interactive,
          ...(options.noBrowser !== undefined ? { noBrowser: options.noBrowser } : {}),
          ...(options.onPrompt ? { onPrompt: options.onPrompt } : {}),
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      });
    } catch (error) {
      // A failed `aws sso login` is retried like the Medley article's loop; everything else is final.
      if (!isSsoenvError(error, "LOGIN_FAILED") || logins >= retries) throw error;
      options.onEvent?.({ type: "warning", message: `${error.message}; trying again` });
    }
  }
}

/**
 * `"2h"`, `"90m"` or milliseconds as a number. A string of bare digits is refused, as the CLI refuses
 * `--min-validity 90`: read as 90 ms (parseDuration's reading) the guard is off, whatever was meant
 * (`minValidity: process.env.MIN_VALIDITY` holding "90").
 */
function parseMinValidity(value: string | number): number {
  if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) {
    const n = value.trim();
    throw new SsoenvError("INVALID_ARGUMENT", `ensureSession(): minValidity "${n}" has no unit`, {
      hint: `write "${n}m", "${n}s" or "${n}h", or pass a number of milliseconds`,
    });
  }
  return parseDuration(value);
}

/**
 * Fresh role credentials of a 1 h permission set have 59 min 59 s left by the time we look: against
 * `min_validity = "1h"` that is not "shorter than asked", and warning on every call would be noise.
 */
const CREDENTIALS_SLACK_MS = 60_000;
/** The longest session duration IAM Identity Center lets a permission set have. */
const PERMISSION_SET_MAX_MS = 12 * 3_600_000;

interface CheckContext extends SessionContext {
  minValidityMs: number;
  /** This process could log in itself: waiting minutes for another process's login is worth it. */
  waitsForLogins: boolean;
}

async function checkSession(context: CheckContext): Promise<Check> {
  const { profile, env, minValidityMs } = context;
  let token: SsoToken | undefined;
  try {
    token = await readSsoToken({ profile, env });
  } catch (error) {
    if (!isSsoenvError(error, "TOKEN_CACHE_INVALID")) throw error;
    // Treated as "no session": a login replaces the file; it is never deleted behind the user's back.
    context.onEvent?.({ type: "warning", message: error.message });
    return { problem: "cache-invalid", message: error.message, cause: error };
  }
  if (!token) {
    return {
      problem: "missing",
      message: `No SSO session cached for profile "${profile.name}" (${tokenCachePath({ profile, env })})`,
    };
  }

  // Refreshed only near its expiry, as the SDKs do: a refreshed access token is no longer than the
  // last (1 h on AWS), so refreshing early for minValidity would cost a request on every call.
  let busy = false;
  if (remainingMs(token) <= EXPIRY_WINDOW_MS && canRefresh(token)) {
    const refreshed = await refreshLocked(context, token, { stillUsable: remainingMs(token) > 0 });
    if (refreshed === "busy") busy = true;
    else token = refreshed ?? token;
  }
  if (remainingMs(token) <= 0) {
    return { problem: "expired", token, message: await endedSignInMessage({ profile, env, token, busy }) };
  }
  // A token that cannot be refreshed ends the session at its expiry; it must last minValidity.
  const refreshable = canRefresh(token);
  if (remainingMs(token) < minValidityMs && !refreshable) {
    return { problem: "too-short", token, message: tooShortMessage(profile, token.expiresAt, minValidityMs) };
  }
  // A refreshable one renews itself until the sign-in ends: known when ssoenv recorded the login.
  const estimate = refreshable ? await estimateSessionEnd({ profile, env, token }) : undefined;
  // Outlived: the recorded sign-in lasts longer than ssoenv assumes; its end is unknown.
  const signIn = estimate?.outlived ? undefined : estimate;
  // Unless only a token renewed before the estimated end still works: the sign-in may have ended on
  // time, and no time left can be promised from that token (it works for at most its hour).
  const lastToken = estimate?.outlived?.lastTokenExpiresAt;
  if (estimate && lastToken && minValidityMs > 0) {
    return {
      problem: "too-short",
      token,
      message: `The sign-in of profile "${profile.name}" may have ended at ${localIsoSeconds(estimate.endsAt)} (signed in at ${localIsoSeconds(estimate.signedInAt)}, sign-ins last ${formatDuration(estimate.durationMs)} here; its access token works until ${localIsoSeconds(lastToken)}), sooner than the ${formatDuration(minValidityMs)} asked`,
    };
  }
  if (signIn && signIn.endsAt.getTime() - Date.now() < minValidityMs) {
    const message = `The sign-in of profile "${profile.name}" ends at ${localIsoSeconds(signIn.endsAt)} (in ${timeLeft(signIn.endsAt)}; signed in at ${localIsoSeconds(signIn.signedInAt)}, sign-ins last ${formatDuration(signIn.durationMs)} here), sooner than the ${formatDuration(minValidityMs)} asked`;
    return {
      problem: "too-short",
      token,
      message,
      ...(signIn.durationMs < minValidityMs
        ? { loginCannotHelp: sessionTooShort(profile, signIn, minValidityMs) }
        : {}),
    };
  }

  let credentials: Awaited<ReturnType<typeof fetchRoleCredentials>>;
  try {
    credentials = await fetchRoleCredentials({ ...context, accessToken: token.accessToken });
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) throw error;
    // The token looks valid here but SSO says no (revoked, or our clock is behind): refresh once.
    const refreshed = canRefresh(token)
      ? await refreshLocked(context, token, { stillUsable: false })
      : undefined;
    if (!refreshed || refreshed === "busy") {
      return {
        problem: "unauthorized",
        token,
        message: `SSO no longer accepts the session of profile "${profile.name}"`,
        cause: error,
      };
    }
    token = refreshed;
    try {
      credentials = await fetchRoleCredentials({ ...context, accessToken: token.accessToken });
    } catch (again) {
      if (!(again instanceof TokenRejectedError)) throw again;
      return {
        problem: "unauthorized",
        token,
        message: `SSO no longer accepts the session of profile "${profile.name}"`,
        cause: again,
      };
    }
  }

  // A role chain (role_arn + source_profile): the SSO role credentials assume each role in turn.
  const chain = profile.roleChain;
  if (chain) {
    credentials = await assumeRoleChain({ ...context, chain, credentials });
  }
  const identity = await fetchCallerIdentity({ ...context, credentials });
  const sessionEndsAt = refreshable ? signIn?.endsAt : token.expiresAt;
  const name = chain?.profile ?? profile.name;
  const role = chain ? parseRoleArn(chain.hops.at(-1)?.roleArn ?? "") : profile;
  if (credentials.expiration.getTime() - Date.now() < minValidityMs - CREDENTIALS_SLACK_MS) {
    // minValidity is about the SSO session, which can mint new credentials at any time. Role
    // credentials are as long as the permission set says (1 h by default) and a login would not
    // lengthen them, so refusing here would make `min_validity = "1h"` unusable: warn instead.
    // A permission set's session duration is 12 h at most: past that, no administrator can help.
    const fix = chain
      ? "; AWS caps an assumed role chained from another role at 1 h"
      : minValidityMs > PERMISSION_SET_MAX_MS
        ? "; ssoenv renews them from the SSO session (a permission set gives role credentials 12 h at most)"
        : `, or ask your administrator to lengthen the session duration of permission set "${profile.roleName}"`;
    context.onEvent?.({
      type: "credentials-short",
      profile: name,
      expiration: credentials.expiration,
      message: `The role credentials of profile "${name}" end at ${when(credentials.expiration)}, sooner than the ${formatDuration(minValidityMs)} asked: tools that hold them as plain keys (.env, env mode) must refresh before then${fix}`,
    });
  }
  return {
    session: {
      profile: name,
      ...(profile.region ? { region: profile.region } : {}),
      accountId: role.accountId,
      roleName: role.roleName,
      identity,
      credentials,
      credentialsExpireAt: credentials.expiration,
      ...(sessionEndsAt ? { sessionEndsAt } : {}),
      ...(estimate?.outlived ? { outlived: estimate.outlived } : {}),
    },
  };
}

/**
 * Refreshes under the session lock; reuses a token another process refreshed meanwhile. Another
 * process's login holds that lock for minutes: a token still good to use is used rather than waited
 * for, and a process that cannot log in itself waits no longer than a refresh elsewhere can take (the
 * network budget). Either way it is "busy" when the lock stayed taken.
 */
async function refreshLocked(
  context: CheckContext,
  seen: SsoToken,
  options: { stillUsable: boolean },
): Promise<SsoToken | "busy" | undefined> {
  const { profile, env } = context;
  const waitMs = options.stillUsable
    ? 0
    : context.waitsForLogins
      ? undefined
      : networkDeadlines(env).budgetMs;
  try {
    const { withSessionLock } = await import("../login/session-lock.js");
    return await withSessionLock({ ...context, ...(waitMs === undefined ? {} : { waitMs }) }, async () => {
      const current = (await readSsoToken({ profile, env }).catch(() => undefined)) ?? seen;
      if (current.accessToken !== seen.accessToken && remainingMs(current) > EXPIRY_WINDOW_MS) return current;
      // One that has not expired is used if the refresh fails: it must not cost the whole budget
      // before GetRoleCredentials (a network that swallows packets: 50 s, not 25).
      return refreshSsoToken({ ...context, token: current, optional: remainingMs(current) > 0 });
    });
  } catch (error) {
    if (waitMs !== undefined && isSsoenvError(error, "LOCK_TIMEOUT")) return "busy";
    // A cache folder this process may not write (a read-only ~/.aws mount), or SSO OIDC failing or
    // throttling for now: a token still valid is used as it is, as the AWS SDK does; an expired one
    // fails, naming the folder or the endpoint.
    const warning = keptTokenWarning({ error, what: `profile "${profile.name}"`, token: seen });
    if (options.stillUsable && warning) {
      context.onEvent?.({ type: "warning", message: warning });
      return undefined;
    }
    throw error;
  }
}

function needMs(context: CheckContext): number {
  return Math.max(EXPIRY_WINDOW_MS, context.minValidityMs);
}

function remainingMs(token: SsoToken): number {
  return token.expiresAt.getTime() - Date.now();
}

function loginRequired(
  profile: SsoProfile,
  check: Exclude<Check, { session: Session }>,
  loginDisabled: boolean,
): SsoenvError {
  const why = noLoginReason({ loginDisabled });
  return new SsoenvError("LOGIN_REQUIRED", `${check.message}; ${why}`, {
    hint: loginTarget(profile).login,
    ...(check.cause === undefined ? {} : { cause: check.cause }),
  });
}

function sessionTooShort(profile: SsoProfile, signIn: SessionEnd, minValidityMs: number): SsoenvError {
  const source =
    signIn.durationSource === "env"
      ? "SSOENV_SESSION_DURATION"
      : signIn.durationSource === "config"
        ? "ssoenv_session_duration in ~/.aws/config"
        : "AWS's default; set ssoenv_session_duration in the [sso-session] if yours differs";
  return new SsoenvError(
    "SESSION_TOO_SHORT",
    `A sign-in to profile "${profile.name}" lasts ${formatDuration(signIn.durationMs)} (${source}): no login can give the ${formatDuration(minValidityMs)} asked`,
    {
      hint: `ask for less (${callOption("minValidity")}), or ask your administrator for a longer IAM Identity Center session duration`,
    },
  );
}

function tooShortMessage(profile: SsoProfile, end: Date, minValidityMs: number): string {
  return `The SSO session of profile "${profile.name}" ends at ${when(end)}, sooner than the ${formatDuration(minValidityMs)} asked`;
}

/**
 * An end as these messages give it: the instant to the second, and how long is left, which reads the
 * same in every time zone (the CLI shows local times elsewhere: "credentials 59m left (until 09:35)").
 *
 * @example when(new Date(Date.now() + 59 * 60_000)) // "2026-12-07T09:35:11Z (in 59m)"
 */
function when(end: Date): string {
  return `${localIsoSeconds(end)} (in ${timeLeft(end)})`;
}

/** Whole minutes left, as the CLI counts them ("59m left", not a rounded "1h"). */
function timeLeft(end: Date): string {
  const ms = Math.max(0, end.getTime() - Date.now());
  return formatDuration(ms < 60_000 ? ms : Math.floor(ms / 60_000) * 60_000);
}
