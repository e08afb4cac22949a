import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

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
}

/**
 * The fingerprint of the sign-in in a token cache file as it is now; undefined when the file is
 * gone (`aws sso logout`, `ssoenv logout`, deleted by hand) or holds no access token. Reads one small
 * file: no network, nothing from the AWS SDK, so that credential-process's fast path can afford it.
 */
export async function readSignInFingerprint(tokenPath: string): Promise<SignInFingerprint | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(tokenPath, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const { accessToken, refreshToken } = raw as Record<string, unknown>;
  if (typeof accessToken !== "string" || accessToken === "") return undefined;
  return {
    tokenPath,
    accessToken: hash(accessToken),
    ...(typeof refreshToken === "string" && refreshToken !== "" ? { refreshToken: hash(refreshToken) } : {}),
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

/** The shape a fingerprint has when read back from a file; undefined for anything else. */
export function parseSignInFingerprint(value: unknown): SignInFingerprint | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { tokenPath, accessToken, refreshToken } = value as Record<string, unknown>;
  if (typeof tokenPath !== "string" || typeof accessToken !== "string") return undefined;
  if (refreshToken !== undefined && typeof refreshToken !== "string") return undefined;
  return { tokenPath, accessToken, ...(refreshToken ? { refreshToken } : {}) };
}

function hash(token: string): string {
  return createHash("sha256").update(`ssoenv sign-in fingerprint\0${token}`).digest("hex");
}
