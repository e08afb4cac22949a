import ciInfo from "ci-info";
import { ciSetting, ciSwitchedOff } from "./ci-setting.js";

/**
 * How this process's CI job shows itself: "CI=true", the vendor ("Azure Pipelines") when only its own
 * variables say so, else "a CI job"; undefined when this is no CI job. Read as ci-info reads it (npm,
 * yarn and jest do too): `CI` set, or a vendor's own variables (Jenkins' JENKINS_URL and BUILD_ID,
 * Azure Pipelines' TF_BUILD, TeamCity's TEAMCITY_VERSION, AWS CodeBuild's CODEBUILD_BUILD_ARN,
 * BUILD_NUMBER...), unless `CI` switches it off (`false`, `0`, `no`, `off`). ci-info reads process.env
 * once, when loaded: this is the process's answer, not that of an `env` option (files and endpoints).
 */
export function ciJob(): string | undefined {
  const env = process.env;
  if (ciSwitchedOff(env) || !ciInfo.isCI) return undefined;
  const setting = ciSetting(env);
  return setting === undefined ? (ciInfo.name ?? "a CI job") : `CI=${setting}`;
}
