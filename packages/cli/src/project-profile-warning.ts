import { profileNameVariable } from "@ssoenv/core/internal/config/resolve-profile-name";
import type { ProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import { parentEnv } from "./own-env.js";

/**
 * The warning for a command that took ssoenv.toml's profile while SSOENV_PROFILE, AWS_PROFILE or
 * AWS_DEFAULT_PROFILE names another one: the file comes first (documented), but a shell's AWS_PROFILE
 * is how AWS users switch accounts, and `aws …` there uses it while `ssoenv exec -- aws …` (which
 * drops it for the child) and `eval "$(ssoenv env)"` do not. Undefined when --profile was given, the
 * file names no profile, or the variable names the same one. Names only, never a secret.
 */
export function projectProfileWarning(options: {
  /** --profile as given. */
  profile: string | undefined;
  project: ProjectConfig | null | undefined;
}): string | undefined {
  const used = options.project?.profile;
  if (options.profile || !used) return undefined;
  const env = parentEnv();
  const variable = profileNameVariable({ env });
  const named = variable ? env[variable] : undefined;
  if (!variable || !named || named === used) return undefined;
  return `ssoenv used profile "${used}" from ${options.project?.path}, not ${variable}=${named} (ssoenv.toml's profile comes first): pass --profile ${named} to use ${named}`;
}
