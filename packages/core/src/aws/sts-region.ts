import { isAcceptedRegion } from "../config/region-name.js";
import { SsoenvError } from "../errors.js";

/** The region of ssoenv's STS calls, and what set it (for messages). */
export interface StsRegion {
  region: string;
  /** The variable, the profile's `region`, or none (the default). */
  from: "AWS_REGION" | "AWS_DEFAULT_REGION" | "profile" | "default";
}

/**
 * The region ssoenv's STS calls (a role chain's AssumeRole, GetCallerIdentity) go to, as the AWS CLI
 * v2 calls STS for the profile: `AWS_REGION`, else `AWS_DEFAULT_REGION` (boto3 reads only this one,
 * the JS SDK only the first), else the profile's `region`, else us-east-1 (the AWS CLI's and boto3's
 * sts.amazonaws.com, the JS SDK role assumer's default). Never the sso_region in the aws partition:
 * STS may be deactivated there for the role's account, which us-east-1 cannot be. An sso_region of
 * another partition (cn-*, us-gov-*, eusc-*, the iso ones) stands in for us-east-1: its credentials
 * work nowhere else.
 *
 * @throws {SsoenvError} ENVIRONMENT_INVALID for an AWS_REGION / AWS_DEFAULT_REGION that is no region
 *   name at all, which the AWS CLI refuses too.
 */
export function stsRegionOf(
  profile: { region?: string | undefined; ssoRegion: string },
  env: NodeJS.ProcessEnv,
): StsRegion {
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
  if (profile.region) return { region: profile.region, from: "profile" };
  // The SDK's partitions other than aws: aws-cn, aws-us-gov, aws-eusc (European Sovereign Cloud), aws-iso*.
  const otherPartition = /^(cn|us-gov|eusc)-|-iso[a-z]?-/.test(profile.ssoRegion);
  return { region: otherPartition ? profile.ssoRegion : "us-east-1", from: "default" };
}
