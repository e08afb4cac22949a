import { type MissingProfile, SsoenvError, type SsoenvErrorCode } from "../errors.js";

/**
 * The error for an AWS config file that does not exist, where `what` was looked for in it
 * (`Profile "dev" not found`, `No [sso-session] section`). When AWS_CONFIG_FILE names the file, most
 * likely a typo there, not a config still to create: the variable is named first. `create` is the
 * command that writes the file (`aws configure sso --profile dev`); `profile`, the error's own field
 * for a `PROFILE_NOT_FOUND`.
 */
export function missingConfigFile(options: {
  code: SsoenvErrorCode;
  what: string;
  configPath: string;
  env: NodeJS.ProcessEnv;
  create: string;
  profile?: MissingProfile;
}): SsoenvError {
  const { code, what, configPath, create } = options;
  const profile = options.profile ? { profile: options.profile } : {};
  return options.env.AWS_CONFIG_FILE
    ? new SsoenvError(code, `${what}: AWS_CONFIG_FILE names ${configPath}, which does not exist`, {
        hint: `fix AWS_CONFIG_FILE, or unset it to use ~/.aws/config (or create the file: ${create})`,
        ...profile,
      })
    : new SsoenvError(code, `${what}: the AWS config file ${configPath} does not exist`, {
        hint: `${create} (or set AWS_CONFIG_FILE to your config file)`,
        ...profile,
      });
}
