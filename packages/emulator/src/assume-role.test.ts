import { randomBytes } from "node:crypto";
import { GetRoleCredentialsCommand } from "@aws-sdk/client-sso";
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  STSClient,
} from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { useEmulator } from "./test-support/use-emulator.js";
import type { EmulatorOptions } from "./types.js";

const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";
const AUDITOR = "arn:aws:iam::333333333333:role/audit/Auditor";

const startEmulatorWithClients = useEmulator();

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** An emulator with two roles, and SSO role credentials to start a chain from. */
async function start(options: EmulatorOptions = {}) {
  const { emulator, ...clients } = await startEmulatorWithClients({
    userName: "alice",
    roles: [{ arn: DEPLOYER }],
    ...options,
  });
  const { accessToken } = emulator.issueToken();
  const { roleCredentials } = await clients.sso.send(
    new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName: "ReadOnly" }),
  );
  const sso: Creds = {
    accessKeyId: roleCredentials?.accessKeyId ?? "",
    secretAccessKey: roleCredentials?.secretAccessKey ?? "",
    sessionToken: roleCredentials?.sessionToken ?? "",
  };
  const assume = async (credentials: Creds, input: Partial<AssumeRoleCommandInput>) => {
    const answer = await clients
      .stsWith(credentials)
      .send(new AssumeRoleCommand({ RoleArn: DEPLOYER, RoleSessionName: "test-session", ...input }));
    return {
      answer,
      credentials: {
        accessKeyId: answer.Credentials?.AccessKeyId ?? "",
        secretAccessKey: answer.Credentials?.SecretAccessKey ?? "",
        sessionToken: answer.Credentials?.SessionToken ?? "",
      },
    };
  };
  const whoAmI = (credentials: Creds) => clients.stsWith(credentials).send(new GetCallerIdentityCommand({}));
  return { emulator, sso, assume, whoAmI };
}

