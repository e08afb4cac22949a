/**
 * Set by a wrapper whose user gives ssoenv its settings only as environment variables, with this
 * command: the container entrypoint sets `docker run -e`. ssoenv then reads no ssoenv.toml (the
 * wrapper's command does not either: the profile ssoenv checks is the one the variables give that
 * command), and a hint that names a profile writes it as that command sets it
 * (`docker run -e AWS_PROFILE=dev`), not as `--profile dev`, which the user has no way to pass.
 */
const SET_VARIABLE_COMMAND_ENV = "SSOENV_SET_VARIABLE_COMMAND";

/** The wrapper's command (SET_VARIABLE_COMMAND_ENV), undefined when unset or empty. */
export function setVariableCommand(env: NodeJS.ProcessEnv): string | undefined {
  return env[SET_VARIABLE_COMMAND_ENV] || undefined;
}
