import { execFileSync } from "node:child_process";

/** The Debian AWS CLI v2 the machine and CI have (the first `aws` on PATH may be a v1). */
export const AWS_CLI_V2 = "/usr/bin/aws";

function detect(): string | undefined {
  try {
    const out = execFileSync(AWS_CLI_V2, ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return /aws-cli\/(2\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

export const awsCliV2Version = detect();

/**
 * True when the AWS CLI v2 is missing: the tests that need it skip with a message, except in CI
 * (SSOENV_REQUIRE_TOOLS=1), where a missing tool fails.
 */
export function skipWithoutAwsCliV2(): boolean {
  if (awsCliV2Version) return false;
  const message = `AWS CLI v2 not found at ${AWS_CLI_V2}: skipping the AWS CLI interop tests (install the Debian package awscli)`;
  if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error(message);
  console.warn(message);
  return true;
}
