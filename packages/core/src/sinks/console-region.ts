import { profileRegionInPartitionOf } from "../aws/profile-region.js";
import type { SsoProfile } from "../config/load-sso-profile.js";

/**
 * The region the console opens in for a profile: where its AWS CLI commands go (AWS_REGION,
 * AWS_DEFAULT_REGION, its `region`), else its sso_region. Another partition's than the sso_region's
 * is refused (profileRegionInPartitionOf): its sign-in and console would not take the credentials.
 *
 * @throws SsoenvError `ENVIRONMENT_INVALID`, `CONFIG_INVALID` naming the setting.
 */
export function consoleRegionOf(
  profile: Pick<SsoProfile, "name" | "region" | "ssoRegion" | "roleChain">,
  env: NodeJS.ProcessEnv,
): string {
  return profileRegionInPartitionOf(profile, env)?.region ?? profile.ssoRegion;
}
