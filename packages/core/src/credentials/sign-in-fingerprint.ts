import { readFileSync } from "node:fs";
import { millisecondsOf, statPath } from "../fs/stat-path.js";
import { TORN_READ_PAUSES_MS } from "../token/torn-read-pauses.js";

/**
 * Which SSO sign-in minted cached role credentials: the token cache file it was in and hashes of its
 * access and refresh tokens (never the tokens: the hashes cannot be turned back into them).
 */
export interface SignInFingerprint {
  /** `~/.aws/sso/cache/<sha1>.json` of the profile's sso-session (or start URL). */
  tokenPath: string;
  /** sha256 of the access token, hex. */
  accessToken: string;
  /** sha256 of the refresh token, hex, when the sign-in has one. */
  refreshToken?: string;
  /** The token file as it was when the hashes were taken: while it is unchanged, so are they. */
  stamp?: TokenFileStamp;
}

/** What changes whenever a token file is written (a login, a renewal, a logout and a new login). */
export interface TokenFileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * The fingerprint of the sign-in in a token cache file as it is now; undefined when the file is
 * gone (`aws sso logout`, `ssoenv logout`, deleted by hand) or holds no access token. Reads one small
 * file: no network, nothing from the AWS SDK, so that credential-process's fast path can afford it.
 * The AWS CLI 2.9 (its botocore's JSONFileCache) rewrites the file in place, truncating it first: a
 * read at that moment sees an empty or half-written file, which is read again (the pauses readSsoToken makes, ~350 ms in all) before
 * it counts as no sign-in, the answer that makes `ssoenv serve` refuse as after a logout.
 */
export async function readSignInFingerprint(tokenPath: string): Promise<SignInFingerprint | undefined> {
  for (let attempt = 0; ; attempt++) {
    const read = readFingerprintOnce(tokenPath);
    if (read !== "unparsable") return read;
    const pauseMs = TORN_READ_PAUSES_MS[attempt];
    if (pauseMs === undefined) return undefined;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

function readFingerprintOnce(tokenPath: string): SignInFingerprint | undefined | "unparsable" {
  const before = stampOfTokenFile(tokenPath);
  let text: string;
  try {
    text = readFileSync(tokenPath, "utf8"); // small: see readCredentialsPointer
  } catch {
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return "unparsable";
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const { accessToken, refreshToken } = raw as Record<string, unknown>;
  if (typeof accessToken !== "string" || accessToken === "") return undefined;
  // A stamp only when the file did not change while it was read: it vouches for these hashes.
  const after = stampOfTokenFile(tokenPath);
  const stamp = before && after && sameStamp(before, after) ? after : undefined;
  return {
    tokenPath,
    accessToken: hash(accessToken),
    ...(typeof refreshToken === "string" && refreshToken !== "" ? { refreshToken: hash(refreshToken) } : {}),
    ...(stamp ? { stamp } : {}),
  };
}

/**
 * True when `current` is the sign-in that `recorded` saw: the same access token, or a later one
 * renewed with the same refresh token (the AWS CLI and the SDKs renew it hourly). A logout removes
 * the file (no current fingerprint); a new login brings new tokens of both kinds.
 */
export function isSameSignIn(recorded: SignInFingerprint, current: SignInFingerprint | undefined): boolean {
  if (!current || current.tokenPath !== recorded.tokenPath) return false;
  if (current.accessToken === recorded.accessToken) return true;
  return recorded.refreshToken !== undefined && current.refreshToken === recorded.refreshToken;
}

/**
 * Whether the sign-in `recorded` saw is still the one in its token file. While the file keeps the
 * stamp it had then, it is, and nothing is read or hashed (node:crypto alone would cost
 * credential-process's cached answer ~8 ms, a fifth of Node.js's start). Otherwise the file is read
 * and its hashes compared (isSameSignIn); `current` is then the fingerprint now, for a caller that
 * records it so that the next check is the cheap one again.
 */
export async function checkSignIn(
  recorded: SignInFingerprint,
): Promise<{ same: boolean; current?: SignInFingerprint }> {
  const now = stampOfTokenFile(recorded.tokenPath);
  if (!now) return { same: false };
  if (recorded.stamp && sameStamp(recorded.stamp, now)) return { same: true };
  const current = await readSignInFingerprint(recorded.tokenPath);
  return { same: isSameSignIn(recorded, current), ...(current ? { current } : {}) };
}

/** The shape a fingerprint has when read back from a file; undefined for anything else. */
export function parseSignInFingerprint(value: unknown): SignInFingerprint | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { tokenPath, accessToken, refreshToken, stamp } = value as Record<string, unknown>;
  if (typeof tokenPath !== "string" || typeof accessToken !== "string") return undefined;
  if (refreshToken !== undefined && typeof refreshToken !== "string") return undefined;
  return {
    tokenPath,
    accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(isTokenFileStamp(stamp) ? { stamp } : {}),
  };
}

function stampOfTokenFile(path: string): TokenFileStamp | undefined {
  try {
    const info = statPath(path);
    return info
      ? {
          ino: Number(info.ino),
          size: Number(info.size),
          mtimeMs: millisecondsOf(info.mtimeNs),
          ctimeMs: millisecondsOf(info.ctimeNs),
        }
      : undefined;
  } catch {
    return undefined;
  }
}

function sameStamp(a: TokenFileStamp, b: TokenFileStamp): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

function isTokenFileStamp(value: unknown): value is TokenFileStamp {
  if (typeof value !== "object" || value === null) return false;
  const { ino, size, mtimeMs, ctimeMs } = value as Record<string, unknown>;
  return [ino, size, mtimeMs, ctimeMs].every((n) => typeof n === "number");
}

function hash(token: string): string {
  // From getBuiltinModule, not an import: node:crypto loads only when a token is hashed (see checkSignIn).
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha256").update(`ssoenv sign-in fingerprint\0${token}`).digest("hex");
}
