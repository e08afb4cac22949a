import { isSameSignIn, type SignInFingerprint } from "../../credentials/sign-in-fingerprint.js";
import { isSsoenvError } from "../../errors.js";
import type { Session } from "../../session/session-types.js";

/**
 * Renew this long before the credentials expire. botocore (and so the AWS CLI) asks again when fewer
 * than 15 minutes are left and the JS SDK when fewer than 5: what we hand out always has more.
 */
export const RENEW_BEFORE_MS = 20 * 60_000;

/** After a failed renewal, still-valid credentials are served this long before the next attempt. */
const RETRY_AFTER_FAILURE_MS = 10_000;

/**
 * A fetch that failed with nothing valid to serve is answered from memory this long (requests of one
 * SDK lookup come a second apart: the JS SDK's 4, botocore's 3), LOGIN_REQUIRED for a minute: a
 * sign-in that has ended does not come back by asking AWS again. A change of the profile's SSO token
 * cache file (a login) ends it at once.
 */
const FAILURE_MEMORY_MS = RETRY_AFTER_FAILURE_MS;
const LOGIN_REQUIRED_MEMORY_MS = 60_000;

/**
 * A request waits for a renewal under way only in the last minute of the credentials in memory (or
 * the last half of a shorter renewal window): before that it gets them at once. botocore gives the
 * endpoint 2 s (3 tries), the JS SDK 1 s: a renewal that AWS is slow to answer (3 tries of 10 s) must
 * not fail clients while good credentials are here.
 */
const WAIT_BEFORE_EXPIRY_MS = 60_000;

/** Options of {@link createCredentialsKeeper}. */
export interface CredentialsKeeperOptions {
  /** One upstream fetch of the profile's session (ensureSession without a login). */
  fetchSession: (profile: string) => Promise<Session>;
  /** One line for the log when a profile's state changes (never a secret). */
  log?: (line: string) => void;
  /** @default RENEW_BEFORE_MS; capped at half the credentials' lifetime, so short ones are used too. */
  renewBeforeMs?: number;
  /** @default Date.now */
  now?: () => number;
  /**
   * The sign-in now in the profile's SSO token cache (readSignInFingerprint), without a network call.
   * When given, credentials are handed out only while the sign-in that was there when they were
   * fetched still is: after `aws sso logout` or a new login they are fetched anew (or refused).
   */
  signInOf?: (profile: string) => Promise<SignInFingerprint | undefined>;
}

/** Hands out each profile's session from memory, renewing it before it expires. */
export interface CredentialsKeeper {
  /**
   * The profile's session: cached until its renewal time, then renewed once however many callers
   * ask, in the background while the cached credentials have more than a minute left (they are
   * answered meanwhile), else waited for. When a renewal fails, still-valid credentials are kept;
   * otherwise the error is thrown.
   */
  get(profile: string): Promise<Session>;
  /** Seeds the cache (a session fetched at start-up). */
  prime(session: Session): void;
  /** Fetches now, in the background, so that the first request does not wait (errors are logged). */
  prefetch(profile: string): void;
  /** Cancels the renewal timers; a fetch that fails afterwards is not logged. */
  stop(): void;
}

interface Entry {
  session: Session;
  renewAtMs: number;
  /** From then on a request waits for the renewal rather than get these credentials. */
  waitFromMs: number;
  /** The sign-in the session was fetched with (signInOf at that time). */
  signIn?: Promise<SignInFingerprint | undefined>;
  /**
   * The token cache has other tokens now: served while their fetch runs, and after it failed only
   * because AWS could not be reached (retried from renewAtMs on); never after AWS refused it.
   */
  superseded?: boolean;
}

interface Failure {
  error: unknown;
  untilMs: number;
  /** The sign-in in the token cache when the failed fetch started. */
  signIn?: Promise<SignInFingerprint | undefined>;
}

/**
 * Per-profile memory cache with single-flight renewal: 100 concurrent requests for a profile whose
 * credentials are due make one upstream fetch.
 *
 * @example
 * const keeper = createCredentialsKeeper({ fetchSession: (profile) => ensureSession({ profile, login: false }) });
 * const { credentials } = await keeper.get("dev");
 */
