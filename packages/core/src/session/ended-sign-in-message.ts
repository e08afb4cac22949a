import type { SsoProfile } from "../config/load-sso-profile.js";
import { loginTarget } from "../config/login-target.js";
import { formatDuration } from "../text/format-duration.js";
import { localIsoSeconds } from "../text/local-iso-seconds.js";
import { canRefresh } from "../token/can-refresh.js";
import type { SsoToken } from "../token/sso-token-cache.js";
import { estimateSessionEnd } from "./sign-in-record.js";

/**
 * Why an expired token ends the session, for ensureSession and for the commands that need only the
 * sso-session's token (profiles sync, login's reuse). A refreshable one expired because AWS refused
 * to renew it: the sign-in has ended, and its end (recorded by ssoenv's login) is what the user needs,
 * not the last access token's hour. A token without a refresh token ends with its sign-in: its expiry
 * is that end. `busy`: another process holds the login lock.
 */
export async function endedSignInMessage(options: {
  profile: SsoProfile;
  env: NodeJS.ProcessEnv;
  token: SsoToken;
  busy: boolean;
}): Promise<string> {
  const { profile, env, token, busy } = options;
  const { what } = loginTarget(profile);
  if (busy || !canRefresh(token)) {
    return `The SSO session of ${what} expired at ${localIsoSeconds(token.expiresAt)}${busy ? "; another process is logging in to it now" : ""}`;
  }
  const estimate = await estimateSessionEnd({ profile, env, token });
  const ended = `The sign-in of ${what}`;
  if (!estimate || estimate.outlived) return `${ended} has ended (AWS no longer renews its access token)`;
  const detail = `signed in at ${localIsoSeconds(estimate.signedInAt)}, sign-ins last ${formatDuration(estimate.durationMs)} here`;
  if (estimate.endsAt.getTime() <= Date.now()) {
    return `${ended} ended at ${localIsoSeconds(estimate.endsAt)} (${detail})`;
  }
  return `${ended} has ended, sooner than the ${localIsoSeconds(estimate.endsAt)} ssoenv expected (${detail}; signed out elsewhere, or a shorter session duration)`;
}
