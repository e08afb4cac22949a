import { GetRoleCredentialsCommand } from "@aws-sdk/client-sso";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { startDeviceLogin } from "./test-support/sdk-clients.js";
import { useEmulator } from "./test-support/use-emulator.js";

const start = useEmulator();

const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";
// Standard base64 (not base64url): the secret scanner and every AWS consumer see one unbroken run.
const SESSION_TOKEN = /^IQoJb3JpZ2luX2Vj[A-Za-z0-9+/]+={0,2}$/;
const KEY_ID = /^ASIA[A-Z2-7]{16}$/;
const SECRET_KEY = /^[A-Za-z0-9+/]{40}$/;
const SETS = 10;

type Creds = { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string };

/** The shape AWS returns, held for one set of credentials. */
function expectAwsShape(credentials: Creds) {
  expect(credentials.accessKeyId).toMatch(KEY_ID);
  expect(credentials.secretAccessKey).toMatch(SECRET_KEY);
  const token = credentials.sessionToken ?? "";
  expect(token).toMatch(SESSION_TOKEN);
  expect(token.length % 4).toBe(0);
  expect(token.length).toBeGreaterThanOrEqual(700);
  expect(token.length).toBeLessThanOrEqual(1100);
}

describe("credentials have AWS's shape", () => {
  test("GetRoleCredentials and AssumeRole: ASIA key ids, 40-char base64 secrets, standard-base64 session tokens", async () => {
    const { emulator, sso, stsWith } = await start({ roles: [{ arn: DEPLOYER }] });
    const { accessToken } = emulator.issueToken();
    const lengths = new Set<number>();
    let padded = 0;
    for (let i = 0; i < SETS; i++) {
      const { roleCredentials = {} } = await sso.send(
        new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName: "ReadOnly" }),
      );
      expectAwsShape(roleCredentials);
      const { Credentials } = await stsWith({
        accessKeyId: roleCredentials.accessKeyId ?? "",
        secretAccessKey: roleCredentials.secretAccessKey ?? "",
        sessionToken: roleCredentials.sessionToken ?? "",
      }).send(new AssumeRoleCommand({ RoleArn: DEPLOYER, RoleSessionName: `shape-${i}` }));
      const assumed = {
        accessKeyId: Credentials?.AccessKeyId,
        secretAccessKey: Credentials?.SecretAccessKey,
        sessionToken: Credentials?.SessionToken,
      };
      expectAwsShape(assumed);
      for (const token of [roleCredentials.sessionToken ?? "", assumed.sessionToken ?? ""]) {
        lengths.add(token.length);
        if (token.endsWith("=")) padded++;
      }
    }
    // AWS's tokens are not of one fixed length (so some end in padding); neither are the emulator's.
    expect(lengths.size).toBeGreaterThan(1);
    expect(padded).toBeGreaterThan(0);
  });

  test("SSO OIDC: a JWT-shaped client secret; aoa/aor tokens with a colon and a DER signature", async () => {
    const { emulator, oidc } = await start();
    const { client, poll, refresh } = await startDeviceLogin(oidc, emulator);
    expect(client.clientSecret).toMatch(/^eyJraWQiOi[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    const first = await poll();
    const renewed = await refresh(first.refreshToken);
    for (const answer of [first, renewed]) {
      expect(answer.accessToken).toMatch(/^aoa[\w-]{100,}:MGUCM[A-Za-z0-9+/]{130,}={0,2}$/);
      expect(answer.refreshToken).toMatch(/^aor[\w-]{100,}:MGUCM[A-Za-z0-9+/]{130,}={0,2}$/);
    }
  });
});
