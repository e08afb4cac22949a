export interface ResolveProfileNameOptions {
  /** Explicit profile; wins over the environment. */
  profile?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * The profile to use: `options.profile` > `SSOENV_PROFILE` > `AWS_PROFILE` > `AWS_DEFAULT_PROFILE`
 * (honoured below AWS_PROFILE, as the AWS CLI does) > `"default"`.
 *
 * @example resolveProfileName({ env: { AWS_PROFILE: "dev" } }) // "dev"
 */
export function resolveProfileName(options: ResolveProfileNameOptions = {}): string {
  const env = options.env ?? process.env;
  return options.profile || env.SSOENV_PROFILE || env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || "default";
}

/** The variables that name the profile, first found wins (after an explicit one). */
const PROFILE_NAME_VARIABLES = ["SSOENV_PROFILE", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"] as const;

/** The environment variable `resolveProfileName` took the name from: none when it was given or "default". */
export function profileNameVariable(
  options: ResolveProfileNameOptions = {},
): (typeof PROFILE_NAME_VARIABLES)[number] | undefined {
  if (options.profile) return undefined;
  const env = options.env ?? process.env;
  return PROFILE_NAME_VARIABLES.find((name) => env[name]);
}
