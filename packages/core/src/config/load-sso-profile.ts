import { loadSharedConfigFiles, loadSsoSessionData } from "@smithy/shared-ini-file-loader";
import type { EndpointConfig } from "../aws/configured-endpoint.js";
import { parseMaxAttempts } from "../aws/max-attempts.js";
import { type MissingProfile, SsoenvError } from "../errors.js";
import { callOption } from "../text/call-option.js";
import { closestName } from "../text/closest-name.js";
import { someNames } from "../text/some-names.js";
import { validateOptions } from "../validate-options.js";
import { configFilePath, credentialsFilePath } from "./aws-paths.js";
import { findBareProfileHeader } from "./find-bare-profile-header.js";
import { findConfigLineProblems } from "./find-config-problems.js";
import { findKeylessProfileHeader } from "./find-keyless-profile-header.js";
import { findSkippedHeader } from "./find-skipped-header.js";
import { lowerCaseKeys } from "./lower-case-keys.js";
import { missingConfigFile } from "./missing-config-file.js";
import { profileHeader } from "./profile-header.js";
import { didYouMean, profileNotFound, profileNotFoundHead } from "./profile-not-found.js";
import { readSessionDuration, readSessionDurationVariable } from "./read-session-duration.js";
import { isAcceptedRegion } from "./region-name.js";
import { profileNameVariable, resolveProfileName } from "./resolve-profile-name.js";
import { followRoleChain, type KeysAt, type RoleChain } from "./role-chain.js";
import { SDK_SECTION_NAME, safeProfileName, withoutAccents } from "./safe-profile-name.js";
import { setVariableCommand } from "./set-variable-command.js";
import { ssoenvProcessProfile } from "./ssoenv-process-profile.js";
import { validateConfigFile } from "./validate-config-file.js";
import { validateCredentialsFile } from "./validate-credentials-file.js";

/** An SSO profile from `~/.aws/config`, with its sso-session (if any) already resolved. */
export interface SsoProfile {
  /** Profile name (`[profile NAME]`, or `default`). */
  name: string;
  /** `sso_session` of the profile; absent for a legacy profile. */
  ssoSession?: string;
  /** `sso_start_url` (from the sso-session, or the legacy profile). */
  startUrl: string;
  /** `sso_region`: where IAM Identity Center lives. */
  ssoRegion: string;
  /** `sso_account_id`. */
  accountId: string;
  /** `sso_role_name`: the permission set. */
  roleName: string;
  /** `region` of the profile: the region for the workload, not for SSO. */
  region?: string;
  /** `sso_registration_scopes`, split on commas (sso-session profiles only). */
  registrationScopes?: string[];
  /** True for the legacy form (`sso_start_url`/`sso_region` in the profile, no sso-session). */
  legacy: boolean;
  /**
   * `ssoenv_session_duration` of the sso-session (or legacy profile): how long a sign-in lasts in
   * this IAM Identity Center (its "session duration" setting; AWS's default is 8 h). Other AWS tools
   * ignore the key. Absent when not set.
   */
  sessionDurationMs?: number;
  /**
   * True when this stands for an sso-session rather than a profile (commands that need no account or
   * role, such as `profiles sync`): `name` is the sso-session's, and a login uses `--sso-session`.
   */
  sessionOnly?: boolean;
  /**
   * True for a profile with neither `sso_account_id` nor `sso_role_name`: it only signs in (AWS's shape
   * for CodeCatalyst; `aws sso login --profile` needs no more). `accountId` and `roleName` are then "".
   * Only loadSsoProfileToSignIn gives one; loadSsoProfile refuses it (it has no role credentials).
   */
  loginOnly?: boolean;
  /**
   * Set when the profile asked for assumes a role (`role_arn` + `source_profile`, any depth): this
   * SsoProfile is then the SSO profile at the chain's root (its `name`, sign-in, account and
   * permission set), except `region` and the client settings (`useDualstackEndpoint`, `useFipsEndpoint`, `caBundle`,
   * `maxAttempts`, `endpointConfig`), which are the asked profile's, as in botocore; the chain says
   * which roles to assume from there.
   */
  roleChain?: RoleChain;
  /**
   * `use_dualstack_endpoint = true` in the profile (the asked one, for a role chain): SSO, SSO OIDC and
   * STS over their dual-stack endpoints.
   */
  useDualstackEndpoint?: boolean;
  /**
   * `use_fips_endpoint = true` in the profile (the asked one, for a role chain): SSO, SSO OIDC and STS
   * over their FIPS endpoints, as the AWS CLI calls them.
   */
  useFipsEndpoint?: boolean;
  /**
   * `ca_bundle` of the profile (the asked one, for a role chain): the CA bundle to trust for SSO, SSO
   * OIDC and STS when `AWS_CA_BUNDLE` is not set, as the AWS CLI and boto3 do.
   */
  caBundle?: string;
  /**
   * `max_attempts` of the profile (the asked one, for a role chain): how many attempts each AWS call
   * makes when `AWS_MAX_ATTEMPTS` is not set, as in the AWS CLI and boto3. Absent when not set.
   */
  maxAttempts?: number;
  /**
   * `retry_mode` of the profile (the asked one, for a role chain) as written. ssoenv retries on its own
   * and does not use it; doctor names a value the AWS CLI v2 refuses (isAwsCliRetryMode).
   */
  retryMode?: string;
  /**
   * The profile's endpoint settings (the asked one, for a role chain): `endpoint_url`, `services =
   * NAME` with its `[services NAME]` section, `ignore_configured_endpoint_urls`. SSO, SSO OIDC, STS and
   * the console's sign-in take them below the `AWS_ENDPOINT_URL*` variables, as every AWS SDK does.
   * Absent when the profile has none.
   */
  endpointConfig?: EndpointConfig;
}

