import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ssoenvStateDir } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import type { Credentials } from "../session/session-types.js";
import { writeCredentialsPointer } from "./credentials-pointer.js";
import { isSameSignIn, parseSignInFingerprint, readSignInFingerprint } from "./sign-in-fingerprint.js";

/** The SDK refreshes process credentials 5 minutes before they expire; never hand out less. */
const DEFAULT_MIN_VALIDITY_MS = 5 * 60_000;

/**
 * `~/.aws/ssoenv/credentials/<sha256(startUrl, accountId, roleName[, role chain])>.json` (folder 0700,
 * file 0600): role credentials cached for `credential-process`, so that every AWS command does not
 * call SSO. A role chain's credentials are keyed by every hop's role and settings too, and kept, like
 * any others, only while they stay valid (an assumed role lasts at most an hour).
 */
export function credentialsCachePath(options: { profile: SsoProfile; env?: NodeJS.ProcessEnv }): string {
  const { profile } = options;
  const hops = profile.roleChain?.hops.map((hop) => [
    hop.roleArn,
    hop.externalId ?? null,
    hop.roleSessionName ?? null,
    hop.durationSeconds ?? null,
  ]);
  const key = createHash("sha256")
    .update(JSON.stringify([profile.startUrl, profile.accountId, profile.roleName, ...(hops ? [hops] : [])]))
    .digest("hex");
  return join(ssoenvStateDir(options.env ?? process.env), "credentials", `${key}.json`);
}

/**
 * Cached role credentials for the profile's start URL, account and role, if they stay valid for
 * `minValidityMs` (default 5 minutes) and the sign-in that minted them is still the one in the SSO
 * token cache (see readCredentialsCacheFile). A missing, unreadable or corrupt file reads as
 * "nothing cached".
 */
export async function readCachedCredentials(options: {
  profile: SsoProfile;
  env?: NodeJS.ProcessEnv;
  minValidityMs?: number;
}): Promise<Credentials | undefined> {
  return readCredentialsCacheFile({
    path: credentialsCachePath(options),
    ...(options.minValidityMs !== undefined ? { minValidityMs: options.minValidityMs } : {}),
  });
}

/**
 * Credentials from one credentials cache file (see readCachedCredentials), if they stay valid for
 * `minValidityMs` (default 5 minutes) and were minted by the sign-in still in the SSO token cache:
 * after `aws sso logout` (the token file is gone) or a new login (new tokens), they are not handed
 * out, though AWS would still take them until they expire. Checked by reading the token file, with
 * no network call. Shared by readCachedCredentials and credential-process's answer from its
 * pointer, so both hand out exactly the same thing.
 */
export async function readCredentialsCacheFile(options: {
  path: string;
  minValidityMs?: number;
}): Promise<Credentials | undefined> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(options.path, "utf8")) as Record<string, unknown>;
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
  if (!recorded || !isSameSignIn(recorded, await readSignInFingerprint(recorded.tokenPath))) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiration: expiresAt };
}

/**
 * Stores role credentials for readCachedCredentials, atomically, readable by the user only, tied to
 * the sign-in now in the profile's SSO token cache (the one that just minted them), and remembers
 * that this file answers the profile (see answerCredentialProcess). With no token cached any more
 * (a logout meanwhile), nothing is stored.
 *
 * @returns whether the credentials were stored.
 */
export async function writeCachedCredentials(options: {
  profile: SsoProfile;
  credentials: Credentials;
  env?: NodeJS.ProcessEnv;
}): Promise<boolean> {
  const env = options.env ?? process.env;
  // Loaded here, not at the top: credential-process's cached answer reads, never writes, and the
  // token cache module (with the writer) would cost it two modules.
  const { tokenCachePath } = await import("../token/sso-token-cache.js");
  const mintedBy = await readSignInFingerprint(tokenCachePath({ profile: options.profile, env }));
  if (!mintedBy) return false;
  const path = credentialsCachePath(options);
  await mkdir(join(path, ".."), { recursive: true, mode: 0o700 });
  const { credentials } = options;
  const { writeFileAtomic } = await import("../fs/write-file-atomic.js");
  await writeFileAtomic(
    path,
    JSON.stringify({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration.toISOString(),
      mintedBy,
    }),
    { mode: 0o600 },
  );
  await writeCredentialsPointer({
    // the profile asked for: a role chain's root answers with other credentials
    profileName: options.profile.roleChain?.profile ?? options.profile.name,
    cachePath: path,
    env,
  });
  return true;
}
