import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { AWS_CLI_V2 } from "../../../packages/core/src/test-support/aws-cli.js";
import type { CliWorld } from "./cli-world.js";

/**
 * Runs the real AWS CLI v2 in the world's HOME. AWS CLI 2.9 ignores AWS_ENDPOINT_URL_*: it reaches the
 * emulator through AWS_DATA_PATH endpoint rule-set overrides. `env` adds to (or overrides) the world's.
 */
export async function runAwsCli(
  world: CliWorld,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string }> {
  const dataPath = await world.emulator.writeAwsCliDataPath(join(world.home, "aws-data"));
  return promisify(execFile)(AWS_CLI_V2, args, {
    env: { ...world.env, PATH: "/usr/bin:/bin", AWS_DATA_PATH: dataPath, AWS_PAGER: "", ...env },
  });
}

/**
 * `--method auto` hands a login only to an AWS CLI >= 2.22 (which does PKCE itself); the machine has
 * Debian's 2.9. This writes `<dir>/aws-2.22`, which says it is 2.22.0 and runs the real AWS CLI v2
 * without `--use-device-code` (2.9 knows only that grant, and not the flag), so the real AWS CLI does
 * the login and writes the cache. Returns its path (for `SSOENV_AWS_CLI`).
 */
export async function writeAwsCli222(dir: string): Promise<string> {
  const path = join(dir, "aws-2.22");
  await writeFile(
    path,
    [
      "#!/bin/sh",
      'if [ "$1" = "--version" ]; then echo "aws-cli/2.22.0 Python/3.12 Linux/6 exe/x86_64"; exit 0; fi',
      'for a; do shift; [ "$a" = "--use-device-code" ] || set -- "$@" "$a"; done',
      `exec ${AWS_CLI_V2} "$@"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  return path;
}