export function createCredentialsKeeper(options: CredentialsKeeperOptions): CredentialsKeeper {
  const now = options.now ?? Date.now;
  const renewBeforeMs = options.renewBeforeMs ?? RENEW_BEFORE_MS;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Session>>();
  const failures = new Map<string, Failure>();
  // The last problem logged per profile: a sign-in that ended is one log line, not one per request.
  const lastProblem = new Map<string, string>();
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  // Renewed in the background when due, so a client rarely waits for AWS: the JS SDK gives up on
  // the endpoint after 1 s.
  const schedule = (profile: string, atMs: number) => {
    clearTimeout(timers.get(profile));
    const timer = setTimeout(
      () => {
        timers.delete(profile);
        renew(profile).catch(() => {});
      },
      Math.max(0, atMs - now()),
    );
    timer.unref();
    timers.set(profile, timer);
  };

  const store = (session: Session, fetchedAtMs: number) => {
    const expiresAtMs = session.credentials.expiration.getTime();
    const lifetimeMs = Math.max(0, expiresAtMs - fetchedAtMs);
    const renewWindowMs = Math.min(renewBeforeMs, lifetimeMs / 2);
    const renewAtMs = expiresAtMs - renewWindowMs;
    const waitFromMs = expiresAtMs - Math.min(WAIT_BEFORE_EXPIRY_MS, renewWindowMs / 2);
    const signIn = options.signInOf?.(session.profile).catch(() => undefined);
    entries.set(session.profile, { session, renewAtMs, waitFromMs, ...(signIn ? { signIn } : {}) });
    schedule(session.profile, renewAtMs);
  };

  const renew = (profile: string): Promise<Session> => {
    const running = inFlight.get(profile);
    if (running) return running;
    const startedAtMs = now();
    const signInBefore = options.signInOf?.(profile).catch(() => undefined);
    const promise = options
      .fetchSession(profile)
      .then((session) => {
        failures.delete(profile);
        store(session, startedAtMs);
        if (lastProblem.delete(profile)) options.log?.(`profile ${profile}: serving credentials again`);
        return session;
      })
      .catch((error: unknown) => {
        const before = entries.get(profile);
        // Other tokens in the cache and a fetch AWS refused (a new login without access to the role):
        // what the earlier tokens minted goes. One AWS could not be reached says nothing of them: an
        // hourly renewal by another tool writes other tokens too, and the credentials are still good.
        const dropped = before?.superseded && !isSsoenvError(error, "ENDPOINT_UNREACHABLE");
        if (dropped) entries.delete(profile);
        const kept = dropped ? undefined : before;
        const code = isSsoenvError(error) ? error.code : "ERROR";
        // After stop() a fetch fails because it was cancelled: nothing worth a log line.
        if (!stopped && lastProblem.get(profile) !== code) {
          lastProblem.set(profile, code);
          // The fix too (`ssoenv login --profile dev`): the person watching the server's log needs it.
          const detail = isSsoenvError(error)
            ? `${error.message}${error.hint ? `; fix: ${error.hint.replace(/\s+/g, " ")}` : ""}`
            : String((error as Error)?.message ?? error);
          options.log?.(
            `profile ${profile}: cannot renew credentials (${code}): ${detail}${kept && kept.session.credentials.expiration.getTime() > now() ? "; serving the current ones until they expire" : ""}`,
          );
        }
        if (kept && kept.session.credentials.expiration.getTime() > now()) {
          // Try again soon, not on every request meanwhile.
          kept.renewAtMs = Math.min(
            now() + RETRY_AFTER_FAILURE_MS,
            kept.session.credentials.expiration.getTime(),
          );
          return kept.session;
        }
        const memoryMs = isSsoenvError(error, "LOGIN_REQUIRED")
          ? LOGIN_REQUIRED_MEMORY_MS
          : FAILURE_MEMORY_MS;
        failures.set(profile, {
          error,
          untilMs: now() + memoryMs,
          ...(signInBefore ? { signIn: signInBefore } : {}),
        });
        throw error;
      })
      .finally(() => inFlight.delete(profile));
    inFlight.set(profile, promise);
    return promise;
  };

  const isStillFailing = async (failure: Failure, profile: string) => {
    if (now() >= failure.untilMs) return false;
    if (!options.signInOf) return true;
    const [before, current] = await Promise.all([
      failure.signIn,
      options.signInOf(profile).catch(() => undefined),
    ]);
    return sameTokenFile(before, current);
  };

  const keeper: CredentialsKeeper = {
    async get(profile) {
      let entry = entries.get(profile);
      if (entry && options.signInOf && entry.signIn) {
        const [recorded, current] = await Promise.all([
          entry.signIn,
          options.signInOf(profile).catch(() => undefined),
        ]);
        // Renewed (or dropped) while the token file was read: the entry there now is the one to judge.
        if (entries.get(profile) !== entry) return keeper.get(profile);
        // Signed out (or in again) elsewhere: what that sign-in minted is not handed out any more.
        if (!recorded || !isSameSignIn(recorded, current)) {
          if (current && now() < entry.waitFromMs) {
            // Another sign-in, or this one renewed by another tool (AWS answers a new refresh token
            // too, so the two look alike): fetched anew at once, these answered meanwhile.
            // After a fetch that could not reach AWS, the next waits for the retry time.
            if (!entry.superseded || now() >= entry.renewAtMs) renew(profile).catch(() => {});
            entry.superseded = true;
            return entry.session;
          }
          // Signed out: refused at once.
          entries.delete(profile);
          entry = undefined;
        }
      }
      if (entry && now() < entry.renewAtMs) return entry.session;
      if (entry && now() < entry.waitFromMs) {
        // Due: renewed in the background (once, however many ask), these served meanwhile.
        renew(profile).catch(() => {});
        return entry.session;
      }
      const failure = failures.get(profile);
      if (failure && !(entry && entry.session.credentials.expiration.getTime() > now())) {
        if (await isStillFailing(failure, profile)) throw failure.error;
        if (failures.get(profile) === failure) failures.delete(profile);
      }
      return renew(profile);
    },
    prime(session) {
      store(session, now());
    },
    prefetch(profile) {
      if (!entries.has(profile)) renew(profile).catch(() => {});
    },
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
  return keeper;
}

/** The same tokens in the token cache file (or no sign-in both times). */
function sameTokenFile(a: SignInFingerprint | undefined, b: SignInFingerprint | undefined): boolean {
  if (!a || !b) return a === b;
  return a.tokenPath === b.tokenPath && a.accessToken === b.accessToken && a.refreshToken === b.refreshToken;
}
