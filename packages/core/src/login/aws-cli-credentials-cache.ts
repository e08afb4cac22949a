import { createHash } from "node:crypto";
import { join } from "node:path";
import { awsCliCacheDir } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";

/**
 * Where the AWS CLI v2 caches the role credentials it got with SSO for a profile:
 * `~/.aws/cli/cache/<sha1 of {"accountId","roleName","sessionName" | "startUrl"}>.json`, as botocore
 * keys them (sorted keys, no spaces).
 */
export function awsCliCredentialsCachePath(profile: SsoProfile, env: NodeJS.ProcessEnv): string {
  const args: Record<string, string> = { accountId: profile.accountId, roleName: profile.roleName };
  if (profile.ssoSession) args.sessionName = profile.ssoSession;
  else args.startUrl = profile.startUrl;
  return cachePath(JSON.stringify(sortedKeys(args)), env);
}

/**
 * Where the AWS CLI v2 caches the AssumeRole credentials of each hop of a profile's role chain (none
 * without one): `~/.aws/cli/cache/<sha1 of the AssumeRole arguments>.json`, as botocore's
 * BaseAssumeRoleCredentialFetcher keys them: RoleArn, and RoleSessionName, ExternalId, SerialNumber
 * and DurationSeconds where the profile sets them, in Python's json.dumps(sort_keys=True) form.
 */
export function awsCliAssumeRoleCachePaths(profile: SsoProfile, env: NodeJS.ProcessEnv): string[] {
  return (profile.roleChain?.hops ?? []).map((hop) => {
    const args: Record<string, string | number> = { RoleArn: hop.roleArn };
    if (hop.roleSessionName !== undefined) args.RoleSessionName = hop.roleSessionName;
    if (hop.externalId !== undefined) args.ExternalId = hop.externalId;
    if (hop.mfaSerial !== undefined) args.SerialNumber = hop.mfaSerial;
    if (hop.durationSeconds !== undefined) args.DurationSeconds = hop.durationSeconds;
    return cachePath(pythonJson(sortedKeys(args)), env);
  });
}

function cachePath(key: string, env: NodeJS.ProcessEnv): string {
  const hash = createHash("sha1").update(key).digest("hex");
  return join(awsCliCacheDir(env), `${hash}.json`);
}

function sortedKeys<V>(args: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(args).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** json.dumps of a flat object with its default separators ", " and ": " (AWS takes only ASCII in these). */
function pythonJson(args: Record<string, string | number>): string {
  const items = Object.entries(args).map(
    ([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return `{${items.join(", ")}}`;
}
