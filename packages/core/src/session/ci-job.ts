import { createRequire } from "node:module";
import { ciSetting, ciSwitchedOff } from "./ci-setting.js";

type CiInfo = typeof import("ci-info");

// Loaded on the first question, not with this module: most commands that import it (status, every
// session check that cannot log in anyway) never ask, and ci-info costs ~2 ms to load.
let ciInfo: CiInfo | undefined;

/**
 * How this process's CI job shows itself: "CI=true", the vendor ("Azure Pipelines") when only its own
 * variables say so, else "a CI job"; undefined when this is no CI job. Read as ci-info reads it (npm,
 * yarn and jest do too): `CI` set, or a vendor's own variables (Jenkins' JENKINS_URL and BUILD_ID,
 * Azure Pipelines' TF_BUILD, TeamCity's TEAMCITY_VERSION, AWS CodeBuild's CODEBUILD_BUILD_ARN,
 * BUILD_NUMBER...), unless `CI` switches it off (`false`, `0`, `no`, `off`). ci-info reads process.env
 * once, when first asked: this is the process's answer, not that of an `env` option (files and endpoints).
 */
export function ciJob(): string | undefined {
  const env = process.env;
  if (ciSwitchedOff(env)) return undefined;
  ciInfo ??= createRequire(import.meta.url)("ci-info") as CiInfo;
  if (!ciInfo.isCI) return undefined;
  const setting = ciSetting(env);
  return setting === undefined ? (ciInfo.name ?? "a CI job") : `CI=${setting}`;
}
