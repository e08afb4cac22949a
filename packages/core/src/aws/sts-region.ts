import type { SsoProfile } from "../config/load-sso-profile.js";
import { partitionOf } from "./aws-partition.js";
import { type ProfileRegion, profileRegionInPartitionOf } from "./profile-region.js";

/** The region of ssoenv's STS calls, and what set it (for messages). */
export interface StsRegion {
  region: string;
  /** The variable, the profile's `region`, or none (the default). */
  from: ProfileRegion["from"] | "default";
}

/**
 * The region ssoenv's STS calls (a role chain's AssumeRole, GetCallerIdentity) go to, as the AWS CLI v2 calls
 * STS for the profile: its region (profileRegionOf: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the
 * profile's `region`), else us-east-1 (the AWS CLI's and boto3's sts.amazonaws.com, the JS SDK role assumer's
 * default). Never the sso_region in the aws partition: STS may be deactivated there for the role's account,
 * which us-east-1 cannot be. An sso_region of another partition (partitionOf: aws-cn, aws-us-gov, aws-eusc,
 * the aws-iso ones) stands in for us-east-1: its credentials work nowhere else.
 *
 * @throws {SsoenvError} ENVIRONMENT_INVALID for an AWS_REGION / AWS_DEFAULT_REGION that is no region
 *   name at all, which the AWS CLI refuses too; ENVIRONMENT_INVALID / CONFIG_INVALID for a region of
 *   another partition than the sso_region's, where STS refuses the credentials.
 */
export function stsRegionOf(
  profile: Pick<SsoProfile, "name" | "region" | "ssoRegion" | "roleChain">,
  env: NodeJS.ProcessEnv,
): StsRegion {
  const own = profileRegionInPartitionOf(profile, env);
  if (own) return own;
  const otherPartition = partitionOf(profile.ssoRegion).name !== "aws";
  return { region: otherPartition ? profile.ssoRegion : "us-east-1", from: "default" };
}

/**
 * Throws what stsRegionOf throws, for a caller that checks the region before any call (ensureSession,
 * before a login): a region STS cannot work in is said first.
 */
export function validateStsRegion(
  profile: Pick<SsoProfile, "name" | "region" | "ssoRegion" | "roleChain">,
  env: NodeJS.ProcessEnv,
): void {
  stsRegionOf(profile, env);
}
