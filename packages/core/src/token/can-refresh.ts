import type { SsoToken } from "./sso-token-cache.js";

/**
 * True when the token carries what a refresh needs (a refresh token and an unexpired client
 * registration). On its own, so that offline readers (the cached session status) need not load the
 * refresh and its AWS client.
 */
export function canRefresh(token: SsoToken, nowMs = Date.now()): boolean {
  if (!token.refreshToken || !token.clientId || !token.clientSecret) return false;
  return !token.registrationExpiresAt || token.registrationExpiresAt.getTime() > nowMs;
}
