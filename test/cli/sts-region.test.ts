import { execFile } from "node:child_process";
import { appendFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { envKeysArn } from "./support/env-keys-arn.js";
import { useCliWorld } from "./support/use-cli-world.js";

// The region of ssoenv's STS calls (a role chain's AssumeRole, GetCallerIdentity) is the one the AWS
// CLI v2 calls STS in: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region, else us-east-1
// (the AWS CLI's sts.amazonaws.com) -- never the sso_region. It shows where an account's administrator
// deactivated STS in a region (the emulator answers RegionDisabledException there, as AWS does).

const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";
const DEPLOYER_ARN = /^arn:aws:sts::222222222222:assumed-role\/Deployer\//;

const world = useCliWorld({
  loggedIn: true,
  emulator: {
    region: "eu-west-1",
    roles: [{ arn: DEPLOYER }],
    stsDeactivatedRegions: { "222222222222": ["eu-west-1"] },
  },
});
let awsDataPath: string;
beforeAll(async () => {
  // The root is the legacy profile (sso_region eu-west-1, no region): AWS CLI 2.9 cannot chain from
  // an sso-session profile (aws/aws-cli#7496). Its token, for the AWS CLI and ssoenv alike.
  await world.logIn({ legacy: true });
  awsDataPath = await world.emulator.writeAwsCliDataPath(join(world.home, "aws-data"));
  await appendFile(
    world.configPath,
    [
      "[profile deployer]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = legacy",
      "",
      "[profile deployer-eu]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = legacy",
      "region = eu-west-1",
      "",
      "[profile deployer-gov]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = legacy",
      "region = us-gov-west-1",
      "",
    ].join("\n"),
  );
});

/** The ARN the AWS CLI v2 gets for the profile, or its error; its role-credential cache emptied first. */
async function awsCliArn(profile: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  await rm(join(world.home, ".aws", "cli", "cache"), { recursive: true, force: true });
  return new Promise((resolve) =>
    execFile(
      AWS_CLI_V2,
      ["sts", "get-caller-identity", "--profile", profile, "--query", "Arn", "--output", "text"],
      { env: { ...world.env, AWS_DATA_PATH: awsDataPath, AWS_PAGER: "", ...env } },
      (error, stdout, stderr) => resolve(error ? stderr.trim() : stdout.trim()),
    ),
  );
}

/** The ARN of the keys `ssoenv env` hands out for the profile, or its stderr. */
const ssoenvArn = (profile: string, env: NodeJS.ProcessEnv = {}) => envKeysArn(world, profile, env);

describe("the region of ssoenv's STS calls, as the AWS CLI v2 picks it", () => {
  it("a chained profile without region assumes its role in us-east-1, not in the sso_region", async () => {
    if (!skipWithoutAwsCliV2()) expect(await awsCliArn("deployer")).toMatch(DEPLOYER_ARN);
    expect(await ssoenvArn("deployer")).toMatch(DEPLOYER_ARN);
  });

  it.each([["AWS_REGION"], ["AWS_DEFAULT_REGION"]])(
    "%s moves the calls from the profile's region",
    async (variable) => {
      const env = { [variable]: "us-west-2" };
      if (!skipWithoutAwsCliV2()) expect(await awsCliArn("deployer-eu", env)).toMatch(DEPLOYER_ARN);
      expect(await ssoenvArn("deployer-eu", env)).toMatch(DEPLOYER_ARN);
    },
  );

  it("a region of another partition than the sso_region's: the AWS CLI gets InvalidClientTokenId; ssoenv names the setting, exit 2, before any call", async () => {
    const env = { AWS_REGION: "cn-north-1" };
    if (!skipWithoutAwsCliV2()) expect(await awsCliArn("legacy", env)).toContain("InvalidClientTokenId");
    world.emulator.resetStats();
    const fromVariable = await world.run(["env", "--profile", "legacy"], { env });
    expect(fromVariable.exitCode).toBe(2);
    expect(fromVariable.stdout).toBe("");
    expect(fromVariable.stderr.trim().split("\n")).toEqual([
      "ssoenv: AWS_REGION=cn-north-1 is a region of partition aws-cn, but profile legacy signs in to partition aws (sso_region eu-west-1): AWS refuses its credentials in aws-cn",
      "hint: unset AWS_REGION, or set it to a region of aws such as eu-west-1",
    ]);
    // Refused before any call: no login, no role credentials fetched for nothing.
    expect(world.emulator.stats().total).toBe(0);

    if (!skipWithoutAwsCliV2()) expect(await awsCliArn("deployer-gov")).toContain("InvalidClientTokenId");
    const fromProfile = await world.run(["env", "--profile", "deployer-gov"]);
    expect(fromProfile.exitCode).toBe(2);
    expect(fromProfile.stderr.trim().split("\n")).toEqual([
      `ssoenv: region = us-gov-west-1 in [profile deployer-gov] of ${world.configPath} is a region of partition aws-us-gov, but the profile signs in to partition aws (sso_region eu-west-1): AWS refuses its credentials in aws-us-gov`,
      "hint: set region to a region of aws such as eu-west-1",
    ]);
  });

  it("where STS is deactivated for the role's account: exit 2, the region and account named, the fix where the region was set", async () => {
    if (!skipWithoutAwsCliV2()) expect(await awsCliArn("deployer-eu")).toContain("RegionDisabledException");
    const fromProfile = await world.run(["env", "--profile", "deployer-eu"]);
    expect(fromProfile.exitCode).toBe(2);
    expect(fromProfile.stderr.trim().split("\n")).toEqual([
      `ssoenv: STS AssumeRole of ${DEPLOYER} for profile "deployer-eu" was refused in eu-west-1 (the region of profile "deployer-eu"): STS is not activated there for account 222222222222 (RegionDisabledException)`,
      `hint: set region in [profile deployer-eu] of ${world.configPath} to a region where STS is active for account 222222222222 (us-east-1 always is), or ask its administrator to activate STS in eu-west-1 (IAM > Account settings)`,
    ]);
    const fromVariable = await world.run(["env", "--profile", "deployer"], {
      env: { AWS_REGION: "eu-west-1" },
    });
    expect(fromVariable.exitCode).toBe(2);
    expect(fromVariable.stderr).toContain(
      "was refused in eu-west-1 (AWS_REGION): STS is not activated there",
    );
    expect(fromVariable.stderr).toContain("hint: set AWS_REGION to a region where STS is active for account");
  });
});
