import { loadSsoProfile } from "../config/load-sso-profile.js";
import { canRefresh } from "../token/can-refresh.js";
import { readSsoToken, tokenCachePath } from "../token/sso-token-cache.js";
import { validateOptions } from "../validate-options.js";
import type { OutlivedSignIn } from "./session-types.js";
import { estimateSessionEnd, signInRecordPath } from "./sign-in-record.js";

export interface CachedSessionStatus {
  profile: string;
  /**
   * As far as the cache shows, the session needs no login: a token is cached and it is unexpired, or
   * it renews itself (refresh token) and its recorded sign-in has not ended (as `listSignIns`'
   * `signedIn`). Whether a token is cached at all: `accessTokenExpiresAt` is present.
   */
  loggedIn: boolean;
  /** Expiry of the cached SSO access token (an hour on AWS; an internal detail); absent when nothing is cached. */
  accessTokenExpiresAt?: Date;
  /** The token can be refreshed without a login (refresh token and unexpired client registration). */
  hasRefreshToken: boolean;
  /** The token cache file looked at. */
  tokenCachePath: string;
  /**
   * When the sign-in ends (see `Session.sessionEndsAt`): the expiry of a token that cannot be
   * refreshed, else the estimate from ssoenv's record of the login (past when that sign-in has
   * ended and the cached token is its last); absent when unknown.
   */
  sessionEndsAt?: Date;
  /** The login time ssoenv recorded, when the estimate uses it. */
  signedInAt?: Date;
  /** The sign-in ssoenv recorded still renews past the end it estimated (see `Session.outlived`). */
  outlived?: OutlivedSignIn;
  /** The sign-in record file looked at (for caches keyed by file stamps, like the mise hook's). */
  signInRecordPath: string;
}

/**
 * What is cached for a profile, OFFLINE: reads the config and the token cache file, no network —
 * fast enough for a shell prompt hook.
 *
 * @throws SsoenvError `PROFILE_NOT_FOUND`, `NOT_SSO_PROFILE`, `CONFIG_INVALID`, `TOKEN_CACHE_INVALID`.
 */
export async function getCachedSessionStatus(
  options: { profile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CachedSessionStatus> {
  validateOptions({
    fn: "getCachedSessionStatus",
    options,
    kinds: { profile: "string", env: "env" },
    example: 'getCachedSessionStatus({ profile: "dev" })',
  });
  const env = options.env ?? process.env;
  const profile = await loadSsoProfile({ ...(options.profile ? { profile: options.profile } : {}), env });
  const token = await readSsoToken({ profile, env });
  const refreshable = token ? canRefresh(token) : false;
  // Past when the recorded sign-in has ended (the morning after): that end, not "unknown".
  const signIn = token && refreshable ? await estimateSessionEnd({ profile, env, token }) : undefined;
  const sessionEndsAt =
    token && !refreshable ? token.expiresAt : signIn?.outlived ? undefined : signIn?.endsAt;
  const now = Date.now();
  const over = token === undefined || (sessionEndsAt !== undefined && sessionEndsAt.getTime() <= now);
  return {
    profile: profile.roleChain?.profile ?? profile.name,
    loggedIn: !over,
    ...(token ? { accessTokenExpiresAt: token.expiresAt } : {}),
    hasRefreshToken: refreshable,
    tokenCachePath: tokenCachePath({ profile, env }),
    ...(sessionEndsAt ? { sessionEndsAt } : {}),
    ...(signIn ? { signedInAt: signIn.signedInAt } : {}),
    ...(signIn?.outlived ? { outlived: signIn.outlived } : {}),
    signInRecordPath: signInRecordPath({ profile, env }),
  };
}