describe("AssumeRole", () => {
  test("chains two hops from SSO role credentials; each hop's credentials sign the next call", async () => {
    const externalId = `ext-${randomBytes(6).toString("hex")}`;
    const { emulator, sso, assume, whoAmI } = await start({
      roles: [{ arn: DEPLOYER }, { arn: AUDITOR, externalId }],
    });
    const before = emulator.clock.now();
    const first = await assume(sso, { RoleArn: DEPLOYER, RoleSessionName: "hop-one" });
    expect(first.answer.AssumedRoleUser?.Arn).toBe("arn:aws:sts::222222222222:assumed-role/Deployer/hop-one");
    expect(first.answer.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:hop-one$/);
    expect(first.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    // default DurationSeconds: one hour of the emulator clock, to the second
    const expiration = first.answer.Credentials?.Expiration?.getTime() ?? 0;
    expect(expiration - before).toBeGreaterThan(3600_000 - 2000);
    expect(expiration - before).toBeLessThan(3600_000 + 2000);
    expect((await whoAmI(first.credentials)).Arn).toBe(
      "arn:aws:sts::222222222222:assumed-role/Deployer/hop-one",
    );

    const second = await assume(first.credentials, {
      RoleArn: AUDITOR,
      RoleSessionName: "hop-two",
      ExternalId: externalId,
      DurationSeconds: 900,
    });
    const identity = await whoAmI(second.credentials);
    expect(identity.Account).toBe("333333333333");
    // the role's path is not part of the assumed-role ARN, as on AWS
    expect(identity.Arn).toBe("arn:aws:sts::333333333333:assumed-role/Auditor/hop-two");
    const secondExpiration = second.answer.Credentials?.Expiration?.getTime() ?? 0;
    expect(secondExpiration - emulator.clock.now()).toBeLessThanOrEqual(900_000 + 1000);
    expect(emulator.stats().byOperation.AssumeRole).toBe(2);
  });

  test("a role that requires an external id refuses a missing or wrong one with AccessDenied (403)", async () => {
    const externalId = `ext-${randomBytes(6).toString("hex")}`;
    const { sso, assume } = await start({ roles: [{ arn: AUDITOR, externalId }] });
    for (const given of [undefined, `${externalId}-wrong`]) {
      await expect(
        assume(sso, { RoleArn: AUDITOR, ...(given ? { ExternalId: given } : {}) }),
      ).rejects.toMatchObject({
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
        message: expect.stringMatching(
          /^User: arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}\/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role\/audit\/Auditor$/,
        ),
      });
    }
    await expect(assume(sso, { RoleArn: AUDITOR, ExternalId: externalId })).resolves.toBeTruthy();
  });

  test("a role whose trust policy requires MFA wants SerialNumber and the device's TokenCode, as STS answers", async () => {
    const mfa = { serialNumber: "arn:aws:iam::111111111111:mfa/alice", tokenCode: "246810" };
    const { sso, assume } = await start({ roles: [{ arn: DEPLOYER, mfa }] });
    // no MFA: the trust policy's aws:MultiFactorAuthPresent condition fails, as any other
    await expect(assume(sso, {})).rejects.toMatchObject({
      name: "AccessDenied",
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining("is not authorized to perform: sts:AssumeRole on resource"),
    });
    await expect(assume(sso, { SerialNumber: mfa.serialNumber, TokenCode: "135791" })).rejects.toMatchObject({
      name: "AccessDenied",
      message: "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
    });
    await expect(
      assume(sso, { SerialNumber: "arn:aws:iam::111111111111:mfa/bob", TokenCode: mfa.tokenCode }),
    ).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringContaining("MultiFactorAuthentication failed, unable to validate MFA code"),
    });
    await expect(assume(sso, { SerialNumber: mfa.serialNumber, TokenCode: "12ab56" })).rejects.toMatchObject({
      name: "ValidationError",
      message: expect.stringContaining("'tokenCode' failed to satisfy constraint"),
    });
    const done = await assume(sso, { SerialNumber: mfa.serialNumber, TokenCode: mfa.tokenCode });
    expect(done.credentials.accessKeyId).toMatch(/^ASIA/);
  });

  test("a role the emulator does not know is AccessDenied, as AWS answers for a role that does not trust you", async () => {
    const { sso, assume } = await start();
    await expect(assume(sso, { RoleArn: "arn:aws:iam::222222222222:role/Nobody" })).rejects.toMatchObject({
      name: "AccessDenied",
      $metadata: { httpStatusCode: 403 },
    });
  });

  test("DurationSeconds over an hour is refused for role chaining, even when the role allows more", async () => {
    const externalId = `ext-${randomBytes(6).toString("hex")}`;
    const { sso, assume } = await start({
      roles: [{ arn: AUDITOR, externalId, maxSessionDurationSeconds: 7200 }],
    });
    await expect(
      assume(sso, { RoleArn: AUDITOR, ExternalId: externalId, DurationSeconds: 7200 }),
    ).rejects.toMatchObject({
      name: "ValidationError",
      $metadata: { httpStatusCode: 400 },
      message:
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
    await expect(
      assume(sso, { RoleArn: AUDITOR, ExternalId: externalId, DurationSeconds: 899 }),
    ).rejects.toMatchObject({
      name: "ValidationError",
      message: expect.stringContaining("'durationSeconds' failed to satisfy constraint"),
    });
  });

  test("a RoleSessionName outside [\\w+=,.@-]{2,64} is a ValidationError", async () => {
    const { sso, assume } = await start();
    for (const name of ["a", "has space", "x".repeat(65)]) {
      await expect(assume(sso, { RoleSessionName: name })).rejects.toMatchObject({
        name: "ValidationError",
        message: expect.stringContaining("'roleSessionName'"),
      });
    }
  });

  test("only live credentials it issued may call it: wrong secret, unknown key, expired source", async () => {
    const { emulator, sso, assume } = await start();
    await expect(
      assume({ ...sso, secretAccessKey: randomBytes(30).toString("base64").slice(0, 40) }, {}),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 } });
    const unknownKey = `ASIA${Array.from(randomBytes(16), (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32]).join("")}`;
    await expect(assume({ ...sso, accessKeyId: unknownKey }, {})).rejects.toMatchObject({
      name: "InvalidClientTokenId",
    });
    const chained = await assume(sso, {});
    emulator.clock.advance(61 * 60_000);
    await expect(assume(chained.credentials, {})).rejects.toMatchObject({ name: "ExpiredToken" });
    await expect(assume(sso, {})).rejects.toMatchObject({ name: "ExpiredToken" });
  });

  test("an unsigned AssumeRole gets MissingAuthenticationToken", async () => {
    const { emulator } = await start();
    const res = await fetch(emulator.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(DEPLOYER)}&RoleSessionName=x1`,
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>MissingAuthenticationToken</Code>");
  });

  test("STS deactivated in a region for the role's account: AssumeRole signed for it is RegionDisabledException (403), elsewhere it works", async () => {
    // AWS: the account whose credentials are asked for must have STS active in the region called;
    // us-east-1 cannot be deactivated; GetCallerIdentity issues no credentials and still answers.
    const { emulator, sso, assume, whoAmI } = await start({
      region: "eu-west-1",
      roles: [{ arn: DEPLOYER }, { arn: AUDITOR }],
      stsDeactivatedRegions: { "222222222222": ["eu-west-1"] },
    });
    await expect(assume(sso, { RoleArn: DEPLOYER })).rejects.toMatchObject({
      name: "RegionDisabledException",
      $metadata: { httpStatusCode: 403 },
      message:
        "STS is not activated in this region for account:222222222222. Your account administrator can activate STS in this region using the IAM Console.",
    });
    await expect(assume(sso, { RoleArn: AUDITOR })).resolves.toBeTruthy();
    await expect(whoAmI(sso)).resolves.toMatchObject({ Account: "111111111111" });
    const inUsEast1 = new STSClient({
      region: "us-east-1",
      endpoint: emulator.url,
      maxAttempts: 1,
      credentials: sso,
    });
    const answer = await inUsEast1.send(
      new AssumeRoleCommand({ RoleArn: DEPLOYER, RoleSessionName: "east" }),
    );
    expect(answer.AssumedRoleUser?.Arn).toBe("arn:aws:sts::222222222222:assumed-role/Deployer/east");
    await expect(start({ stsDeactivatedRegions: { "222222222222": ["us-east-1"] } })).rejects.toThrow(
      /stsDeactivatedRegions: STS cannot be deactivated in us-east-1/,
    );
  });

  test("setRoles replaces the roles (the next AssumeRole sees them)", async () => {
    const { emulator, sso, assume } = await start();
    emulator.setRoles([]);
    await expect(assume(sso, {})).rejects.toMatchObject({ name: "AccessDenied" });
    emulator.setRoles([{ arn: DEPLOYER }]);
    await expect(assume(sso, {})).resolves.toBeTruthy();
    expect(() => emulator.setRoles([{ arn: "arn:aws:iam::1:role/x" }])).toThrow(/roles\[0\]\.arn/);
  });
});
