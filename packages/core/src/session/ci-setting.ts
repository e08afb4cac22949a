/** `CI=false`, `0`, `no` or `off` (any case): the user says this is no CI job, whatever else is set. */
const SWITCHED_OFF = /^(false|0|no|off)$/i;

/**
 * True when `CI` says this is no CI job (`false`, `0`, `no` or `off`, any case): the override that
 * beats every CI vendor's variable, for a person at a terminal whose environment looks like CI.
 */
export function ciSwitchedOff(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && SWITCHED_OFF.test(env.CI);
}

/**
 * The value of `CI` when it says this runs in a CI job (GitHub Actions, GitLab CI, CircleCI, Bitbucket,
 * Buildkite and Drone set `CI=true`, AppVeyor `True`): set, not empty, not switched off. No
 * dependency: the colours (ui.ts, in every command's error path and the scan hook) read only this.
 * Whether a login may happen reads ci-job.ts, which knows the vendors that set no `CI`.
 */
export function ciSetting(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.CI;
  return value === undefined || value === "" || ciSwitchedOff(env) ? undefined : value;
}
