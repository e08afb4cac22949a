import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ssoenvStateDir } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import type { Credentials } from "../session/session-types.js";
import { tokenCachePath } from "../token/sso-token-cache.js";
import { readCredentialsCacheFile } from "./read-credentials-cache-file.js";
import { readSignInFingerprint } from "./sign-in-fingerprint.js";
import { writeCredentialsPointer } from "./write-credentials-pointer.js";

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
  return join(credentialsCacheFolder(options.env ?? process.env), `${key}.json`);
}

/** `~/.aws/ssoenv/credentials`, where credentialsCachePath's files are (`logout --all` empties it). */
export function credentialsCacheFolder(env: NodeJS.ProcessEnv): string {
  return join(ssoenvStateDir(env), "credentials");
}

/**
 * Cached role credentials for the profile's start URL, account and role, if they stay valid for
 * `minValidityMs` (default 15 minutes: what botocore waits for before it refreshes) and the sign-in that minted them is still the one in the SSO
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
 * Stores role credentials for readCachedCredentials, atomically, readable by the user only, tied to
 * the sign-in now in the profile's SSO token cache (the one that just minted them), and remembers
 * that this file answers the profile (rememberCachedCredentials). With no token cached any more
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
  const mintedBy = await readSignInFingerprint(tokenCachePath({ profile: options.profile, env }));
  if (!mintedBy) return false;
  const path = credentialsCachePath(options);
  await mkdir(join(path, ".."), { recursive: true, mode: 0o700 });
  const { credentials } = options;
  await writeFileAtomic(
    path,
    JSON.stringify({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration.toISOString(),
      // when they were fetched (about): how long they last tells readCredentialsCacheFile how much to keep
      cachedAt: new Date().toISOString(),
      mintedBy,
    }),
    { mode: 0o600 },
  );
  await rememberCachedCredentials({ profile: options.profile, env });
  return true;
}

/**
 * Leaves the pointer by which credential-process's cached answer (answerCredentialProcess) finds the
 * profile's credentials cache file without reading ~/.aws/config. writeCachedCredentials leaves it;
 * a caller that found the credentials already cached (readCachedCredentials) calls this, so that
 * after an edit of the config only the first call takes the long way. Best effort.
 */
export async function rememberCachedCredentials(options: {
  profile: SsoProfile;
  env?: NodeJS.ProcessEnv;
}): Promise<void> {
  await writeCredentialsPointer({
    // the profile asked for: a role chain's root answers with other credentials
    profileName: options.profile.roleChain?.profile ?? options.profile.name,
    cachePath: credentialsCachePath(options),
    env: options.env ?? process.env,
  });
}
