import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { configFilePath, credentialsFilePath } from "./aws-paths.js";

/** A profile holding a long-lived IAM user access key (`AKIA…`) in plaintext. */
export interface LongLivedKey {
  /** The file it is in (~/.aws/credentials or ~/.aws/config). */
  path: string;
  /** The profile (section) name. Never the key itself. */
  profile: string;
}

/**
 * Profiles of ~/.aws/credentials and ~/.aws/config whose `aws_access_key_id` is a long-lived IAM
 * user key (`AKIA` + 16 base32 characters), read the way the SDKs read them. Temporary keys
 * (`ASIA…`) are not reported. Returns names and files only: a key never leaves this function.
 */
export async function findLongLivedKeys(options: { env?: NodeJS.ProcessEnv } = {}): Promise<LongLivedKey[]> {
  const env = options.env ?? process.env;
  const configPath = configFilePath(env);
  const credentialsPath = credentialsFilePath(env);
  const files = await loadSharedConfigFiles({
    configFilepath: configPath,
    filepath: credentialsPath,
    ignoreCache: true,
  });
  const found: LongLivedKey[] = [];
  for (const [path, sections] of [
    [credentialsPath, files.credentialsFile],
    [configPath, files.configFile],
  ] as const) {
    for (const [profile, values] of Object.entries(sections)) {
      if (/^AKIA[A-Z2-7]{16}$/.test(values.aws_access_key_id?.trim() ?? "")) found.push({ path, profile });
    }
  }
  return found;
}
