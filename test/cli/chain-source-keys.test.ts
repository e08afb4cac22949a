import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { useCliWorld } from "./support/use-cli-world.js";

// A role chain's source profile with keys of its own (aws_access_key_id... in the credentials file)
// ends the chain there for every AWS tool: botocore's _resolve_credentials_from_profile and the JS
// SDK's resolveProfileData take the keys and do not follow that profile's role_arn. A profile whose
// source_profile is itself works only that way. ssoenv, which signs in at an SSO profile, names
// those keys rather than assume a chain the AWS tools do not.

// The AWS CLI (Python) and ssoenv run a few times each: seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const MID = "arn:aws:iam::222222222222:role/Mid";
const TOP = "arn:aws:iam::333333333333:role/Top";

const world = useCliWorld({ emulator: { roles: [{ arn: MID }, { arn: TOP }] }, loggedIn: true });
let credentialsPath: string;
beforeAll(async () => {
  await appendFile(
    world.configPath,
    [
      "[profile mid]",
      `role_arn = ${MID}`,
      "source_profile = dev",
      "",
      "[profile top]",
      `role_arn = ${TOP}`,
      "source_profile = mid",
      "",
      "[profile self]",
      `role_arn = ${TOP}`,
      "source_profile = self",
      "",
    ].join("\n"),
  );
  // Keys for mid and self that STS takes: dev's role credentials, as a script left them there.
  const result = await world.run(["env", "--profile", "dev", "--format", "json"]);
  expect(result.exitCode, result.stderr).toBe(0);
  const keys = JSON.parse(result.stdout);
  const section = (name: string) =>
    [
      `[${name}]`,
      `aws_access_key_id = ${keys.AWS_ACCESS_KEY_ID}`,
      `aws_secret_access_key = ${keys.AWS_SECRET_ACCESS_KEY}`,
      `aws_session_token = ${keys.AWS_SESSION_TOKEN}`,
      "",
    ].join("\n");
  credentialsPath = join(world.home, ".aws", "credentials");
  await writeFile(credentialsPath, `${section("mid")}\n${section("self")}`, { mode: 0o600 });
});

describe("a role chain whose source profile has keys of its own", () => {
  it.skipIf(skipWithoutAwsCliV2())("the AWS CLI v2 assumes only the last role, with those keys", async () => {
    world.emulator.resetStats();
    const { stdout } = await runAwsCli(world, [
      "sts",
      "get-caller-identity",
      "--profile",
      "top",
      "--query",
      "Arn",
      "--output",
      "text",
    ]);
    expect(stdout.trim()).toMatch(/^arn:aws:sts::333333333333:assumed-role\/Top\//);
    expect(world.emulator.stats().byOperation.AssumeRole).toBe(1);
  });

  it("ssoenv names the keys that end the chain, exit 2, and assumes no role", async () => {
    world.emulator.resetStats();
    const result = await world.run(["env", "--profile", "top"]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: Profile "top" in ${world.configPath} takes its role's source credentials from profile "mid", which has keys (aws_access_key_id) in ${credentialsPath}: the AWS CLI and the SDKs use those keys and do not follow its role_arn, and ssoenv follows role chains that start at an SSO profile`,
      `hint: remove the keys from [mid] in ${credentialsPath}, or point source_profile of [profile top] in ${world.configPath} at an SSO profile`,
    ]);
    expect(world.emulator.stats().byOperation.AssumeRole).toBeUndefined();
  });

  it("ssoenv names them for a profile whose source_profile is itself, not a loop", async () => {
    const result = await world.run(["env", "--profile", "self"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `Profile "self" in ${world.configPath} takes its role's source credentials from profile "self", which has keys (aws_access_key_id) in ${credentialsPath}`,
    );
    expect(result.stderr).not.toContain("loop");
  });
});

describe("doctor, on role profiles whose source has keys", () => {
  it("leaves them alone, as other profiles that are not SSO ones (an IAM user's chain is a valid AWS config)", async () => {
    const result = await world.run(["doctor", "--json"]);
    const findings = JSON.parse(result.stdout).findings as { check: string; message: string }[];
    const named = findings.filter((f) => f.check === "profile" && /"(top|self)"/.test(f.message));
    expect(named, JSON.stringify(named)).toEqual([]);
  });
});
