/**
 * The value of `CI` when it says this runs in a CI job (GitHub Actions, GitLab CI, CircleCI, Bitbucket
 * and Drone set `CI=true`, AppVeyor `True`): set, and not empty, `false` or `0`. The container
 * entrypoint (plugins/container/bin/ssoenv-entrypoint) reads it the same way.
 */
export function ciSetting(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.CI;
  return value === undefined || value === "" || value === "false" || value === "0" ? undefined : value;
}

/**
 * A person can answer a login here: stdin and stderr are terminals, and `CI` is not set. A CI job's
 * pseudo-terminal (`docker run -t`, a runner's pty) has no one to approve a device code: a login
 * there would wait out its 10 minutes, three times.
 */
export function isInteractive(options: { env?: NodeJS.ProcessEnv } = {}): boolean {
  if (ciSetting(options.env ?? process.env) !== undefined) return false;
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Why a needed login does not happen, for the LOGIN_REQUIRED message: "...; <reason>". */
export function noLoginReason(options: { loginDisabled: boolean; env: NodeJS.ProcessEnv }): string {
  if (options.loginDisabled) return "ssoenv does not log in from here";
  const ci = ciSetting(options.env);
  return ci === undefined ? "no terminal to log in from" : `CI=${ci}: no one to log in here`;
}
