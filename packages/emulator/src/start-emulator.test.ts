import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetRoleCredentialsCommand, SSOClient } from "@aws-sdk/client-sso";
import { RegisterClientCommand, SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, test } from "vitest";
import { startEmulator } from "./start-emulator.js";
import type { Emulator } from "./types.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe("startEmulator", () => {
  test("listens on a free loopback port with the documented defaults", async () => {
    emulator = await startEmulator();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.region).toBe("us-east-1");
    expect(emulator.startUrl).toBe("https://ssoenv-demo.awsapps.com/start");
  });

  test("SDK clients reach it through sdkEnv() alone (AWS_ENDPOINT_URL_*), without an endpoint option", async () => {
    emulator = await startEmulator({ region: "eu-west-1" });
    const env = emulator.sdkEnv();
    expect(env).toEqual({
      AWS_ENDPOINT_URL_SSO: emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
      AWS_ENDPOINT_URL_STS: emulator.url,
      AWS_ENDPOINT_URL_SIGNIN: emulator.url,
    });
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const region = "eu-west-1";
      await new SSOOIDCClient({ region }).send(
        new RegisterClientCommand({ clientName: "env", clientType: "public" }),
      );
      const { roleCredentials: c } = await new SSOClient({ region }).send(
        new GetRoleCredentialsCommand({
          accessToken: emulator.issueToken().accessToken,
          accountId: "111111111111",
          roleName: "ReadOnly",
        }),
      );
      const sts = new STSClient({
        region,
        credentials: {
          accessKeyId: c?.accessKeyId ?? "",
          secretAccessKey: c?.secretAccessKey ?? "",
          sessionToken: c?.sessionToken ?? "",
        },
      });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("111111111111");
      expect(emulator.stats().byOperation).toEqual({
        RegisterClient: 1,
        GetRoleCredentials: 1,
        GetCallerIdentity: 1,
      });
    } finally {
      for (const key of Object.keys(env)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  test("serves the configured accounts, roles and user name", async () => {
    emulator = await startEmulator({
      userName: "bob",
      accounts: [{ accountId: "333333333333", accountName: "prod", roles: ["Deployer"] }],
    });
    const sso = new SSOClient({ region: emulator.region, endpoint: emulator.url });
    const { roleCredentials: c } = await sso.send(
      new GetRoleCredentialsCommand({
        accessToken: emulator.issueToken().accessToken,
        accountId: "333333333333",
        roleName: "Deployer",
      }),
    );
    const sts = new STSClient({
      region: emulator.region,
      endpoint: emulator.url,
      credentials: {
        accessKeyId: c?.accessKeyId ?? "",
        secretAccessKey: c?.secretAccessKey ?? "",
        sessionToken: c?.sessionToken ?? "",
      },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toMatch(
      /^arn:aws:sts::333333333333:assumed-role\/AWSReservedSSO_Deployer_[0-9a-f]{16}\/bob$/,
    );
  });

  test("the clock starts at `now`, advances and can be set", async () => {
    const now = Date.UTC(2030, 0, 1);
    emulator = await startEmulator({ now });
    expect(emulator.clock.now()).toBeGreaterThanOrEqual(now);
    expect(emulator.clock.now()).toBeLessThan(now + 60_000);
    emulator.clock.advance(12 * 3_600_000);
    expect(emulator.clock.now()).toBeGreaterThanOrEqual(now + 12 * 3_600_000);
    emulator.clock.set(Date.UTC(2035, 0, 1));
    expect(new Date(emulator.clock.now()).getUTCFullYear()).toBe(2035);
    const token = emulator.issueToken();
    expect(token.expiresAt.getTime()).toBeGreaterThanOrEqual(Date.UTC(2035, 0, 1) + 3_600_000);
    expect(token.registrationExpiresAt.getTime()).toBeGreaterThanOrEqual(
      Date.UTC(2035, 0, 1) + 90 * 86_400_000,
    );
  });

  test("stop() closes the port, even with a keep-alive connection open", async () => {
    emulator = await startEmulator();
    const { url } = emulator;
    const sso = new SSOClient({ region: "us-east-1", endpoint: url, maxAttempts: 1 });
    await sso
      .send(
        new GetRoleCredentialsCommand({ accessToken: "x", accountId: "111111111111", roleName: "ReadOnly" }),
      )
      .catch(() => undefined);
    await emulator.stop();
    emulator = undefined;
    await expect(fetch(`${url}/_emulator/stats`)).rejects.toThrow();
  });

  test("refuses an unknown approval mode", async () => {
    await expect(startEmulator({ approval: "sometimes" as "auto" })).rejects.toThrow(/approval/);
  });
});

describe("writeAwsCliDataPath", () => {
  test("writes an endpoint rule set for sso and sso-oidc that always resolves to the emulator, naming the region", async () => {
    emulator = await startEmulator();
    const dir = await mkdtemp(join(tmpdir(), "emulator-data-"));
    try {
      expect(await emulator.writeAwsCliDataPath(dir)).toBe(dir);
      for (const service of ["sso", "sso-oidc"]) {
        const ruleSet = JSON.parse(
          await readFile(join(dir, service, "2019-06-10", "endpoint-rule-set-1.json"), "utf8"),
        );
        expect(ruleSet.version).toBe("1.0");
        expect(Object.keys(ruleSet.parameters).sort()).toEqual([
          "Endpoint",
          "Region",
          "UseDualStack",
          "UseFIPS",
        ]);
        expect(ruleSet.parameters.Region.builtIn).toBe("AWS::Region");
        expect(ruleSet.parameters.Endpoint.builtIn).toBe("SDK::Endpoint");
        // to the emulator whatever the region; the region the CLI resolved in a header, when it has one
        expect(ruleSet.rules).toEqual([
          {
            conditions: [{ fn: "isSet", argv: [{ ref: "Region" }] }],
            endpoint: {
              url: emulator.url,
              properties: {},
              headers: { "x-ssoenv-emulator-region": ["{Region}"] },
            },
            type: "endpoint",
          },
          { conditions: [], endpoint: { url: emulator.url, properties: {}, headers: {} }, type: "endpoint" },
        ]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
