import { loadSsoProfile } from "../config/load-sso-profile.js";
import { isSsoenvError, SsoenvError, type SsoenvErrorCode } from "../errors.js";
import { tokenCachePath } from "../token/sso-token-cache.js";
import { type EnsureSessionOptions, ensureSession } from "./ensure-session.js";
import type { Session } from "./session-types.js";

export interface EnsureSessionsOptions extends Omit<EnsureSessionOptions, "profile"> {
  /** Profile names, each once. */
  profiles: readonly string[];
}

/** One profile's outcome: its session, or why there is none. */
export type EnsureSessionsResult =
  | { profile: string; session: Session }
  | { profile: string; error: unknown };

/** Errors about the sign-in itself: every profile on the same sso-session would meet them too. */
const SIGN_IN_ERRORS: ReadonlySet<SsoenvErrorCode> = new Set([
  "LOGIN_REQUIRED",
  "LOGIN_FAILED",
  "LOGIN_CANCELLED",
  "LOGIN_TIMED_OUT",
  "SESSION_TOO_SHORT",
  "AWS_CLI_MISSING",
  "AWS_CLI_TOO_OLD",
  "LOCK_TIMEOUT",
  "TOKEN_CACHE_INVALID",
]);

/**
 * `ensureSession` for several profiles, with one sign-in per sso-session: the profiles that share an
 * sso-session (one token cache) go one at a time until one has a session — logging in once if
 * needed — and the rest then use that sign-in, in parallel. When the sign-in itself fails (a login is
 * needed and there is no terminal, say), every profile on it gets the same single error, which names
 * them all and gives one command to run. Profiles on different sso-sessions proceed in parallel.
 *
 * @example
 * const results = await ensureSessions({ profiles: ["dev", "stg"], minValidity: "1h" });
 * for (const r of results) if ("error" in r) console.error(r.profile, r.error);
 * @returns one result per profile, in the order given; never rejects for a profile's failure.
 */
export async function ensureSessions(options: EnsureSessionsOptions): Promise<EnsureSessionsResult[]> {
  const { profiles, ...shared } = options;
  const env = options.env ?? process.env;
  const groups = new Map<string, string[]>();
  const results = new Map<string, EnsureSessionsResult>();
  for (const name of profiles) {
    try {
      const key = tokenCachePath({ profile: await loadSsoProfile({ profile: name, env }), env });
      groups.set(key, [...(groups.get(key) ?? []), name]);
    } catch (error) {
      results.set(name, { profile: name, error });
    }
  }
  await Promise.all(
    [...groups.values()].map(async (names) => {
      const ensure = async (name: string): Promise<EnsureSessionsResult> => {
        try {
          return { profile: name, session: await ensureSession({ ...shared, env, profile: name }) };
        } catch (error) {
          return { profile: name, error };
        }
      };
      let rest = names;
      while (rest.length > 0) {
        const [first, ...others] = rest as [string, ...string[]];
        rest = others;
        const result = await ensure(first);
        results.set(first, result);
        if ("session" in result) break;
        if (isSsoenvError(result.error) && SIGN_IN_ERRORS.has(result.error.code)) {
          const error = forGroup(result.error, names);
          for (const name of names)
            if (!results.has(name) || name === first) results.set(name, { profile: name, error });
          rest = [];
        }
      }
      // The sign-in is there now: the others only fetch their role credentials.
      const others = await Promise.all(rest.map(ensure));
      for (const result of others) results.set(result.profile, result);
    }),
  );
  return profiles.map((name) => results.get(name) as EnsureSessionsResult);
}

/** One error for every profile of a sign-in: it names them all, and keeps the one command to run. */
function forGroup(error: SsoenvError, names: readonly string[]): SsoenvError {
  if (names.length < 2) return error;
  return new SsoenvError(error.code, `${error.message} (profiles ${names.join(", ")} share this sign-in)`, {
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.profile ? { profile: error.profile } : {}),
    // The original's cause (a corrupt token cache, say), so callers judge the group's error as its own.
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}
