import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { configFilePath, credentialsFilePath } from "./aws-paths.js";
import { readConfigText } from "./find-config-problems.js";
import { lowerCaseKeys } from "./lower-case-keys.js";
import { profileHeader } from "./profile-header.js";

/** A profile holding a long-lived IAM user access key (`AKIA…`) in plaintext. */
export interface LongLivedKey {
  /** The file it is in (~/.aws/credentials or ~/.aws/config). */
  path: string;
  /** Which of the two files `path` is. */
  file: "credentials" | "config";
  /** The profile (section) name. Never the key itself. */
  profile: string;
  /**
   * The profile's header in the config file as the file writes it (`[profile dev]`; `[default]` or
   * `[profile default]`, both the default profile to the AWS CLI and the SDKs), for messages.
   */
  configHeader: string;
  /**
   * The key is in ~/.aws/credentials under the name of an SSO profile of ~/.aws/config, or in that SSO
   * profile itself: the AWS CLI and boto3 use SSO for it, the JS SDK v3 (fromIni, the default chain)
   * the key.
   */
  shadowsSso: boolean;
}

/** What findLongLivedKeys found, and the files it could not look into. */
export interface LongLivedKeys {
  keys: LongLivedKey[];
  /**
   * Other static keys (temporary `ASIA…` ones) under the name of, or inside, an SSO profile: the JS SDK
   * v3 takes them before SSO, the AWS CLI and boto3 use SSO. Names and files only.
   */
  otherKeysShadowingSso: Omit<LongLivedKey, "shadowsSso">[];
  /**
   * Files that exist but could not be read (a directory, EACCES): their keys were not looked for.
   * The SDKs skip such a file without a word, so "no keys" would be a false all-clear.
   */
  unreadable: { path: string; reason: string }[];
}

/**
 * Profiles of ~/.aws/credentials and ~/.aws/config whose `aws_access_key_id` is a long-lived IAM
 * user key (`AKIA` + 16 base32 characters), read the way the SDKs read them (key names in any case,
 * as the AWS CLI reads them). Temporary keys
 * (`ASIA…`) are not reported. Returns names and files only: a key never leaves this function.
 */
export async function findLongLivedKeys(options: { env?: NodeJS.ProcessEnv } = {}): Promise<LongLivedKeys> {
  const env = options.env ?? process.env;
  const configPath = configFilePath(env);
  const credentialsPath = credentialsFilePath(env);
  const unreadable: LongLivedKeys["unreadable"] = [];
  let configText: string | undefined;
  for (const path of [credentialsPath, configPath]) {
    const read = await readConfigText(path);
    if (read.unreadable) unreadable.push({ path, reason: read.unreadable });
    if (path === configPath) configText = read.text;
  }
  // The texts just read (readAwsFile memoises them for the SDK's loader).
  const files = await loadSharedConfigFiles({ configFilepath: configPath, filepath: credentialsPath });
  const found: LongLivedKey[] = [];
  const otherKeysShadowingSso: LongLivedKeys["otherKeysShadowingSso"] = [];
  // Key names in any case: the AWS CLI and boto3 use an AWS_ACCESS_KEY_ID = line too.
  for (const [file, path, sections] of [
    ["credentials", credentialsPath, lowerCaseKeys(files.credentialsFile)],
    ["config", configPath, lowerCaseKeys(files.configFile)],
  ] as const) {
    for (const [profile, values] of Object.entries(sections)) {
      const shadowsSso = values.aws_access_key_id !== undefined && jsSdkTakesKeysBeforeSso(profile, files);
      const configHeader = profileHeader(profile, configText);
      if (isLongLivedKeyId(values.aws_access_key_id ?? "")) {
        found.push({ path, file, profile, configHeader, shadowsSso });
      } else if (shadowsSso) otherKeysShadowingSso.push({ path, file, profile, configHeader });
    }
  }
  return { keys: found, otherKeysShadowingSso, unreadable };
}

/**
 * Whether the JS SDK v3 reads static keys for an SSO profile: it merges the credentials file's
 * section over the config's (key names as written) and takes static keys before SSO settings.
 */
function jsSdkTakesKeysBeforeSso(
  profile: string,
  files: {
    configFile: Record<string, Record<string, string | undefined>>;
    credentialsFile: Record<string, Record<string, string | undefined>>;
  },
): boolean {
  const config = files.configFile[profile] ?? {};
  const merged = { ...config, ...files.credentialsFile[profile] };
  const isSso = Boolean(config.sso_session || config.sso_start_url);
  const isRole = Boolean(merged.role_arn);
  return (
    isSso &&
    !isRole &&
    typeof merged.aws_access_key_id === "string" &&
    typeof merged.aws_secret_access_key === "string"
  );
}

/** Whether an access key ID is a long-lived IAM user key: `AKIA` + 16 base32 characters (not `ASIA…`). */
export function isLongLivedKeyId(id: string): boolean {
  return /^AKIA[A-Z2-7]{16}$/.test(id.trim());
}
