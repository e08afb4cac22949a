import { isAcceptedRegion } from "../config/region-name.js";
import { SsoenvError } from "../errors.js";

/** A profile's region, and what set it (for messages). */
export interface ProfileRegion {
  region: string;
  /** The variable, or the profile's `region`. */
  from: "AWS_REGION" | "AWS_DEFAULT_REGION" | "profile";
}

/**
 * The region the AWS CLI v2 uses for a profile: `AWS_REGION`, else `AWS_DEFAULT_REGION` (boto3 reads
 * only this one, the JS SDK only the first), else the profile's `region`; undefined when none is set
 * (the AWS CLI: "You must specify a region"). An empty variable counts as unset.
 *
 * @throws {SsoenvError} ENVIRONMENT_INVALID for an AWS_REGION / AWS_DEFAULT_REGION that is no region
 *   name at all, which the AWS CLI refuses too.
 */
export function profileRegionOf(
  profile: { region?: string | undefined },
  env: NodeJS.ProcessEnv,
): ProfileRegion | undefined {
  for (const variable of ["AWS_REGION", "AWS_DEFAULT_REGION"] as const) {
    const value = env[variable];
    if (!value) continue;
    if (!isAcceptedRegion(value)) {
      throw new SsoenvError(
        "ENVIRONMENT_INVALID",
        `${variable}=${JSON.stringify(value)} is not a region name: the AWS CLI and the SDKs refuse it (letters, digits and - only)`,
        { hint: `set ${variable} to an AWS region, e.g. eu-west-1, or unset it to use the profile's` },
      );
    }
    return { region: value, from: variable };
  }
  return profile.region ? { region: profile.region, from: "profile" } : undefined;
}
