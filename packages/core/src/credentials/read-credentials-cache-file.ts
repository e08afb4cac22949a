import { readFileSync } from "node:fs";
import type { Credentials } from "../session/session-types.js";
import { checkSignIn, parseSignInFingerprint, type SignInFingerprint } from "./sign-in-fingerprint.js";

/** The SDK refreshes process credentials 5 minutes before they expire; never hand out less. */
const DEFAULT_MIN_VALIDITY_MS = 5 * 60_000;

/**
 * Credentials from one credentials cache file (see readCachedCredentials), if they stay valid for
 * `minValidityMs` (default 5 minutes) and were minted by the sign-in still in the SSO token cache:
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
  const { accessKeyId, secretAccessKey, sessionToken, expiration, mintedBy } = raw;
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
  if (expiresAt.getTime() - Date.now() < (options.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS)) return undefined;
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
