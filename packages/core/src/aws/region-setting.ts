import { configFilePath } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { isRegionName } from "../config/region-name.js";
import type { AwsService } from "./aws-clients.js";
import { isRegionEnvName, type RegionEnvName } from "./region-env-names.js";
import { stsRegionOf } from "./sts-region.js";

/**
 * The setting a call's region came from: `sso_region` in `[sso-session corp] of ~/.aws/config`, or
 * (STS) a variable in `the environment`.
 */
export interface RegionSetting {
  key: "sso_region" | "region" | RegionEnvName;
  value: string;
  /** `[sso-session corp] of /home/me/.aws/config`, or `the environment` */
  where: string;
}

/**
 * Where `region` of a call to `service` came from, when it is not a region name (us-east1): such a
 * region makes a host AWS does not have, and the call's "no such host" then names this setting. SSO
 * and SSO OIDC live in `sso_region`; STS goes where stsRegionOf says (AWS_REGION, AWS_DEFAULT_REGION,
 * the asked profile's `region`, else us-east-1 or, outside the aws partition, `sso_region`).
 * Undefined for a region name, whose failures are the network's.
 */
export function regionSettingOf(
  service: AwsService,
  region: string,
  profile: SsoProfile,
  env: NodeJS.ProcessEnv,
): RegionSetting | undefined {
  if (isRegionName(region)) return undefined;
  const file = profile.roleChain?.configPath ?? configFilePath(env);
  const from = service === "sts" ? stsRegionOf(profile, env).from : undefined;
  if (isRegionEnvName(from)) {
    return { key: from, value: region, where: "the environment" };
  }
  if (from === "profile") {
    return {
      key: "region",
      value: region,
      where: `[profile ${profile.roleChain?.profile ?? profile.name}] of ${file}`,
    };
  }
  const section = profile.legacy ? `profile ${profile.name}` : `sso-session ${profile.ssoSession}`;
  return { key: "sso_region", value: region, where: `[${section}] of ${file}` };
}
