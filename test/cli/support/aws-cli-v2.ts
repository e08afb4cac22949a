import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { AWS_CLI_V2 } from "../../../packages/core/src/test-support/aws-cli.js";
import type { CliWorld } from "./cli-world.js";

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
