import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { CLI_BIN } from "./support/cli-world.js";
import { envKeysArn } from "./support/env-keys-arn.js";
import { useCliWorld } from "./support/use-cli-world.js";

// A role chain whose source_profile is the README's profile for older tools,
// `credential_process = ssoenv credential-process --profile dev`: the shape AWS CLI 2.9 users need, as
// it cannot chain from an sso-session profile (aws/aws-cli#7496). The AWS CLI runs the process (dev's
// role credentials) and assumes the role with them; ssoenv follows the same chain from dev.

// The AWS CLI (Python) and ssoenv run a few times each: seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";
const DEPLOYER_ARN = /^arn:aws:sts::222222222222:assumed-role\/Deployer\/hop-one$/;

const world = useCliWorld({ emulator: { roles: [{ arn: DEPLOYER }] }, loggedIn: true });
let bin: string;
beforeAll(async () => {
  // `ssoenv` on PATH, as an install puts it, for the AWS CLI to run.
  bin = join(world.home, "bin");
  await mkdir(bin);
  await writeFile(join(bin, "ssoenv"), `#!/bin/sh\nexec "${process.execPath}" "${CLI_BIN}" "$@"\n`, {
    mode: 0o755,
  });
  await appendFile(
    world.configPath,
    [
      "[profile dev-process]",
      "credential_process = ssoenv credential-process --profile dev",
      "",
      "[profile deploy]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = dev-process",
      "role_session_name = hop-one",
      "",
      // as a checkout runs it (packages/cli/bin/ssoenv.cjs), and with quotes: the AWS CLI's shlex.split
      // (and the JS SDK's shell) take the quotes away
      "[profile checkout-process]",
      `credential_process = "${process.execPath}" "${CLI_BIN}" credential-process --profile dev`,
      "",
      "[profile quoted-process]",
      `credential_process = "${join(bin, "ssoenv")}" credential-process --profile 'dev'`,
      "",
      ...["checkout-process", "quoted-process"].flatMap((source) => [
        `[profile deploy-via-${source}]`,
        `role_arn = ${DEPLOYER}`,
        `source_profile = ${source}`,
        "role_session_name = hop-one",
        "",
      ]),
      "[profile loop-process]",
      "credential_process = ssoenv credential-process --profile loop",
      "",
      "[profile loop]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = loop-process",
      "",
    ].join("\n"),
  );
});

/** The ARN of the keys `ssoenv env` hands out for the profile, or its stderr. */
const ssoenvArn = (profile: string) => envKeysArn(world, profile);

describe("a role chain whose source_profile runs ssoenv credential-process", () => {
  it.skipIf(skipWithoutAwsCliV2())("the AWS CLI v2 runs the process and assumes the role", async () => {
    const { stdout } = await runAwsCli(
      world,
      ["sts", "get-caller-identity", "--profile", "deploy", "--query", "Arn", "--output", "text"],
      { PATH: `${bin}:/usr/bin:/bin` },
    );
    expect(stdout.trim()).toMatch(DEPLOYER_ARN);
  });

  it("ssoenv assumes the same role from the profile the process names", async () => {
    expect(await ssoenvArn("deploy")).toMatch(DEPLOYER_ARN);
    // signed in at dev's sso-session, with dev's account and role as the first hop's source
    expect(world.emulator.stats().byOperation.GetRoleCredentials).toBeGreaterThanOrEqual(1);
  });

  describe.each(["checkout-process", "quoted-process"])("written as %s", (source) => {
    it.skipIf(skipWithoutAwsCliV2())("the AWS CLI v2 runs it and assumes the role", async () => {
      const { stdout } = await runAwsCli(
        world,
        [
          "sts",
          "get-caller-identity",
          "--profile",
          `deploy-via-${source}`,
          "--query",
          "Arn",
          "--output",
          "text",
        ],
        { PATH: `${bin}:/usr/bin:/bin` },
      );
      expect(stdout.trim()).toMatch(DEPLOYER_ARN);
    });

    // before: "... from profile "checkout-process" (source_profile), which is not an SSO profile", exit 2
    it("ssoenv assumes the same role, from the profile the process names", async () => {
      expect(await ssoenvArn(`deploy-via-${source}`)).toMatch(DEPLOYER_ARN);
    });
  });

  it("a loop through the process is named with the profiles on it, exit 2", async () => {
    const result = await world.run(["env", "--profile", "loop"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("source_profile loop: loop -> loop-process -> loop");
  });
});
