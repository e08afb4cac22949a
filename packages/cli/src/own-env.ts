/** Variables ssoenv set in its own environment that its parent did not give it. */
const added = new Set<string>();

/**
 * Sets `name` in ssoenv's own environment when the parent left it unset (settings for the AWS SDK
 * inside ssoenv), and remembers it so that no child process inherits it: see {@link parentEnv}.
 */
export function setOwnEnvDefault(name: string, value: string): void {
  if (process.env[name] !== undefined) return;
  process.env[name] = value;
  added.add(name);
}

/**
 * The environment ssoenv's parent gave it: what children (the command of `exec`, `aws sso login`,
 * a browser) start from, without the settings ssoenv added for itself.
 */
export function parentEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of added) delete env[name];
  return env;
}