export interface LoadSsoProfileOptions {
  /** @default resolveProfileName() — SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default" */
  profile?: string;
  /** Environment for HOME, AWS_CONFIG_FILE, AWS_PROFILE, AWS_DEFAULT_PROFILE. @default process.env */
  env?: NodeJS.ProcessEnv;
}

type Section = Record<string, string | undefined>;

/** What a profile is loaded for: `toSignIn` (login, logout) needs no account or role. */
interface Use {
  toSignIn: boolean;
}

interface ParsedConfig {
  configPath: string;
  configExists: boolean;
  /** Profiles by name: the config file's, with the credentials file's values over them (as the SDKs merge). */
  profiles: Record<string, Section>;
  /** The config file's text, for messages that name a line (undefined when there is no file). */
  configText?: string | undefined;
  /** Names of profiles defined in the config file (not the credentials file). */
  configProfileNames: string[];
  ssoSessions: Record<string, Section>;
  /** The config file's `[services NAME]` sections by NAME (keys as `sso.endpoint_url`). */
  servicesSections: Record<string, Section>;
  /** Where each profile with keys of its own (aws_access_key_id...) has them: the credentials file's first. */
  keys: Record<string, KeysAt>;
}

/**
 * Reads an SSO profile the way the AWS SDK does (`@smithy/shared-ini-file-loader`, `AWS_CONFIG_FILE`
 * honoured) and checks it has everything a login needs.
 *
 * @example const profile = await loadSsoProfile({ profile: "dev" });
 * A profile with `role_arn` + `source_profile` is followed to the SSO profile at its root (any depth),
 * as the AWS CLI does: see `SsoProfile.roleChain`.
 *
 * @throws SsoenvError `PROFILE_NOT_FOUND` (no such profile, or no config file),
 *   `NOT_SSO_PROFILE` (a profile, or a role chain's root, without sso_session / sso_start_url),
 *   `CONFIG_INVALID` (a key is missing or an sso-session is not defined; a source_profile loop or a
 *   missing source profile; the file is a directory, unreadable, or has lines the AWS CLI refuses: see
 *   validateConfigFile; the credentials file has lines the AWS CLI refuses). Messages name the profile,
 *   the key and the file; the hint says how to fix it.
 */
export async function loadSsoProfile(options: LoadSsoProfileOptions = {}): Promise<SsoProfile> {
  validateOptions({
    fn: "loadSsoProfile",
    options,
    kinds: { profile: "string", env: "env" },
    example: 'loadSsoProfile({ profile: "dev" })',
  });
  return loadProfile(options, { toSignIn: false });
}

/**
 * loadSsoProfile for a login or a logout, which need only the sign-in (its start URL and region), as
 * `aws sso login --profile` does: a profile with neither sso_account_id nor sso_role_name is taken
 * (`loginOnly`). One with only one of them is still refused: it is meant to have a role.
 */
export async function loadSsoProfileToSignIn(options: LoadSsoProfileOptions = {}): Promise<SsoProfile> {
  return loadProfile(options, { toSignIn: true });
}

