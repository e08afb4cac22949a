import { profileNamedByProject } from "@ssoenv/core/internal/config/profile-not-found";
import { isSsoenvError } from "@ssoenv/core/internal/errors";

/**
 * `Profile "ops" not found` for a name the project's ssoenv.toml gave (`names`: its `profile` when no
 * --profile was typed, an [[env_files]] entry's own): the message says where the name came from, as
 * core's says `(from AWS_PROFILE)`. A newcomer in a team's repository cannot tell otherwise. Read from
 * the error's `profile` field (the name core looked for, passed as an option), never from its words.
 * Any other error is returned as it is.
 */
export function nameProjectProfile(
  error: unknown,
  project: { path: string; names: readonly (string | undefined)[] },
): unknown {
  if (!isSsoenvError(error, "PROFILE_NOT_FOUND") || error.profile?.source !== "option") return error;
  if (!project.names.includes(error.profile.name)) return error;
  return profileNamedByProject(error, project.path);
}
