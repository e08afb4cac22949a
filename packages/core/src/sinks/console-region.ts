import { partitionOf } from "../aws/aws-partition.js";
import { profileRegionOf } from "../aws/profile-region.js";
import { configFilePath } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { SsoenvError } from "../errors.js";

/**
 * The region the console opens in for a profile: where its AWS CLI commands go (profileRegionOf:
 * AWS_REGION, AWS_DEFAULT_REGION, its `region`), else its sso_region. The role credentials are of the
 * sso_region's partition (an Identity Center signs in to accounts of its own partition only), and
 * another partition's sign-in and console refuse them, as its AWS refuses the AWS CLI's calls with
 * them: such a region is an error naming the setting, not a sign-in link that cannot work.
 *
 * @throws SsoenvError `ENVIRONMENT_INVALID` (AWS_REGION / AWS_DEFAULT_REGION, also when it is no
 *   region name at all), `CONFIG_INVALID` (the profile's `region`).
 */
export function consoleRegionOf(
  profile: Pick<SsoProfile, "name" | "region" | "ssoRegion" | "roleChain">,
  env: NodeJS.ProcessEnv,
): string {
  const own = profileRegionOf(profile, env);
  if (!own) return profile.ssoRegion;
  const partition = partitionOf(own.region).name;
  const signsInTo = partitionOf(profile.ssoRegion).name;
  if (partition === signsInTo) return own.region;
  const asked = profile.roleChain?.profile ?? profile.name;
  const refused = `AWS refuses its credentials in ${partition}`;
  const example = `a region of ${signsInTo} such as ${profile.ssoRegion}`;
  if (own.from === "profile") {
    // A role chain's region is the asked profile's (as profileRegionOf reads it).
    const file = profile.roleChain?.configPath ?? configFilePath(env);
    const section = `[profile ${asked}]`;
    throw new SsoenvError(
      "CONFIG_INVALID",
      `region = ${own.region} in ${section} of ${file} is a region of partition ${partition}, but the profile signs in to partition ${signsInTo} (sso_region ${profile.ssoRegion}): ${refused}`,
      { hint: `set region to ${example}` },
    );
  }
  throw new SsoenvError(
    "ENVIRONMENT_INVALID",
    `${own.from}=${own.region} is a region of partition ${partition}, but profile ${asked} signs in to partition ${signsInTo} (sso_region ${profile.ssoRegion}): ${refused}`,
    { hint: `unset ${own.from}, or set it to ${example}` },
  );
}
