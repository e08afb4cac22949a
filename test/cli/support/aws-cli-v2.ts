import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { CliWorld } from "./cli-world.js";

/** Debian's AWS CLI v2 (the first `aws` on PATH may be a v1). */
export const AWS_CLI_V2 = "/usr/bin/aws";

const hasAwsCliV2 = (() => {
  try {
    return /aws-cli\/2\./.test(execFileSync(AWS_CLI_V2, ["--version"], { encoding: "utf8" }));
  } catch {
    return false;
  }
})();

/** True when the tests that need the AWS CLI v2 must skip (a message says why; CI fails instead). */
export function skipWithoutAwsCliV2(): boolean {
  if (hasAwsCliV2) return false;
  const message = `AWS CLI v2 not found at ${AWS_CLI_V2}: skipping the tests that run it (install the Debian package awscli)`;
  if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error(message);
  console.warn(message);
  return true;
}

/**
 * Runs the real AWS CLI v2 in the world's HOME. AWS CLI 2.9 ignores AWS_ENDPOINT_URL_*: it reaches the
 * emulator through AWS_DATA_PATH endpoint rule-set overrides.
 */
export async function runAwsCli(
  world: CliWorld,
  args: string[],
): Promise<{ stdout: string; stderr: string }> {
  const dataPath = await world.emulator.writeAwsCliDataPath(join(world.home, "aws-data"));
  return promisify(execFile)(AWS_CLI_V2, args, {
    env: { ...world.env, PATH: "/usr/bin:/bin", AWS_DATA_PATH: dataPath, AWS_PAGER: "" },
  });
}
