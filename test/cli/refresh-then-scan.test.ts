import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GetRoleCredentialsCommand, SSOClient } from "@aws-sdk/client-sso";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { updateEnvText } from "@ssoenv/core";
import { type Finding, scanText } from "@ssoenv/secret-scan";
import { parse } from "dotenv";
import { describe, expect, it } from "vitest";
import { isLikelyKeyId, isLikelySecretKey } from "../../packages/secret-scan/src/credential-shape.js";
import { useCliWorld } from "./support/use-cli-world.js";

const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";
const world = useCliWorld({ loggedIn: true, emulator: { roles: [{ arn: DEPLOYER }] } });

type Secrets = { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string; AWS_SESSION_TOKEN: string };

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** One finding per secret, on its own line, fingerprinted by the whole secret: nothing split, nothing extra. */
function expectOneFindingPerSecret(
  findings: Array<Pick<Finding, "rule" | "line" | "fingerprint">>,
  text: string,
) {
  const values = parse(text) as unknown as Secrets;
  const lineOf = (key: string) => text.split("\n").findIndex((line) => line.startsWith(`${key}=`)) + 1;
  const summary = findings.map((f) => ({ rule: f.rule, line: f.line, fingerprint: f.fingerprint }));
  expect(summary).toEqual([
    {
      rule: "aws-access-key-id",
      line: lineOf("AWS_ACCESS_KEY_ID"),
      fingerprint: sha256(values.AWS_ACCESS_KEY_ID),
    },
    {
      rule: "aws-secret-access-key",
      line: lineOf("AWS_SECRET_ACCESS_KEY"),
      fingerprint: sha256(values.AWS_SECRET_ACCESS_KEY),
    },
    // The scanner fingerprints a token without its base64 padding (the same token, however it was cut).
    {
      rule: "aws-session-token",
      line: lineOf("AWS_SESSION_TOKEN"),
      fingerprint: sha256(values.AWS_SESSION_TOKEN.replace(/=+$/, "")),
    },
  ]);
}

const byRuleAndLine = (a: Finding, b: Finding) => a.line - b.line || a.rule.localeCompare(b.rule);

describe("ssoenv scan on a .env that ssoenv refresh wrote", () => {
  it("scan . in a git repository leaves the git-ignored .env out, says so, and scans it when named", async () => {
    expect(spawnSync("git", ["init", "-q"], { cwd: world.project }).status).toBe(0);
    await writeFile(join(world.project, ".gitignore"), ".env\n");
    const refreshed = await world.run(["refresh", "--profile", "dev", "--env-file", ".env"]);
    expect(refreshed.exitCode).toBe(0);
    const scan = await world.run(["scan", "."]);
    expect(scan.exitCode, scan.stdout).toBe(0);
    expect(scan.stdout).toBe("");
    expect(scan.stderr).toContain("skipped 1 git-ignored file(s) or folder(s): .env; add --include-ignored");
    const named = await world.run(["scan", "--json", ".env"]);
    expect(named.exitCode).toBe(1);
    expect((JSON.parse(named.stdout) as Finding[]).map((f) => f.rule).sort()).toEqual([
      "aws-access-key-id",
      "aws-secret-access-key",
      "aws-session-token",
    ]);
    expect((await world.run(["scan", "--include-ignored", "."])).exitCode).toBe(1);
  });

  it("reports exactly the key ID, the secret key and the session token, once each", async () => {
    const refreshed = await world.run(["refresh", "--profile", "dev", "--env-file", "app.env"]);
    expect(refreshed.exitCode).toBe(0);
    const text = await readFile(join(world.project, "app.env"), "utf8");
    const scan = await world.run(["scan", "--format", "json", "app.env"]);
    expect(scan.exitCode).toBe(1);
    expectOneFindingPerSecret((JSON.parse(scan.stdout) as Finding[]).sort(byRuleAndLine), text);

    // The same file with 20 freshly minted sets (SSO role credentials and AssumeRole's, alternately),
    // through the scanner's library: a token the scanner splits (as base64url tokens were) fails here.
    const endpoint = world.emulator.url;
    const region = world.emulator.region;
    const sso = new SSOClient({ region, endpoint, maxAttempts: 1 });
    const { accessToken } = world.emulator.issueToken();
    const mint = async (i: number): Promise<Secrets> => {
      const { roleCredentials: role = {} } = await sso.send(
        new GetRoleCredentialsCommand({
          accessToken,
          accountId: "111111111111",
          roleName: "AdministratorAccess",
        }),
      );
      let secrets: Secrets = {
        AWS_ACCESS_KEY_ID: role.accessKeyId ?? "",
        AWS_SECRET_ACCESS_KEY: role.secretAccessKey ?? "",
        AWS_SESSION_TOKEN: role.sessionToken ?? "",
      };
      if (i % 2 === 1) {
        const sts = new STSClient({
          region,
          endpoint,
          maxAttempts: 1,
          credentials: {
            accessKeyId: secrets.AWS_ACCESS_KEY_ID,
            secretAccessKey: secrets.AWS_SECRET_ACCESS_KEY,
            sessionToken: secrets.AWS_SESSION_TOKEN,
          },
        });
        const { Credentials: assumed } = await sts.send(
          new AssumeRoleCommand({ RoleArn: DEPLOYER, RoleSessionName: `scan-${i}` }),
        );
        secrets = {
          AWS_ACCESS_KEY_ID: assumed?.AccessKeyId ?? "",
          AWS_SECRET_ACCESS_KEY: assumed?.SecretAccessKey ?? "",
          AWS_SESSION_TOKEN: assumed?.SessionToken ?? "",
        };
      }
      return secrets;
    };
    // The scanner passes over, on purpose, a random key that reads as a placeholder or as words
    // (DUMMY, XXXXX: about 1 set in 100,000, credential-shape.ts): such a set is minted again.
    const scannable = (s: Secrets) =>
      isLikelyKeyId(s.AWS_ACCESS_KEY_ID) && isLikelySecretKey(s.AWS_SECRET_ACCESS_KEY);
    for (let i = 0; i < 20; i++) {
      let secrets = await mint(i);
      for (let tries = 0; tries < 5 && !scannable(secrets); tries++) secrets = await mint(i);
      const minted = updateEnvText({ text, values: secrets }).text;
      expectOneFindingPerSecret(scanText({ text: minted, path: "app.env" }).sort(byRuleAndLine), minted);
    }
  });
});
