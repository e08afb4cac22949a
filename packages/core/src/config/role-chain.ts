import { SsoenvError } from "../errors.js";
import { profileHeader } from "./profile-header.js";
import { ssoenvProcessProfile } from "./ssoenv-process-profile.js";

/** One STS AssumeRole of a role chain: a profile with `role_arn` + `source_profile`. */
export interface RoleHop {
  /** The profile that names this role. */
  profile: string;
  /** Its section header as the config file writes it (`[profile deploy]`; `[default]` or `[profile default]`), for messages. */
  header: string;
  /** `role_arn`. */
  roleArn: string;
  /** `role_session_name`; absent: ssoenv picks one per call. */
  roleSessionName?: string;
  /** `duration_seconds` (900 to 43200; AWS caps a chained role at 3600). Absent: STS's default, 1 h. */
  durationSeconds?: number;
  /** `external_id`, when the role's trust policy asks for one. */
  externalId?: string;
  /** `mfa_serial`: the MFA device whose code AssumeRole must carry (asked for, as the AWS CLI does). */
  mfaSerial?: string;
}

/**
 * How a profile reaches its credentials from an SSO profile: the AssumeRole calls, root first. The
 * `SsoProfile` that carries it is the root (its SSO sign-in, account and permission set).
 */
export interface RoleChain {
  /** The profile asked for (the last hop's). */
  profile: string;
  /** The config file the chain was read from, for messages. */
  configPath: string;
  /** Root first: hops[0] is assumed with the SSO role credentials, each next one with the previous. */
  hops: RoleHop[];
}

type Section = Record<string, string | undefined>;

/** Where a profile has keys of its own (aws_access_key_id...): the file, and its header there. */
export interface KeysAt {
  file: string;
  header: string;
}

/** AWS's bounds for AssumeRole DurationSeconds. */
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43_200;

/**
 * Follows `source_profile` from `name` while profiles have a `role_arn`, as the AWS CLI and SDKs do,
 * to the profile that has no `role_arn` (the SSO profile at the root, checked by the caller).
 * Returns that root's name and the chain (undefined when `name` has no `role_arn`).
 *
 * @throws SsoenvError `CONFIG_INVALID` naming the file and profile: a loop, a missing source profile,
 *   `role_arn` without `source_profile` (or with `credential_source`), a bad `duration_seconds`;
 *   `NOT_SSO_PROFILE` for a source profile with keys of its own (the AWS tools take them).
 */
export function followRoleChain(options: {
  name: string;
  profiles: Readonly<Record<string, Section>>;
  configPath: string;
  /** The config file's text: a hint names `[default]` or `[profile default]` as the file has it. */
  configText?: string | undefined;
  /** Profiles with keys of their own, and where: a source profile with keys ends the chain for the AWS tools. */
  keys?: Readonly<Record<string, KeysAt>>;
}): { root: string; chain?: RoleChain } {
  const { profiles, configPath: file } = options;
  const header = (profile: string) => profileHeader(profile, options.configText);
  const hops: RoleHop[] = [];
  const seen: string[] = [];
  let name = options.name;
  for (let section = profiles[name]; section?.role_arn; section = profiles[name]) {
    seen.push(name);
    if (section.credential_source && section.source_profile) {
      // The AWS CLI and boto3 refuse it too: 'The profile "X" contains both source_profile and credential_source.'
      throw configError(
        `Profile "${name}" in ${file} has both source_profile and credential_source (the AWS CLI refuses it too)`,
        `remove credential_source from ${header(name)} in ${file}: ssoenv follows source_profile to an SSO profile`,
      );
    }
    if (section.credential_source) {
      throw configError(
        `Profile "${name}" in ${file} takes its source credentials from credential_source = ${section.credential_source}: ssoenv follows only source_profile chains that start at an SSO profile`,
        `set "source_profile = <an SSO profile>" instead of credential_source in ${header(name)}`,
      );
    }
    const source = section.source_profile;
    if (!source) {
      throw configError(
        `Profile "${name}" in ${file} has role_arn but no source_profile`,
        `add "source_profile = <an SSO profile>" to ${header(name)} in ${file}`,
      );
    }
    refuseSourceKeys(name, source, profiles, options.keys?.[source], file, header);
    hops.unshift(toHop(name, header(name), section, file));
    if (seen.includes(source)) {
      throw configError(
        `Profile "${name}" in ${file} has a source_profile loop: ${[...seen, source].join(" -> ")}`,
        `make the chain end at an SSO profile: change source_profile of ${header(name)} in ${file}`,
      );
    }
    if (!profiles[source]) {
      throw configError(
        `Profile "${name}" in ${file} has source_profile = ${source}, which is not defined there`,
        `add a ${header(source)} section to ${file}, or point source_profile of ${header(name)} at an SSO profile`,
      );
    }
    name = throughSsoenvProcess(source, profiles, seen, file, header);
  }
  if (hops.length === 0) return { root: name };
  return { root: name, chain: { profile: options.name, configPath: file, hops } };
}

