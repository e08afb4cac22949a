import { configFilePath } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { isAcceptedRegion } from "../config/region-name.js";
import { SsoenvError } from "../errors.js";
import { partitionOf } from "./aws-partition.js";
import { type RegionEnvName, regionFromEnv } from "./region-env-names.js";

/** A profile's region, and what set it (for messages). */
export interface ProfileRegion {
  region: string;
  /** The variable, or the profile's `region`. */
  from: RegionEnvName | "profile";
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
  const fromEnv = regionFromEnv(env);
  if (!fromEnv) return profile.region ? { region: profile.region, from: "profile" } : undefined;
  const { name, region } = fromEnv;
  if (!isAcceptedRegion(region)) {
    throw new SsoenvError(
      "ENVIRONMENT_INVALID",
      `${name}=${JSON.stringify(region)} is not a region name: the AWS CLI and the SDKs refuse it (letters, digits and - only)`,
      { hint: `set ${name} to an AWS region, e.g. eu-west-1, or unset it to use the profile's` },
    );
  }
  return { region, from: name };
}

/**
 * profileRegionOf, for a profile whose credentials come from its sso_region: they are for accounts of
 * that region's partition (an Identity Center signs in to its own partition only), and AWS in another
 * partition refuses them ("The security token included in the request is invalid", to the AWS CLI
 * too). Such a region is an error naming where it was set, before any call.
 *
 * @throws SsoenvError `ENVIRONMENT_INVALID` (AWS_REGION / AWS_DEFAULT_REGION, also when it is no
 *   region name at all), `CONFIG_INVALID` (the profile's `region`).
 */
export function profileRegionInPartitionOf(
  profile: Pick<SsoProfile, "name" | "region" | "ssoRegion" | "roleChain">,
  env: NodeJS.ProcessEnv,
): ProfileRegion | undefined {
  const own = profileRegionOf(profile, env);
  if (!own) return undefined;
  const partition = partitionOf(own.region).name;
  const signsInTo = partitionOf(profile.ssoRegion).name;
  if (partition === signsInTo) return own;
  // A role chain's region is the asked profile's.
  const asked = profile.roleChain?.profile ?? profile.name;
  const refused = `AWS refuses its credentials in ${partition}`;
  const example = `a region of ${signsInTo} such as ${profile.ssoRegion}`;
  if (own.from === "profile") {
    const file = profile.roleChain?.configPath ?? configFilePath(env);
    throw new SsoenvError(
      "CONFIG_INVALID",
      `region = ${own.region} in [profile ${asked}] of ${file} is a region of partition ${partition}, but the profile signs in to partition ${signsInTo} (sso_region ${profile.ssoRegion}): ${refused}`,
      { hint: `set region to ${example}` },
    );
  }
  throw new SsoenvError(
    "ENVIRONMENT_INVALID",
    `${own.from}=${own.region} is a region of partition ${partition}, but profile ${asked} signs in to partition ${signsInTo} (sso_region ${profile.ssoRegion}): ${refused}`,
    { hint: `unset ${own.from}, or set it to ${example}` },
  );
}