async function loadProfile(options: LoadSsoProfileOptions, use: Use): Promise<SsoProfile> {
  const env = options.env ?? process.env;
  const name = resolveProfileName({ profile: options.profile, env });
  const config = await readConfig(env);
  if (name === "default") refuseTwoDefaults(config);
  const section = config.profiles[name];
  if (!section) {
    // Where the name came from, on the error for callers and in its message when it was not typed.
    const variable = profileNameVariable({ profile: options.profile, env });
    const missing: MissingProfile = {
      name,
      source: options.profile ? "option" : (variable ?? "default"),
    };
    if (!config.configExists) {
      throw missingConfigFile({
        code: "PROFILE_NOT_FOUND",
        what: profileNotFoundHead(missing),
        configPath: config.configPath,
        env,
        create: `aws configure sso --profile ${usableProfileName(name)}`,
        profile: missing,
      });
    }
    // The AWS CLI reads `[profile "my dev"]` or `[profile   dev  ]`, the SDKs (and ssoenv) skip it; no
    // tool reads `[profile My Dev]`, but the file has it, so "add a section" would mislead.
    const skipped = config.configText
      ? findSkippedHeader({ text: config.configText, kind: "profile", name })
      : undefined;
    if (skipped) {
      throw profileNotFound({
        profile: missing,
        detail: `: line ${skipped.line} of ${config.configPath} ${skipped.reason}`,
        hint: skipped.hint,
      });
    }
    // [profile colon] whose lines are all `key: value`: the AWS CLI has the profile, the SDKs none.
    const keyless = config.configText
      ? findKeylessProfileHeader({ text: config.configText, name })
      : undefined;
    if (keyless) {
      throw profileNotFound({
        profile: missing,
        detail: `: line ${keyless.line} of ${config.configPath} has ${profileHeader(name)}, but none of its lines is key = value as the AWS SDKs and ssoenv read them (key: value lines and empty values are skipped; the AWS CLI reads key: value)`,
        hint: `write each line of ${profileHeader(name)} as key = value (ssoenv doctor names the lines)`,
      });
    }
    const bare = await findBareProfileHeader({ name, path: config.configPath });
    if (bare) {
      throw profileNotFound({
        profile: missing,
        detail: `: line ${bare.line} of ${config.configPath} has [${name}], the credentials file's form, which the AWS CLI, boto3 and the SDKs skip in the config file`,
        hint: `write the header as [profile ${name}] (in the config file every profile but default is [profile NAME])`,
      });
    }
    const known = config.configProfileNames;
    const sessions = Object.keys(config.ssoSessions);
    if (name === "default" && !variable && known.length === 0 && sessions.length > 0) {
      // As `aws configure sso-session` leaves it: the profiles are still to be written.
      const first = sessions[0] as string;
      throw profileNotFound({
        profile: missing,
        detail: `: ${config.configPath} has no profile yet, only ${sessions.map((s) => `[sso-session ${s}]`).join(", ")}`,
        hint: `ssoenv profiles sync --sso-session ${first} (a profile for every account and role you are assigned; it logs in first), or ssoenv login --sso-session ${first} to log in alone`,
      });
    }
    if (name === "default" && !profileNameVariable({ env }) && known.length > 0) {
      // Most likely nothing named a profile and "default" is only the fallback (commands resolve it
      // before they get here, so a typed --profile default looks the same: the words fit both). The
      // fix is to name one, not to add a [profile default].
      throw profileNotFound({
        profile: missing,
        detail: ` in ${config.configPath} (profiles there: ${someProfileNames(known, name)}); ${defaultWhenUnnamed(env)}`,
        hint: `${nameYours(known, env)}; or add a [default] section to ${config.configPath}`,
      });
    }
    // A typo of a profile there (`dve`, `Dev`): its name first, not a new section to log out of.
    const meant = closestName(name, known) ?? onlyCompletion(name, known);
    const usable = usableProfileName(name);
    const create =
      usable === name
        ? `add a ${profileHeader(name)} section to ${config.configPath}, or run: aws configure sso --profile ${name}`
        : `${unreadBy(name)}: name it ${usable}: add a ${profileHeader(usable)} section to ${config.configPath}, or run: aws configure sso --profile ${usable}`;
    // A name typed or from ssoenv.toml, near none there, with an [sso-session] in the file: it may be one
    // `profiles sync` writes (a team's ssoenv.toml names them so), not synced yet on this laptop.
    const sync =
      sessions.length > 0 && usable === name
        ? "ssoenv profiles sync (writes a profile for every account and role your sso-sessions give you), or "
        : "";
    throw profileNotFound({
      profile: missing,
      detail: ` in ${config.configPath}${known.length ? ` (profiles there: ${someProfileNames(known, name)})` : ""}`,
      hint: meant
        ? `${variable ? `did you mean ${meant}? ${setVariable(variable, meant, env)}` : didYouMean(meant)}; else ${create}`
        : variable
          ? `unset ${variable} or set it to a profile that exists, or ${create}`
          : `${sync}${create}`,
    });
  }
  if (name === "default" && !profileNameVariable({ env })) refuseUnnamedPlainDefault(section, config, env);
  const profile = profileFromConfig(name, section, config, use);
  checkRegionNames(profile, config);
  // Overrides the profile's ssoenv_session_duration: refused here, as that key is, before any call.
  readSessionDurationVariable(env);
  return profile;
}

/**
 * `[default]` with only a region (as `aws configure` writes it) when nothing named a profile: the fix
 * is to name one of the SSO profiles there, as for a missing [default], not first to make [default] one.
 */
function refuseUnnamedPlainDefault(section: Section, config: ParsedConfig, env: NodeJS.ProcessEnv): void {
  if (section.sso_session || section.sso_start_url || section.role_arn || section.credential_process) return;
  const file = config.configPath;
  const ssoProfiles = config.configProfileNames.filter((name) => {
    const other = config.profiles[name];
    return name !== "default" && other !== undefined && Boolean(other.sso_session || other.sso_start_url);
  });
  const sessions = Object.keys(config.ssoSessions);
  const name =
    ssoProfiles.length > 0
      ? nameYours(ssoProfiles, env)
      : sessions[0]
        ? `ssoenv profiles sync --sso-session ${sessions[0]} (a profile for every account and role you are assigned), then name one with ${callOption("profile")}`
        : undefined;
  if (!name) return;
  throw new SsoenvError(
    "NOT_SSO_PROFILE",
    `Profile "default" in ${file} is not an SSO profile (it has neither sso_session nor sso_start_url); ${defaultWhenUnnamed(env)}`,
    { hint: `${name}; or make [default] an SSO profile: aws configure sso --profile default` },
  );
}

/**
 * Refuses `[default]` after `[profile default]`: the AWS CLI and boto3 read the later section alone,
 * the AWS SDKs `[profile default]` alone, so each would use another account or region; ssoenv would
 * silently agree with one of them. (`[default]` first is `[profile default]` to all of them.)
 */
function refuseTwoDefaults(config: ParsedConfig): void {
  const text = config.configText;
  const later = text && findConfigLineProblems(text).find((p) => p.reason === "two-defaults");
  if (!text || !later) return;
  const first = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .findIndex((line) => /^\s*\[\s*profile\s+default\s*\]/.test(line));
  throw new SsoenvError(
    "CONFIG_INVALID",
    `${config.configPath} defines the default profile twice, [profile default] on line ${first + 1} and [default] on line ${later.line}: the AWS CLI and boto3 read only the later one, the AWS SDKs only [profile default]`,
    { hint: `merge the two into one [default] section in ${config.configPath}` },
  );
}

/**
 * Refuses a region or sso_region that cannot be a host name (`eu_west_1`, `us east 1`), as the AWS
 * CLI refuses the profile, before any call: the SDK's "Region not accepted" would otherwise be taken
 * for a network failure and retried. Doctor warns about other odd ones (`us-east1`).
 */