/**
 * Refuses a source profile with keys of its own and no SSO keys: botocore (_resolve_credentials_from_profile)
 * and the JS SDK (resolveProfileData) take those keys as the source credentials, and do not follow its
 * role_arn (a profile may name itself as source_profile only so), so ssoenv's chain from an SSO profile
 * would be another identity than every AWS tool's.
 */
function refuseSourceKeys(
  name: string,
  source: string,
  profiles: Readonly<Record<string, Section>>,
  keys: KeysAt | undefined,
  file: string,
  header: (profile: string) => string,
): void {
  const section = profiles[source];
  if (!keys || !section || section.sso_session || section.sso_start_url) return;
  const what =
    source === name
      ? "assume its role with those keys"
      : section.role_arn
        ? "use those keys and do not follow its role_arn"
        : "use those keys";
  // NOT_SSO_PROFILE: for every AWS tool the profile's credentials come from keys, not SSO (an IAM
  // user's chain is a valid config, which doctor leaves alone as other profiles that are not SSO ones).
  throw new SsoenvError(
    "NOT_SSO_PROFILE",
    `Profile "${name}" in ${file} takes its role's source credentials from profile "${source}", which has keys (aws_access_key_id) in ${keys.file}: the AWS CLI and the SDKs ${what}, and ssoenv follows role chains that start at an SSO profile`,
    {
      hint: `${section.role_arn && source !== name ? `remove the keys from ${keys.header} in ${keys.file}, or ` : ""}point source_profile of ${header(name)} in ${file} at an SSO profile`,
    },
  );
}

/**
 * `source` itself, or the profile P its `credential_process = ssoenv credential-process --profile P`
 * hands out (the README's profile for older tools; AWS CLI 2.9 cannot chain from an sso-session
 * profile): the AWS tools run the process, and so take P's credentials. Only when nothing the AWS
 * tools take first is there (role_arn, SSO keys, static keys). `source` joins `seen`.
 */
function throughSsoenvProcess(
  source: string,
  profiles: Readonly<Record<string, Section>>,
  seen: string[],
  file: string,
  header: (profile: string) => string,
): string {
  const section = profiles[source] ?? {};
  const target = ssoenvProcessProfile(section.credential_process);
  const before =
    section.role_arn || section.sso_session || section.sso_start_url || section.aws_access_key_id;
  if (!target || before) return source;
  seen.push(source);
  if (seen.includes(target)) {
    throw configError(
      `Profile "${seen[0]}" in ${file} has a source_profile loop: ${[...seen, target].join(" -> ")}`,
      `make the chain end at an SSO profile: change the --profile of credential_process in ${header(source)} in ${file}`,
    );
  }
  if (!profiles[target]) {
    throw configError(
      `Profile "${source}" in ${file} runs ssoenv credential-process for profile "${target}", which is not defined there`,
      `add a ${header(target)} section to ${file}, or change the --profile of credential_process in ${header(source)}`,
    );
  }
  return target;
}

function toHop(name: string, header: string, section: Section, file: string): RoleHop {
  const roleArn = section.role_arn as string;
  if (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(roleArn)) {
    throw configError(
      `Profile "${name}" in ${file}: role_arn = ${roleArn} is not an IAM role ARN`,
      `set "role_arn = arn:aws:iam::123456789012:role/NAME" in ${header} in ${file}`,
    );
  }
  let durationSeconds: number | undefined;
  if (section.duration_seconds !== undefined) {
    durationSeconds = Number(section.duration_seconds);
    if (
      !/^\d+$/.test(section.duration_seconds.trim()) ||
      durationSeconds < MIN_DURATION_SECONDS ||
      durationSeconds > MAX_DURATION_SECONDS
    ) {
      throw configError(
        `Profile "${name}" in ${file}: duration_seconds = ${section.duration_seconds} is not a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}`,
        `set "duration_seconds = 3600" (a chained role lasts at most an hour) in ${header} in ${file}`,
      );
    }
  }
  const roleSessionName = section.role_session_name;
  // STS's own rule for RoleSessionName: said before any call, naming the file, as for duration_seconds.
  if (roleSessionName && !/^[\w+=,.@-]{2,64}$/.test(roleSessionName)) {
    throw configError(
      `Profile "${name}" in ${file}: role_session_name = "${roleSessionName}" is not a session name STS accepts`,
      `set role_session_name in ${header} in ${file} to 2 to 64 letters, digits or + = , . @ _ - (no spaces), e.g. role_session_name = ${roleSessionName.replace(/[^\w+=,.@-]+/g, "-").slice(0, 64) || "my-session"}`,
    );
  }
  return {
    profile: name,
    header,
    roleArn,
    ...(roleSessionName ? { roleSessionName } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(section.external_id ? { externalId: section.external_id } : {}),
    ...(section.mfa_serial ? { mfaSerial: section.mfa_serial } : {}),
  };
}

/** Account and role name of a role ARN (the role's path left out, as STS's assumed-role ARN does). */
export function parseRoleArn(roleArn: string): { accountId: string; roleName: string } {
  const match = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return { accountId: match?.[1] ?? "", roleName: match?.[2] ?? roleArn };
}

function configError(message: string, hint: string): SsoenvError {
  return new SsoenvError("CONFIG_INVALID", message, { hint });
}
