import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { regionFromEnv } from "../aws/region-env-names.js";
import { configFilePath, credentialsFilePath } from "../config/aws-paths.js";
import { lowerCaseKeys } from "../config/lower-case-keys.js";
import type { Session } from "../session/session-types.js";

/**
 * The region a child of `childEnv` takes from the `[default]` profile (of the config or the
 * credentials file) where `aws --profile P` would have none: the session's profile has no region and
 * `env` names none. The child has no AWS_PROFILE, so the AWS CLI, boto3 and the JS SDK read
 * `[default]`'s region. Undefined otherwise, or when the files cannot be read (a note, never a reason
 * to fail).
 *
 * @example defaultRegionForChild({ env: process.env, session }) // "ap-south-1"
 */
export async function defaultRegionForChild(options: {
  env: NodeJS.ProcessEnv;
  session: Pick<Session, "profile" | "region">;
}): Promise<string | undefined> {
  const { env, session } = options;
  if (session.profile === "default" || session.region || regionFromEnv(env)) return undefined;
  try {
    // As the session's load read them (readAwsFile): a pipe cannot be read again.
    const files = await loadSharedConfigFiles({
      configFilepath: configFilePath(env),
      filepath: credentialsFilePath(env),
    });
    // Key names in any case, as ssoenv reads a profile's region (the AWS CLI does). The credentials
    // file's [default] counts too, over the config file's as ssoenv reads a profile: the AWS CLI, boto3
    // and the JS SDK take a region from there when the config file has none.
    const fromConfig = lowerCaseKeys(files.configFile).default;
    const fromCredentials = lowerCaseKeys(files.credentialsFile).default;
    return { ...fromConfig, ...fromCredentials }.region || undefined;
  } catch {
    return undefined;
  }
}