function checkRegionNames(profile: SsoProfile, config: ParsedConfig): void {
  const asked = profile.roleChain?.profile ?? profile.name;
  const ssoSection = profile.legacy
    ? profileHeader(profile.name, config.configText)
    : `[sso-session ${profile.ssoSession}]`;
  for (const [key, value, section, example] of [
    ["region", profile.region, profileHeader(asked, config.configText), "an AWS region, e.g. eu-west-1"],
    ["sso_region", profile.ssoRegion, ssoSection, "your IAM Identity Center's region, e.g. us-east-1"],
  ] as const) {
    if (value === undefined || isAcceptedRegion(value)) continue;
    throw new SsoenvError(
      "CONFIG_INVALID",
      `${key} = ${value} in ${section} of ${config.configPath} is not a region name: the AWS CLI and the SDKs refuse it (letters, digits and - only)`,
      { hint: `set ${key} in ${section} of ${config.configPath} to ${example}` },
    );
  }
}

/** loadSsoProfile for a profile the parsed config has: an SSO profile, or a role chain to one. */
function profileFromConfig(name: string, section: Section, config: ParsedConfig, use: Use): SsoProfile {
  const { root, chain } = followRoleChain({
    name,
    profiles: config.profiles,
    configPath: config.configPath,
    configText: config.configText,
    keys: config.keys,
  });
  if (!chain) return toSsoProfile(name, section, config, use);
  // The client settings (max_attempts, retry_mode, ca_bundle, use_dualstack/fips_endpoint, endpoints) and the region are
  // the asked profile's alone: botocore makes every client of the chain, SSO's and each hop's STS, in
  // that profile. The root's are never read, so a value there they take (even "x") must not stop ssoenv.
  const { max_attempts: _rootMaxAttempts, ...rootSection } = config.profiles[root] as Section;
  const {
    region: _rootRegion,
    useDualstackEndpoint: _rootDualstack,
    useFipsEndpoint: _rootFips,
    caBundle: _rootCaBundle,
    retryMode: _rootRetryMode,
    endpointConfig: _rootEndpointConfig,
    ...sso
  } = rootOfChain(root, rootSection, config, chain.hops[0]?.profile ?? name, use);
  return {
    ...sso,
    ...(section.region ? { region: section.region } : {}),
    ...clientSettingsOf(profileHeader(name, config.configText), section, config),
    roleChain: chain,
  };
}

/**
 * Every valid SSO profile of the config file, in file order. Profiles that are not SSO profiles, or
 * that `loadSsoProfile` would reject, are left out.
 */
export async function listSsoProfiles(options: { env?: NodeJS.ProcessEnv } = {}): Promise<SsoProfile[]> {
  validateOptions({ fn: "listSsoProfiles", options, kinds: { env: "env" }, example: "listSsoProfiles()" });
  return listProfiles(options.env ?? process.env, { toSignIn: false });
}

/**
 * listSsoProfiles with the profiles that only sign in (`loginOnly`): every sign-in the config's
 * profiles name, for the sign-ins' list (a logout of a profile that only signs in).
 */
export async function listProfilesToSignIn(env: NodeJS.ProcessEnv): Promise<SsoProfile[]> {
  return listProfiles(env, { toSignIn: true });
}

async function listProfiles(env: NodeJS.ProcessEnv, use: Use): Promise<SsoProfile[]> {
  const config = await readConfig(env);
  const result: SsoProfile[] = [];
  for (const name of config.configProfileNames) {
    const section = config.profiles[name];
    if (!section) continue;
    try {
      result.push(toSsoProfile(name, section, config, use));
    } catch {
      // Not an SSO profile, or an invalid one: `loadSsoProfile` reports the details when asked.
    }
  }
  return result;
}

/** A profile of the config file as loadSsoProfile gives it: the profile, or the error it throws. */
export type ConfigProfile = { name: string; profile: SsoProfile } | { name: string; error: unknown };

/**
 * Every profile defined in the config file (`[profile NAME]` and `[default]`), in file order, whatever
 * its kind, each with what loadSsoProfile gives for it: the profile, or the error it throws. One read
 * of the files for all (loadSsoProfile reads them on each call: after a sync of 300 accounts x 4
 * roles, doctor's check of 1,205 profiles took ~38 s that way).
 *
 * @throws SsoenvError `CONFIG_INVALID` when the file cannot be read as INI at all.
 */
