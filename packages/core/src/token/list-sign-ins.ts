import { loadSsoSessionData } from "@smithy/shared-ini-file-loader";
import { configFilePath } from "../config/aws-paths.js";
import { listProfilesToSignIn, type SsoProfile } from "../config/load-sso-profile.js";
import { lowerCaseKeys } from "../config/lower-case-keys.js";
import { readSessionDuration } from "../config/read-session-duration.js";
import { isSsoenvError } from "../errors.js";
import type { OutlivedSignIn } from "../session/session-types.js";
import { estimateSessionEnd } from "../session/sign-in-record.js";
import { validateOptions } from "../validate-options.js";
import { canRefresh } from "./can-refresh.js";
import { readSsoToken, tokenCachePath } from "./sso-token-cache.js";

/** One sign-in place: an sso-session, or the start URL of legacy profiles. */
export interface SignInInfo {
  /** The sso-session's name; absent for legacy profiles (keyed by their start URL). */
  ssoSession?: string;
  startUrl: string;
  ssoRegion: string;
  /** Profiles that use it, in config file order (those with a role: not one that only signs in). */
  profiles: SsoProfile[];
  /**
   * Profiles on it that only sign in (neither sso_account_id nor sso_role_name: `loginOnly`), in config
   * file order. `aws sso login --profile` and `ssoenv login --profile` take them: for legacy profiles
   * (no sso-session to name) they may be the only way to name this sign-in.
   */
  signInOnlyProfiles: SsoProfile[];
  /** The token cache file the AWS CLI and SDKs share for it. */
  tokenCachePath: string;
  /** Whether a token is cached that is still valid or can be refreshed. */
  signedIn: boolean;
  /** When the cached access token expires (a refresh token may renew it). */
  tokenExpiresAt?: Date;
  /**
   * When the sign-in ends (or ended: then `signedIn` is false): the token's expiry when it cannot be
   * refreshed, else ssoenv's estimate from its record of the login and the session duration. Absent
   * when unknown.
   */
  signInEndsAt?: Date;
  /** The sign-in ssoenv recorded still renews past the end it estimated (see `Session.outlived`). */
  outlived?: OutlivedSignIn;
  /**
   * Why the token cache file cannot be used (it is not JSON, cannot be read, has no accessToken...),
   * naming the file; `signedIn` is then false. A login replaces the file.
   */
  tokenCacheError?: string;
}

/**
 * Every sign-in place of the config file — each `[sso-session]` (with or without profiles) and each
 * start URL of legacy profiles — with its profiles and what the token cache says about it. Reads
 * files only, no network.
 */
export async function listSignIns(
  options: { env?: NodeJS.ProcessEnv; nowMs?: number } = {},
): Promise<SignInInfo[]> {
  validateOptions({
    fn: "listSignIns",
    options,
    kinds: { env: "env", nowMs: "number" },
    example: "listSignIns()",
  });
  const env = options.env ?? process.env;
  const nowMs = options.nowMs ?? Date.now();
  const profiles = await listProfilesToSignIn(env);
  // Key names in any case, as the AWS CLI reads them (and loadSsoProfile).
  const sections = lowerCaseKeys(
    await loadSsoSessionData({ configFilepath: configFilePath(env) }).catch(() => ({})),
  );
  const places = new Map<string, Omit<SignInInfo, "signedIn" | "tokenCachePath">>();
  // An sso-session's ssoenv_session_duration, which holds before any profile names the session.
  const sessionDurations = new Map<string, number>();
  for (const [name, section] of Object.entries(sections)) {
    if (!section.sso_start_url || !section.sso_region) continue;
    places.set(`session:${name}`, {
      ssoSession: name,
      startUrl: section.sso_start_url,
      ssoRegion: section.sso_region,
      profiles: [],
      signInOnlyProfiles: [],
    });
    const ms = sessionDurationOf(name, section, configFilePath(env));
    if (ms) sessionDurations.set(name, ms);
  }
  for (const profile of profiles) {
    const key = profile.ssoSession ? `session:${profile.ssoSession}` : `url:${profile.startUrl}`;
    let place = places.get(key);
    if (!place) {
      place = {
        ...(profile.ssoSession ? { ssoSession: profile.ssoSession } : {}),
        startUrl: profile.startUrl,
        ssoRegion: profile.ssoRegion,
        profiles: [],
        signInOnlyProfiles: [],
      };
      places.set(key, place);
    }
    // A profile that only signs in names a sign-in place (a login or logout of it), but has no role on it.
    (profile.loginOnly ? place.signInOnlyProfiles : place.profiles).push(profile);
  }
  const result: SignInInfo[] = [];
  for (const place of places.values()) {
    const keyed = { ssoSession: place.ssoSession, startUrl: place.startUrl };
    const info: SignInInfo = {
      ...place,
      tokenCachePath: tokenCachePath({ profile: keyed, env }),
      signedIn: false,
    };
    const token = await readSsoToken({
      profile: { ...keyed, name: place.profiles[0]?.name ?? place.ssoSession ?? place.startUrl },
      env,
    }).catch((error: unknown) => {
      if (isSsoenvError(error, "TOKEN_CACHE_INVALID")) info.tokenCacheError = error.message;
      return undefined;
    });
    if (token) {
      const refreshable = canRefresh(token, nowMs);
      info.tokenExpiresAt = token.expiresAt;
      info.signedIn = refreshable || token.expiresAt.getTime() > nowMs;
      if (!refreshable) {
        info.signInEndsAt = token.expiresAt;
      } else {
        const end = await estimateSessionEnd({
          profile: {
            ...keyed,
            ...durationOf(
              place.profiles,
              place.ssoSession ? sessionDurations.get(place.ssoSession) : undefined,
            ),
          },
          env,
          nowMs,
          token,
        });
        if (end?.outlived) info.outlived = end.outlived;
        else if (end) info.signInEndsAt = end.endsAt;
        // The recorded sign-in has ended (the morning after): its refresh token is no longer honoured.
        if (end && !end.outlived && end.endsAt.getTime() <= nowMs) info.signedIn = false;
      }
    }
    result.push(info);
  }
  return result;
}

function durationOf(profiles: SsoProfile[], sessionMs: number | undefined): { sessionDurationMs?: number } {
  const ms = sessionMs ?? profiles.find((p) => p.sessionDurationMs)?.sessionDurationMs;
  return ms ? { sessionDurationMs: ms } : {};
}

/** The sso-session's duration; a bad value counts as none here (loading a profile on it names it). */
function sessionDurationOf(
  name: string,
  section: Readonly<Record<string, string | undefined>>,
  file: string,
): number | undefined {
  try {
    return readSessionDuration({ values: section, section: `sso-session ${name}`, file });
  } catch {
    return undefined;
  }
}
