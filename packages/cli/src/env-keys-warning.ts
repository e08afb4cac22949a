import { profileNameVariable } from "@ssoenv/core/internal/config/resolve-profile-name";
import { STATIC_CREDENTIAL_ENV_NAMES } from "@ssoenv/core/internal/sinks/serve/endpoint-env";
import { parentEnv } from "./own-env.js";

/**
 * The warning for a command whose profile is not the identity AWS tools in this environment have,
 * because the environment holds keys (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, e.g. in a shell
 * that evaluated `ssoenv env --profile dev`):
 * - nothing named a profile (no --profile, ssoenv.toml profile, SSOENV_PROFILE, AWS_PROFILE or
 *   AWS_DEFAULT_PROFILE) and ssoenv fell back to "default": every AWS tool there uses the keys;
 * - AWS_PROFILE named it: the AWS CLI and boto3 still use the keys (botocore skips them only for
 *   --profile), the JS SDK the profile, as ssoenv does;
 * - AWS_DEFAULT_PROFILE named it: every AWS tool uses the keys (the JS SDK does not read that
 *   variable at all), so the fix also moves the name to AWS_PROFILE.
 * Undefined otherwise (a name given to ssoenv alone says which identity is meant). Never a value.
 */
export function envKeysWarning(options: { profile?: string | undefined }): string | undefined {
  const env = parentEnv();
  if (options.profile) return undefined;
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  const variable = profileNameVariable({ env });
  if (variable === "SSOENV_PROFILE") return undefined;
  if (variable) {
    const name = env[variable];
    const keys = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in this environment, and";
    const keep = "or pass --profile to ssoenv to keep both";
    const unset = `unset ${STATIC_CREDENTIAL_ENV_NAMES.join(" ")}`;
    return variable === "AWS_PROFILE"
      ? `${keys} the AWS CLI and boto3 here use them before AWS_PROFILE (only the JS SDK takes the profile); ssoenv used profile "${name}" from AWS_PROFILE: ${unset} so that every tool here is ${name}, ${keep}`
      : `${keys} AWS tools here use them before ${variable} (the JS SDK does not read it); ssoenv used profile "${name}" from ${variable}: ${unset} and export AWS_PROFILE=${name} so that every tool here is ${name}, ${keep}`;
  }
  return 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in this environment, and AWS tools here use them before any profile; ssoenv used profile "default", as none was named: name the one you mean with --profile NAME (or AWS_PROFILE)';
}