export async function loadConfigProfiles(
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<ConfigProfile[]> {
  const config = await readConfig(options.env ?? process.env);
  return config.configProfileNames.flatMap((name): ConfigProfile[] => {
    const section = config.profiles[name];
    if (!section) return [];
    try {
      return [{ name, profile: profileFromConfig(name, section, config, { toSignIn: false }) }];
    } catch (error) {
      return [{ name, error }];
    }
  });
}

async function readConfig(env: NodeJS.ProcessEnv): Promise<ParsedConfig> {
  const configPath = configFilePath(env);
  const credentialsPath = credentialsFilePath(env);
  // A directory, an unreadable file or lines the AWS CLI refuses: said here, naming the file, rather
  // than read by the SDK's loader as an empty config ("profile not found") or half a config.
  const { exists: configExists, text: configText } = await validateConfigFile({ path: configPath });
  await validateCredentialsFile({ path: credentialsPath });
  let files: Awaited<ReturnType<typeof loadSharedConfigFiles>>;
  let ssoSessions: Record<string, Section>;
  try {
    // From the SDK's memo of both files, which the checks above just read (readAwsFile): a pipe is
    // read once, a regular file once per load (a long-lived process sees edits).
    files = await loadSharedConfigFiles({ configFilepath: configPath, filepath: credentialsPath });
    ssoSessions = (await loadSsoSessionData({ configFilepath: configPath })) as Record<string, Section>;
  } catch (error) {
    throw new SsoenvError("CONFIG_INVALID", `Cannot parse the AWS config file ${configPath}`, {
      hint: `fix the file ${configPath} (INI format: [profile NAME] and [sso-session NAME] sections)`,
      cause: error,
    });
  }
  const configFile = lowerCaseKeys(files.configFile as Record<string, Section>);
  const credentialsFile = lowerCaseKeys(files.credentialsFile as Record<string, Section>);
  ssoSessions = lowerCaseKeys(ssoSessions);
  const configProfileNames = Object.keys(configFile).filter(
    (key) => !key.startsWith("sso-session.") && !key.startsWith("services."),
  );
  // A profile in both files: the credentials file's values win, as in the AWS CLI, boto3 and the JS
  // SDK (parseKnownFiles), so ssoenv never picks another account or region than they do.
  const profiles: Record<string, Section> = {};
  for (const key of configProfileNames) profiles[key] = { ...configFile[key] };
  for (const [key, values] of Object.entries(credentialsFile))
    profiles[key] = { ...profiles[key], ...values };
  const keys: Record<string, KeysAt> = {};
  const hasKeys = (values: Section) => Boolean(values.aws_access_key_id || values.aws_secret_access_key);
  for (const key of configProfileNames) {
    const values = configFile[key];
    if (values && hasKeys(values)) keys[key] = { file: configPath, header: profileHeader(key, configText) };
  }
  for (const [key, values] of Object.entries(credentialsFile))
    if (hasKeys(values)) keys[key] = { file: credentialsPath, header: `[${key}]` };
  const servicesSections: Record<string, Section> = {};
  for (const [key, values] of Object.entries(configFile))
    if (key.startsWith("services.")) servicesSections[key.slice("services.".length)] = values;
  return {
    configPath,
    configExists,
    configText,
    profiles,
    configProfileNames,
    ssoSessions,
    servicesSections,
    keys,
  };
}

/**
 * toSsoProfile of a role chain's root; a root that is not an SSO profile is said as the chain's
 * problem (the profile asked for is not the one named in a bare NOT_SSO_PROFILE).
 */
function rootOfChain(
  root: string,
  section: Section,
  config: ParsedConfig,
  hop: string,
  use: Use,
): SsoProfile {
  if (!section.sso_session && !section.sso_start_url) {
    const file = config.configPath;
    throw new SsoenvError(
      "NOT_SSO_PROFILE",
      `Profile "${hop}" in ${file} takes its role's source credentials from profile "${root}" (source_profile), which is not an SSO profile (it has neither sso_session nor sso_start_url): ssoenv follows role chains that start at an SSO profile`,
      {
        hint: `point source_profile of ${profileHeader(hop, config.configText)} in ${file} at an SSO profile (ssoenv profiles list), or make ${profileHeader(root, config.configText)} one: aws configure sso --profile ${root}`,
      },
    );
  }
  return toSsoProfile(root, section, config, use);
}

/** An IAM Identity Center permission set's name, as AWS allows it (1 to 32 of [\w+=,.@-]). */
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;

function toSsoProfile(name: string, section: Section, config: ParsedConfig, use: Use): SsoProfile {
  const file = config.configPath;
  const where = `profile "${name}" in ${file}`;
  const header = profileHeader(name, config.configText);
  const sessionName = section.sso_session;
  if (!sessionName && !section.sso_start_url) {
    const target = ssoenvProcessProfile(section.credential_process);
    if (target) {
      throw new SsoenvError(
        "NOT_SSO_PROFILE",
        `Profile "${name}" in ${file} is not an SSO profile: its credential_process runs ssoenv for profile "${target}"`,
        { hint: `use profile ${target} itself (${callOption("profile", target)}, or AWS_PROFILE=${target})` },
      );
    }
    throw new SsoenvError(
      "NOT_SSO_PROFILE",
      `Profile "${name}" in ${file} is not an SSO profile (it has neither sso_session nor sso_start_url)`,
      {
        hint: `add "sso_session = NAME", "sso_account_id" and "sso_role_name" to ${header} with an [sso-session NAME] section, or run: aws configure sso --profile ${name}`,
      },
    );
  }

  let startUrl: string | undefined;
  let ssoRegion: string | undefined;
  let registrationScopes: string[] | undefined;
  let sessionDurationMs: number | undefined;
  if (sessionName) {
    const session = config.ssoSessions[sessionName];
    if (!session) {
      // The AWS CLI reads `[sso-session "my corp"]` or `[sso-session  corp ]`, the SDKs (and ssoenv) skip
      // it; no tool reads `[sso-session my corp]`.
      const skipped = config.configText
        ? findSkippedHeader({ text: config.configText, kind: "sso-session", name: sessionName })
        : undefined;
      if (skipped) {
        throw new SsoenvError(
          "CONFIG_INVALID",
          `Profile "${name}" refers to sso-session "${sessionName}": line ${skipped.line} of ${file} ${skipped.reason}`,
          { hint: skipped.hint },
        );
      }
      // `sso_session = Corp` for [sso-session corp]: the AWS CLI refuses it too, names are case-sensitive.
      const meant = closestName(sessionName, Object.keys(config.ssoSessions));
      const guess = meant
        ? `did you mean ${meant}? set sso_session = ${meant} in ${header}${meant.toLowerCase() === sessionName.toLowerCase() ? " (sso-session names are case-sensitive)" : ""}; else `
        : "";
      throw new SsoenvError(
        "CONFIG_INVALID",
        `Profile "${name}" refers to sso-session "${sessionName}", which is not defined in ${file}`,
        {
          hint: `${guess}add an [sso-session ${sessionName}] section with sso_start_url and sso_region to ${file}`,
        },
      );
    }
    for (const key of ["sso_start_url", "sso_region"] as const) {
      if (!session[key]) {
        throw new SsoenvError(
          "CONFIG_INVALID",
          `sso-session "${sessionName}" (used by profile "${name}") in ${file} is missing ${key}`,
          { hint: `add "${key} = ..." to [sso-session ${sessionName}] in ${file}` },
        );
      }
      // The SDK refuses a profile whose own sso_* value contradicts its sso-session.
      if (section[key] && section[key] !== session[key]) {
        throw new SsoenvError(
          "CONFIG_INVALID",
          `${where} sets ${key} = ${section[key]}, but its sso-session "${sessionName}" says ${session[key]}`,
          { hint: `remove ${key} from ${header} in ${file} (the sso-session's value is used)` },
        );
      }
    }
    startUrl = session.sso_start_url;
    ssoRegion = session.sso_region;
    sessionDurationMs = readSessionDuration({ values: session, section: `sso-session ${sessionName}`, file });
    registrationScopes = session.sso_registration_scopes
      ?.split(",")
      .map((scope) => scope.trim())
      .filter(Boolean);
  } else {
    startUrl = section.sso_start_url;
    ssoRegion = section.sso_region;
    if (!ssoRegion) throw missingKey(name, header, file, "sso_region");
    sessionDurationMs = readSessionDuration({ values: section, section: `profile ${name}`, file });
  }

  const accountId = section.sso_account_id ?? "";
  const roleName = section.sso_role_name ?? "";
  // Neither: the profile only signs in (botocore's SSO credential provider skips such a profile, and
  // `aws sso login --profile` takes it). Only one: a profile meant to have a role, missing a key.
  const loginOnly = !accountId && !roleName;
  // Written in the [sso-session] instead: botocore takes them from there when the profile has one of
  // the two, the JS SDK never. Said, so that the fix is to move them, not to add them again.
  const session = sessionName ? config.ssoSessions[sessionName] : undefined;
  const misplaced = (["sso_account_id", "sso_role_name"] as const).filter(
    (key) => !section[key] && session?.[key],
  );
  if (session && misplaced.length > 0 && !(loginOnly && use.toSignIn)) {
    throw misplacedKeys({
      name,
      header,
      file,
      sessionName: sessionName as string,
      session,
      keys: misplaced,
      loginOnly,
    });
  }
  if (loginOnly && !use.toSignIn) throw signsInOnly(name, header, sessionName, startUrl as string, config);
  if (!loginOnly && !accountId) throw missingKey(name, header, file, "sso_account_id");
  if (!loginOnly && !roleName) throw missingKey(name, header, file, "sso_role_name");
  if (!loginOnly && !/^\d{12}$/.test(accountId)) {
    throw new SsoenvError(
      "CONFIG_INVALID",
      `${where}: sso_account_id "${accountId}" is not a 12-digit AWS account ID`,
      { hint: `set "sso_account_id = 123456789012" (your account's ID) in ${header} in ${file}` },
    );
  }
  // Every AWS tool sends the name as written (quotes too), and AWS answers "No access", which reads
  // like a missing assignment; a permission set's name can only be this.
  if (!loginOnly && !PERMISSION_SET_NAME.test(roleName)) {
    const unquoted = roleName.replace(/^(["'])(.*)\1$/, "$2");
    const fixed = PERMISSION_SET_NAME.test(unquoted) ? unquoted : "<the permission set's name>";
    throw new SsoenvError(
      "CONFIG_INVALID",
      `${where}: sso_role_name ${JSON.stringify(roleName)} is not a permission set name (letters, digits and + = , . @ _ - only): the AWS CLI and the SDKs send it as written, and AWS answers "No access"`,
      { hint: `set "sso_role_name = ${fixed}" in ${header} in ${file}` },
    );
  }

  return {
    name,
    ...(sessionName ? { ssoSession: sessionName } : {}),
    startUrl: startUrl as string,
    ssoRegion: ssoRegion as string,
    accountId,
    roleName,
    ...(section.region ? { region: section.region } : {}),
    ...(registrationScopes?.length ? { registrationScopes } : {}),
    legacy: !sessionName,
    ...(sessionDurationMs ? { sessionDurationMs } : {}),
    ...(loginOnly ? { loginOnly } : {}),
    ...clientSettingsOf(header, section, config),
  };
}

/** What shapes a profile's AWS clients beside the environment (see SsoProfile for each). */
export type ClientSettings = Pick<
  SsoProfile,
  "useDualstackEndpoint" | "useFipsEndpoint" | "caBundle" | "maxAttempts" | "retryMode" | "endpointConfig"
>;

/**
 * The client settings of the current profile (SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, else
 * [default]), whatever its kind: what a command on an sso-session alone makes its clients with, as
 * `aws sso login --sso-session NAME` makes its SSO OIDC client in the AWS CLI's current profile
 * (botocore's session.create_client reads that profile's endpoint_url, services, ca_bundle and
 * use_dualstack_endpoint). None when the files have no such profile: the sso-session needs none.
 *
 * @throws SsoenvError `CONFIG_INVALID` (the files cannot be read, a bad max_attempts).
 */
export async function loadCurrentClientSettings(options: {
  /** @default resolveProfileName({ env }) */
  profile?: string | undefined;
  env: NodeJS.ProcessEnv;
}): Promise<ClientSettings> {
  const config = await readConfig(options.env);
  const name = resolveProfileName({
    ...(options.profile ? { profile: options.profile } : {}),
    env: options.env,
  });
  const section = config.profiles[name];
  if (!section) return {};
  return clientSettingsOf(profileHeader(name, config.configText), section, config);
}

/** The client settings a profile's section sets. */
function clientSettingsOf(header: string, section: Section, config: ParsedConfig): ClientSettings {
  const maxAttempts = maxAttemptsOf(header, section, config.configPath);
  const endpointConfig = endpointConfigOf(header, section, config);
  return {
    ...(section.use_dualstack_endpoint?.trim().toLowerCase() === "true"
      ? { useDualstackEndpoint: true }
      : {}),
    ...(section.use_fips_endpoint?.trim().toLowerCase() === "true" ? { useFipsEndpoint: true } : {}),
    ...(section.ca_bundle ? { caBundle: section.ca_bundle } : {}),
    ...(maxAttempts ? { maxAttempts } : {}),
    ...(section.retry_mode !== undefined ? { retryMode: section.retry_mode } : {}),
    ...(endpointConfig ? { endpointConfig } : {}),
  };
}

/** The profile's endpoint settings as written (checked when used: configuredEndpoint); none: undefined. */
function endpointConfigOf(
  header: string,
  section: Section,
  config: ParsedConfig,
): EndpointConfig | undefined {
  const { endpoint_url: endpointUrl, services, ignore_configured_endpoint_urls: ignore } = section;
  if (!endpointUrl && !services && !ignore) return undefined;
  return {
    file: config.configPath,
    header,
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(services ? { services: servicesOf(services, config) } : {}),
    ...(ignore ? { ignoreConfiguredEndpointUrls: ignore } : {}),
  };
}

/**
 * `services = NAME`'s section; when the SDK's reader has none, the header boto3 reads as NAME and the
 * SDKs skip (`[services local ]`), for configuredEndpoint to name instead of "no such section".
 */
function servicesOf(name: string, config: ParsedConfig): NonNullable<EndpointConfig["services"]> {
  const section = config.servicesSections[name];
  if (section || !config.configText) return { name, section };
  const skipped = findSkippedHeader({ text: config.configText, kind: "services", name });
  return { name, section, ...(skipped ? { skipped } : {}) };
}

/** `max_attempts` of a profile, refused as boto3 refuses it (a whole number, at least 1). */
function maxAttemptsOf(header: string, section: Section, file: string): number | undefined {
  const value = section.max_attempts;
  if (value === undefined) return undefined;
  const attempts = parseMaxAttempts(value);
  if (attempts === undefined) {
    throw new SsoenvError(
      "CONFIG_INVALID",
      `max_attempts in ${header} of ${file} is ${JSON.stringify(value)}: not a whole number of at least 1`,
      { hint: `write the attempts each AWS call makes, e.g. "max_attempts = 5", or remove the line` },
    );
  }
  return attempts;
}

function missingKey(profile: string, header: string, file: string, key: string): SsoenvError {
  return new SsoenvError("CONFIG_INVALID", `Profile "${profile}" in ${file} is missing ${key}`, {
    hint: `add "${key} = ..." to ${header} in ${file}`,
  });
}

/**
 * CONFIG_INVALID for sso_account_id / sso_role_name written in the profile's [sso-session] section.
 * botocore (the AWS CLI, boto3) merges the sso-session's keys into a profile that has one of the two;
 * the JS SDK reads only sso_start_url and sso_region there; with neither in the profile, no tool does.
 */
function misplacedKeys(options: {
  name: string;
  header: string;
  file: string;
  sessionName: string;
  session: Section;
  keys: readonly ("sso_account_id" | "sso_role_name")[];
  loginOnly: boolean;
}): SsoenvError {
  const { name, file, sessionName, session, keys } = options;
  const one = keys.length === 1;
  const where = `[sso-session ${sessionName}]`;
  const readers = options.loginOnly
    ? `where no AWS tool reads ${one ? "it" : "them"}`
    : "which the AWS CLI and boto3 read it from, the JS SDK does not";
  const said = options.loginOnly
    ? `has neither sso_account_id nor sso_role_name: ${one ? `${keys[0]} is` : "they are"} in ${where}, ${readers}`
    : `is missing ${keys[0]}: it is in ${where}, ${readers}`;
  const moved = keys.map((key) => `"${key} = ${session[key]}"`).join(" and ");
  const absent =
    options.loginOnly && one
      ? `, and add "${keys[0] === "sso_role_name" ? "sso_account_id" : "sso_role_name"} = ..."`
      : "";
  return new SsoenvError("CONFIG_INVALID", `Profile "${name}" in ${file} ${said}`, {
    hint: `move ${moved} from ${where} to ${options.header} in ${file}${absent}`,
  });
}

/**
 * NOT_SSO_PROFILE for a profile that only signs in, asked for role credentials: the hint names a
 * profile on the same sign-in that has a role, else (an sso-session) the sync that writes them.
 */
function signsInOnly(
  name: string,
  header: string,
  sessionName: string | undefined,
  startUrl: string,
  config: ParsedConfig,
): SsoenvError {
  const file = config.configPath;
  const sameSignIn = (other: Section) =>
    sessionName ? other.sso_session === sessionName : !other.sso_session && other.sso_start_url === startUrl;
  const withRole = config.configProfileNames.filter((other) => {
    const section = config.profiles[other];
    return (
      section !== undefined && sameSignIn(section) && Boolean(section.sso_account_id && section.sso_role_name)
    );
  });
  const signIn = sessionName ? `sso-session ${sessionName}` : `sso_start_url ${startUrl}`;
  const elsewhere =
    withRole.length > 0
      ? `, or use a profile of ${signIn} that has them: ${profileToCopy(withRole)}`
      : sessionName
        ? `, or write a profile for every account and role you are assigned: ssoenv profiles sync --sso-session ${sessionName}`
        : "";
  return new SsoenvError(
    "NOT_SSO_PROFILE",
    `Profile "${name}" in ${file} has neither sso_account_id nor sso_role_name: it only signs in (ssoenv login --profile ${name}, as aws sso login --profile ${name}), and has no role credentials`,
    { hint: `add "sso_account_id = ..." and "sso_role_name = ..." to ${header} in ${file}${elsewhere}` },
  );
}

/**
 * Who reads no profile named `name` (one the SDKs do not take): no AWS tool for a name with a space
 * (botocore splits the header at it), the SDKs alone for other signs (`dev~1`), which botocore reads.
 */
function unreadBy(name: string): string {
  return /\s/.test(name)
    ? `no AWS tool reads a profile named "${name}" (a name takes A-Z, a-z, 0-9 and - _ @ + . % : / only)`
    : `the AWS SDKs and ssoenv read no profile named "${name}" (the AWS CLI and boto3 would; the SDKs take A-Z, a-z, 0-9 and - _ @ + . % : / only in a name)`;
}

/**
 * `name` if the AWS tools read a profile so named, else one they read ("My Dev" gives "My-Dev"): what a
 * hint may put in a command or a header (such a name needs no shell quoting either).
 */
function usableProfileName(name: string): string {
  return SDK_SECTION_NAME.test(name) ? name : safeProfileName(withoutAccents(name)) || "my-profile";
}

/**
 * Why "default" was looked for: said where nothing named a profile and [default] does not serve. The
 * caller's option as a script writes it (callOption), and only what ensureSession reads: the CLI
 * writes its flag (`--profile`) and adds the project's ssoenv.toml, which it reads (its as-flags.ts).
 * A wrapper whose user has only variables (SSOENV_SET_VARIABLE_COMMAND) takes no option.
 */
function defaultWhenUnnamed(env: NodeJS.ProcessEnv): string {
  const option = setVariableCommand(env) ? "" : `${callOption("profile")}, `;
  return `"default" is the profile used when none is named (${option}SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE)`;
}

/** Where a hint that cannot name the profile says the names are. */
const FROM_PROFILES_LIST = ", with a NAME from ssoenv profiles list";

/**
 * The ways to name one of `candidates` (the CLI adds ssoenv.toml's), where variables are set with a
 * command (SSOENV_SET_VARIABLE_COMMAND) that command; a profile's name only as profileToCopy gives it.
 */
function nameYours(candidates: readonly string[], env: NodeJS.ProcessEnv): string {
  const only = onlyOne(candidates);
  const name = only ?? "NAME";
  const where = only ? "" : FROM_PROFILES_LIST;
  const command = setVariableCommand(env);
  if (command) return `name yours: ${command} AWS_PROFILE=${name} (or SSOENV_PROFILE=${name})${where}`;
  return `name yours: ${callOption("profile", name)} (or AWS_PROFILE=${name})${where}`;
}

/**
 * The option naming one of `candidates` for the user to copy: the profile when it is the only one,
 * else NAME. Picking one of several would choose for the user, and users copy examples: the first of
 * a synced config is often a production account's administrator role, and no rule on names (prod,
 * Admin) tells a safe one.
 */
function profileToCopy(candidates: readonly string[]): string {
  const only = onlyOne(candidates);
  return only ? callOption("profile", only) : `${callOption("profile", "NAME")}${FROM_PROFILES_LIST}`;
}

function onlyOne(names: readonly string[]): string | undefined {
  return names.length === 1 ? names[0] : undefined;
}

/** `variable` set to `value` as the user sets it: in their shell, or with the wrapper's command. */
function setVariable(variable: string, value: string, env: NodeJS.ProcessEnv): string {
  const command = setVariableCommand(env);
  return command ? `${command} ${variable}=${value}` : `export ${variable}=${value} (or unset it)`;
}

/** Profile names shown in PROFILE_NOT_FOUND: after `profiles sync` a config holds hundreds. */
const SHOWN_PROFILE_NAMES = 8;

/**
 * At most SHOWN_PROFILE_NAMES of `names` for a one-line error, those containing what was asked for
 * (a typo's likely intent: "svc-001" finds "svc-001-production.ReadOnly") first, then "and N more".
 */
function someProfileNames(names: readonly string[], asked: string): string {
  const needle = asked.toLowerCase();
  const ordered = [
    ...names.filter((n) => n.toLowerCase().includes(needle)),
    ...names.filter((n) => !n.toLowerCase().includes(needle)),
  ];
  const shown = someNames(ordered, SHOWN_PROFILE_NAMES);
  return names.length > SHOWN_PROFILE_NAMES ? `${shown}: ssoenv profiles list` : shown;
}

/**
 * The one profile there whose name starts with `name` and is at most twice as long (a synced
 * `svc-001-staging.ReadOnlyAccess` typed without its tail, too many edits for a typo); none when
 * several do, or for a stub such as `d`.
 */
function onlyCompletion(name: string, known: readonly string[]): string | undefined {
  const typed = name.toLowerCase();
  const completions = known.filter((k) => k.length > typed.length && k.toLowerCase().startsWith(typed));
  const [only] = completions;
  return completions.length === 1 && only !== undefined && only.length <= 2 * typed.length ? only : undefined;
}
