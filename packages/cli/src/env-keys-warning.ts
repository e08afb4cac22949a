import { profileNameVariable } from "@ssoenv/core/internal/config/resolve-profile-name";
import { parentEnv } from "./own-env.js";

/**
 * The warning for a command that falls back to profile "default" (nothing named one: no --profile, no
 * ssoenv.toml profile, no SSOENV_PROFILE, AWS_PROFILE or AWS_DEFAULT_PROFILE) where the environment
 * holds keys: every AWS tool there uses those keys (the SDKs' and the AWS CLI's credential chain
 * starts with the environment), so "default" may be another identity than theirs, e.g. in a shell
 * that evaluated `ssoenv env --profile dev`. Undefined when that is not the case. Never a value.
 */
export function envKeysWarning(options: { profile?: string | undefined }): string | undefined {
  const env = parentEnv();
  if (options.profile || profileNameVariable({ env })) return undefined;
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in this environment, and AWS tools here use them before any profile; ssoenv used profile "default", as none was named: name the one you mean with --profile NAME (or AWS_PROFILE)';
}
