/**
 * The variables that give an AWS tool its region, in the order the AWS CLI v2 reads them:
 * AWS_REGION (the only one the JS SDK reads), then AWS_DEFAULT_REGION (the only one boto3 and AWS CLI
 * v1 read). Either one is above a profile's `region` in every tool; an empty one counts as unset.
 * ssoenv writes a region under both, so that every tool of a child or a .env file agrees.
 */
export const REGION_ENV_NAMES = ["AWS_REGION", "AWS_DEFAULT_REGION"] as const;
export type RegionEnvName = (typeof REGION_ENV_NAMES)[number];

/** Whether `name` is one of REGION_ENV_NAMES (a region that came from the environment). */
export function isRegionEnvName(name: string | undefined): name is RegionEnvName {
  return (REGION_ENV_NAMES as readonly (string | undefined)[]).includes(name);
}

/**
 * The region `env` gives, as the AWS CLI v2 reads it: the first of REGION_ENV_NAMES that is set and
 * not empty, with its name; undefined when neither is.
 *
 * @example regionFromEnv({ AWS_DEFAULT_REGION: "eu-west-1" }) // { name: "AWS_DEFAULT_REGION", region: "eu-west-1" }
 */
export function regionFromEnv(env: NodeJS.ProcessEnv): { name: RegionEnvName; region: string } | undefined {
  for (const name of REGION_ENV_NAMES) {
    const region = env[name];
    if (region) return { name, region };
  }
  return undefined;
}
