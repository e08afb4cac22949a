import { networkDeadlines } from "../aws/network-deadlines.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { loginTarget } from "../config/login-target.js";
import { isSsoenvError, SsoenvError } from "../errors.js";
import { loginUnlocked } from "../login/login.js";
import { withSessionLock } from "../login/session-lock.js";
import { canRefresh } from "../token/can-refresh.js";
import { keptTokenWarning } from "../token/kept-token-warning.js";
import { EXPIRY_WINDOW_MS, refreshSsoToken } from "../token/refresh-sso-token.js";
import { readSsoToken, type SsoToken } from "../token/sso-token-cache.js";
import { endedSignInMessage } from "./ended-sign-in-message.js";
import { noLoginReason } from "./is-interactive.js";
import type { SessionContext } from "./session-context.js";
import type { LoginMethod, LoginPrompt } from "./session-types.js";

/** Options of {@link ensureSsoToken}. */
export interface EnsureSsoTokenOptions extends SessionContext {
  /** The sso-session (see `ssoSessionAsProfile`) or a profile on it. */
  profile: SsoProfile;
  /** A user is present to log in; without one, never block and never open a browser. */
  interactive: boolean;
  /** How to log in when needed; `false` never logs in. @default "auto" */
  login?: LoginMethod | false;
  noBrowser?: boolean;
  /** A token SSO just refused (revoked, say): refresh it or log in, never return it again. */
  rejected?: SsoToken;
  onPrompt?: ((prompt: LoginPrompt) => void) | undefined;
}

/**
 * An SSO access token good for at least the next five minutes (or one just issued, when AWS issues
 * shorter ones), for calls that need no role (SSO `ListAccounts`): the cached one, else refreshed with
 * its refresh token, else a login, with the same one-login-per-sso-session lock as `ensureSession`
 * (while another process logs in, the cached one as long as it has not expired: that login can take
 * minutes).
 *
 * @throws SsoenvError `LOGIN_REQUIRED` (no usable token and no login possible here), and what a login
 *   throws (`LOGIN_FAILED`, `LOGIN_CANCELLED`, `AWS_CLI_MISSING`, `ENDPOINT_UNREACHABLE`, `LOCK_TIMEOUT`...).
 */
export async function ensureSsoToken(options: EnsureSsoTokenOptions): Promise<SsoToken> {
  const { profile, env } = options;
  const lockOptions: SessionContext = { profile, env, signal: options.signal, onEvent: options.onEvent };
  const usable = (token: SsoToken | undefined): boolean =>
    token !== undefined &&
    token.accessToken !== options.rejected?.accessToken &&
    token.expiresAt.getTime() - Date.now() > EXPIRY_WINDOW_MS;
  // Not refused and not expired. A token AWS has just issued (refreshed, or another process's login) is
  // as long as tokens get: one shorter than the refresh window (an emulator's `--access-token 3m`) is
  // used until it expires.
  const unexpired = (token: SsoToken): boolean =>
    token.accessToken !== options.rejected?.accessToken && token.expiresAt.getTime() > Date.now();

  const { what, login } = loginTarget(profile);
  const cached = await readCached(options);
  if (cached && usable(cached)) return cached;
  let busy = false;
  if (cached && canRefresh(cached)) {
    // Another process's login holds the lock for minutes: a token still good is used rather than
    // waited for, and a process that cannot log in waits only as long as a refresh elsewhere takes.
    const stillUsable = unexpired(cached);
    const waitsForLogins = options.interactive && options.login !== false;
    const waitMs = stillUsable ? 0 : waitsForLogins ? undefined : networkDeadlines(env).budgetMs;
    const refreshed = await withSessionLock(
      { ...lockOptions, ...(waitMs === undefined ? {} : { waitMs }) },
      async () => {
        // Another process may have refreshed or logged in while we waited.
        const current = (await readCached(options)) ?? cached;
        if (usable(current) && current.accessToken !== cached.accessToken) return current;
        return refreshSsoToken({
          profile,
          env,
          token: current,
          // One that has not expired is used if the refresh fails: it must not cost the whole budget
          // before the call that needs it (a network that swallows packets: 50 s, not 25).
          optional: unexpired(current),
          signal: options.signal,
          onEvent: options.onEvent,
        });
      },
    ).catch((error: unknown) => {
      // A cache folder this process may not write (a read-only ~/.aws), or SSO OIDC failing for now:
      // a token still valid is used.
      const warning = keptTokenWarning({ error, what, token: cached });
      if (stillUsable && warning) {
        options.onEvent?.({ type: "warning", message: warning });
        busy = true;
        return undefined;
      }
      if (waitMs === undefined || !isSsoenvError(error, "LOCK_TIMEOUT")) throw error;
      busy = true;
      return undefined;
    });
    if (refreshed && unexpired(refreshed)) return refreshed;
    if (busy && stillUsable) return cached;
  }
  const problem = options.rejected
    ? `SSO no longer accepts the session of ${what}`
    : cached
      ? await endedSignInMessage({ profile, env, token: cached, busy })
      : `No SSO session cached for ${what}`;
  if (options.login === false || !options.interactive) {
    const why = noLoginReason({ loginDisabled: options.login === false });
    throw new SsoenvError("LOGIN_REQUIRED", `${problem}; ${why}`, {
      hint: login,
    });
  }
  options.onEvent?.({
    type: "login-required",
    profile: profile.name,
    reason: cached ? "expired" : "missing",
    message: problem,
  });
  return withSessionLock(lockOptions, async () => {
    const current = await readCached(options);
    if (current && unexpired(current) && current.accessToken !== cached?.accessToken) {
      options.onEvent?.({
        type: "login-reused",
        profile: profile.name,
        message: "Another process logged in; using its session",
      });
      return current;
    }
    const { token } = await loginUnlocked({
      profile,
      env,
      method: options.login || "auto",
      methodOption: "login",
      interactive: options.interactive,
      ...(options.noBrowser !== undefined ? { noBrowser: options.noBrowser } : {}),
      ...(options.onPrompt ? { onPrompt: options.onPrompt } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return token;
  });
}

/** The cached token; a broken cache file counts as none (a login replaces it). */
async function readCached(options: EnsureSsoTokenOptions): Promise<SsoToken | undefined> {
  try {
    return await readSsoToken({ profile: options.profile, env: options.env });
  } catch (error) {
    if (!isSsoenvError(error, "TOKEN_CACHE_INVALID")) throw error;
    options.onEvent?.({ type: "warning", message: error.message });
    return undefined;
  }
}
