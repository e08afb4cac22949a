import { isSsoenvError, SsoenvError } from "@ssoenv/core/internal/errors";

/**
 * `Profile "ops" not found` for a name the project's ssoenv.toml gave (`names`: its `profile` when no
 * --profile was typed, an [[env_files]] entry's own): the message says where the name came from, as
 * core's says `(from AWS_PROFILE)`. A newcomer in a team's repository cannot tell otherwise. Any other
 * error is returned as it is.
 */
export function nameProjectProfile(
  error: unknown,
  project: { path: string; names: readonly (string | undefined)[] },
): unknown {
  if (!isSsoenvError(error, "PROFILE_NOT_FOUND")) return error;
  for (const name of project.names) {
    const said = `Profile "${name}" not found`;
    if (name === undefined || !error.message.startsWith(said)) continue;
    const message = `Profile "${name}" (from ${project.path}) not found${error.message.slice(said.length)}`;
    return new SsoenvError(error.code, message, {
      ...(error.hint ? { hint: error.hint } : {}),
      cause: error,
    });
  }
  return error;
}
