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
