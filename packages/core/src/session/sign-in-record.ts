import { mkdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { ssoenvStateDir } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { readSessionDurationVariable } from "../config/read-session-duration.js";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { type SsoToken, tokenCachePath } from "../token/sso-token-cache.js";
import type { LoginGrant, OutlivedSignIn } from "./session-types.js";

/** IAM Identity Center's default session duration, used when neither the config nor the env says. */
export const DEFAULT_SESSION_DURATION_MS = 8 * 3_600_000;
/**
 * An IAM Identity Center access token's lifetime: a token refreshed just before the sign-in ends
 * expires at most this long after it; one expiring later came from a newer sign-in.
 */
const ACCESS_TOKEN_LIFETIME_MS = 3_600_000;

/**
 * When the SSO sign-in of a session ends — the 12-hour wall. A refreshable token's `expiresAt` is
 * only the access token's (1 h on AWS): the sign-in itself lasts the IAM Identity Center session
 * duration from the moment of login, and no cache holds that moment. ssoenv records it at each of
 * its logins (`~/.aws/ssoenv/sign-ins/<sha1>.json`, keyed like the token cache).
 */
export interface SessionEnd {
  endsAt: Date;
  signedInAt: Date;
  durationMs: number;
  /** Where the duration came from: `SSOENV_SESSION_DURATION`, `ssoenv_session_duration`, or AWS's default. */
  durationSource: "env" | "config" | "default";
  /** Present when `endsAt` has passed while the recorded sign-in still works: then the end is unknown. */
  outlived?: OutlivedSignIn;
}

/** `~/.aws/ssoenv/sign-ins/<sha1(sso-session name or start URL)>.json`. */
export function signInRecordPath(options: {
  profile: Pick<SsoProfile, "ssoSession" | "startUrl">;
  env: NodeJS.ProcessEnv;
}): string {
  // The token cache file's own name (sha1 of the sso-session name or start URL): one record per cache.
  return join(
    signInRecordsFolder(options.env),
    basename(tokenCachePath({ profile: options.profile, env: options.env })),
  );
}

/** `~/.aws/ssoenv/sign-ins`, where signInRecordPath's files are (`logout --all` empties it). */
export function signInRecordsFolder(env: NodeJS.ProcessEnv): string {
  return join(ssoenvStateDir(env), "sign-ins");
}

/** How a recorded login was made (what `login()` answers a process that reuses it). */
export interface RecordedLogin {
  method: "aws-cli" | "native";
  grant: LoginGrant;
}

/**
 * Records that the profile's SSO session was signed in at `signedInAt`, how, and with which client
 * registration (`clientId` of the token the login cached; kept as a hash) (atomic, 0600).
 */
export async function writeSignInRecord(options: {
  profile: Pick<SsoProfile, "ssoSession" | "startUrl">;
  env: NodeJS.ProcessEnv;
  signedInAt: Date;
  login?: RecordedLogin;
  clientId?: string | undefined;
  /** The scopes that client was registered with ([] for none), for a native login. */
  scopes?: string[] | undefined;
}): Promise<void> {
  const path = signInRecordPath(options);
  await mkdir(signInRecordsFolder(options.env), { recursive: true, mode: 0o700 });
  const record = {
    signedInAt: options.signedInAt.toISOString(),
    ...options.login,
    ...(options.clientId ? { client: clientHash(options.clientId) } : {}),
    ...(options.scopes ? { scopes: options.scopes } : {}),
  };
  await writeFileAtomic(path, JSON.stringify(record), { mode: 0o600 });
}

/** What ssoenv's record of a login holds. */
export interface SignInRecord {
  signedInAt: Date;
  login?: RecordedLogin;
  /** A hash of the client registration the login used; absent in records of older ssoenv versions. */
  client?: string;
  /** The scopes that client was registered with (native logins; absent in older records). */
  scopes?: string[];
}

/**
 * Whether a token cache entry with this `clientId` can belong to the recorded sign-in. A renewal (by
 * ssoenv, the AWS CLI or an SDK) keeps the client registration; `aws sso login` signs in with the AWS
 * CLI's own (botocore's registration cache), so a token of another client is another sign-in, whose
 * start no file records. True when the record does not say (older records).
 */
export function isRecordedClient(record: SignInRecord, clientId: string | undefined): boolean {
  if (record.client === undefined) return true;
  return clientId !== undefined && clientHash(clientId) === record.client;
}

/** The recorded sign-in time, or undefined (none recorded, or unreadable: it is only an estimate's input). */
export async function readSignInRecord(options: {
  profile: Pick<SsoProfile, "ssoSession" | "startUrl">;
  env: NodeJS.ProcessEnv;
}): Promise<Date | undefined> {
  return (await readSignInRecordWithLogin(options))?.signedInAt;
}

/** The recorded sign-in time and, when the record says, how that login was made and with which client. */
export async function readSignInRecordWithLogin(options: {
  profile: Pick<SsoProfile, "ssoSession" | "startUrl">;
  env: NodeJS.ProcessEnv;
}): Promise<SignInRecord | undefined> {
  try {
    const raw = JSON.parse(await readFile(signInRecordPath(options), "utf8")) as Record<string, unknown>;
    const date = typeof raw.signedInAt === "string" ? new Date(raw.signedInAt) : undefined;
    if (!date || Number.isNaN(date.getTime())) return undefined;
    const { method, grant, client, scopes } = raw;
    const known =
      (method === "aws-cli" || method === "native") && (grant === "pkce" || grant === "device-code");
    return {
      signedInAt: date,
      ...(known ? { login: { method, grant } } : {}),
      ...(typeof client === "string" ? { client } : {}),
      ...(Array.isArray(scopes) && scopes.every((scope) => typeof scope === "string") ? { scopes } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * The session duration: `SSOENV_SESSION_DURATION`, else `ssoenv_session_duration` of the
 * sso-session, else AWS's default (8 h). Both are validated when the profile loads.
 * @throws SsoenvError `INVALID_ARGUMENT` for an SSOENV_SESSION_DURATION that is not a duration.
 */
export function sessionDuration(
  profile: Pick<SsoProfile, "sessionDurationMs">,
  env: NodeJS.ProcessEnv,
): { durationMs: number; durationSource: SessionEnd["durationSource"] } {
  const fromVariable = readSessionDurationVariable(env);
  if (fromVariable !== undefined) return { durationMs: fromVariable, durationSource: "env" };
  if (profile.sessionDurationMs) return { durationMs: profile.sessionDurationMs, durationSource: "config" };
  return { durationMs: DEFAULT_SESSION_DURATION_MS, durationSource: "default" };
}

/**
 * When the sign-in of a refreshable session ends, from the recorded login time and the session
 * duration. Undefined when ssoenv did not see the login: the cached token is of another client
 * registration than the recorded login's (`aws sso login` since). A past estimate while the session is
 * still in use is `outlived` when the token is of the client ssoenv's own login registered (the same
 * sign-in, longer than the duration ssoenv assumes); undefined when that cannot be told (a record
 * without a client, or a login through the AWS CLI, whose client a later `aws sso login` shares: the
 * record may be stale). Given the cached token (offline readers), a past estimate is kept — the
 * sign-in has ended — when that token came from the recorded sign-in: expired, and no later than an
 * access token's lifetime after the estimated end (the morning after).
 */
export async function estimateSessionEnd(options: {
  profile: Pick<SsoProfile, "ssoSession" | "startUrl" | "sessionDurationMs">;
  env: NodeJS.ProcessEnv;
  nowMs?: number;
  /** The cached token, to tell the recorded sign-in from another one and one that ended from a stale record. */
  token?: Pick<SsoToken, "expiresAt" | "clientId">;
}): Promise<SessionEnd | undefined> {
  const record = await readSignInRecordWithLogin(options);
  if (!record || (options.token && !isRecordedClient(record, options.token.clientId))) return undefined;
  const { signedInAt } = record;
  const { durationMs, durationSource } = sessionDuration(options.profile, options.env);
  const endsAt = new Date(signedInAt.getTime() + durationMs);
  const nowMs = options.nowMs ?? Date.now();
  const tokenExpiresMs = options.token?.expiresAt.getTime();
  const ended =
    tokenExpiresMs !== undefined &&
    tokenExpiresMs <= nowMs &&
    tokenExpiresMs <= endsAt.getTime() + ACCESS_TOKEN_LIFETIME_MS;
  const end: SessionEnd = { endsAt, signedInAt, durationMs, durationSource };
  if (endsAt.getTime() > nowMs || ended) return end;
  // Past, and the token still renews: the same sign-in only when its client is ssoenv's own login's.
  if (options.token === undefined || record.client === undefined || record.login?.method !== "native") {
    return undefined;
  }
  const setting =
    durationSource === "env"
      ? "SSOENV_SESSION_DURATION"
      : `ssoenv_session_duration in ${options.profile.ssoSession ? `[sso-session ${options.profile.ssoSession}]` : "the [sso-session]"}`;
  // A token renewed before the estimated end still works up to an access token's lifetime past it:
  // that proves nothing yet (the sign-in may have ended on time), one issued after the end does.
  const unproven =
    tokenExpiresMs !== undefined && tokenExpiresMs <= endsAt.getTime() + ACCESS_TOKEN_LIFETIME_MS;
  return {
    ...end,
    outlived: {
      signedInAt,
      durationMs,
      setting,
      ...(unproven ? { lastTokenExpiresAt: new Date(tokenExpiresMs) } : {}),
    },
  };
}

function clientHash(clientId: string): string {
  // From getBuiltinModule, not an import: node:crypto loads only when a record is written or compared.
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha256").update(`ssoenv sign-in client\0${clientId}`).digest("hex");
}
