import { readFileSync } from "node:fs";
import type { Credentials } from "../session/session-types.js";
import { checkSignIn, parseSignInFingerprint, type SignInFingerprint } from "./sign-in-fingerprint.js";

/**
 * Never hand out less: botocore (boto3, AWS CLI v2) refreshes process credentials from 15 minutes
 * before they expire (the JS SDK from 5), so an answer with less left had boto3 run credential_process
 * again before every call until the cache let go of it; a miss here fetches a fresh hour instead.
 * Credentials that last little more than that from the start (a role with duration_seconds = 900)
 * are served until a third of their life is left, never under 5 minutes.
 */
const DEFAULT_MIN_VALIDITY_MS = 15 * 60_000;
const FLOOR_MIN_VALIDITY_MS = 5 * 60_000;

/**
 * Credentials from one credentials cache file (see readCachedCredentials), if they stay valid for
 * `minValidityMs` (default 15 minutes, or a third of the credentials' life when that is less, at least 5) and were minted by the sign-in still in the SSO token cache:
 * after `aws sso logout` (the token file is gone) or a new login (new tokens), they are not handed
 * out, though AWS would still take them until they expire. Checked by a stat of the token file, or,
 * once it changed (a renewal), by reading it, with no network call; a renewal of the same sign-in is
 * then recorded so that the next check is a stat again. Shared by readCachedCredentials and credential-process's answer from its
 * pointer, so both hand out exactly the same thing.
 */
export async function readCredentialsCacheFile(options: {
  path: string;
  minValidityMs?: number;
}): Promise<Credentials | undefined> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(options.path, "utf8")) as Record<string, unknown>; // small: see readCredentialsPointer
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken, expiration, mintedBy, cachedAt } = raw;
  if (
    typeof accessKeyId !== "string" ||
    typeof secretAccessKey !== "string" ||
    typeof sessionToken !== "string" ||
    typeof expiration !== "string"
  ) {
    return undefined;
  }
  const expiresAt = new Date(expiration);
  if (Number.isNaN(expiresAt.getTime())) return undefined;
  const lifetimeMs = typeof cachedAt === "string" ? expiresAt.getTime() - Date.parse(cachedAt) : Number.NaN;
  const minValidityMs =
    options.minValidityMs ??
    (lifetimeMs > 0
      ? Math.min(DEFAULT_MIN_VALIDITY_MS, Math.max(FLOOR_MIN_VALIDITY_MS, lifetimeMs / 3))
      : DEFAULT_MIN_VALIDITY_MS);
  if (expiresAt.getTime() - Date.now() < minValidityMs) return undefined;
  // Files from before the fingerprint, or without one, are never served: ssoenv fetches anew.
  const recorded = parseSignInFingerprint(mintedBy);
  if (!recorded) return undefined;
  const signIn = await checkSignIn(recorded);
  if (!signIn.same) return undefined;
  if (signIn.current) await recordSignIn(options.path, raw, signIn.current);
  return { accessKeyId, secretAccessKey, sessionToken, expiration: expiresAt };
}

/** Best effort: the file as it was, with the sign-in as it is now (same sign-in, renewed tokens). */
async function recordSignIn(path: string, raw: Record<string, unknown>, current: SignInFingerprint) {
  try {
    // Loaded on use: a renewal comes about once an hour, the hot path's reads come far more often.
    const { writeFileAtomic } = await import("../fs/write-file-atomic.js");
    await writeFileAtomic(path, JSON.stringify({ ...raw, mintedBy: current }), { mode: 0o600 });
  } catch {
    // The next call checks by reading the token file again.
  }
}
