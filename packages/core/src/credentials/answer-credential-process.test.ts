import { randomBytes } from "node:crypto";
import { unlink, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSsoProfile } from "../config/load-sso-profile.js";
import { type AwsHome, createAwsHome } from "../test-support/create-aws-home.js";
import { tokenCachePath, writeSsoToken } from "../token/sso-token-cache.js";
import { answerCredentialProcess } from "./answer-credential-process.js";
import { writeCachedCredentials } from "./credentials-cache.js";

const config = (role: string) =>
  `[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ${role}\n\n` +
  "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n";

const credentials = () => ({
  accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
  secretAccessKey: randomBytes(30).toString("base64"),
  sessionToken: randomBytes(60).toString("base64"),
  expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000),
});

describe("answerCredentialProcess", () => {
  let aws: AwsHome;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    aws = await createAwsHome({ config: config("ReadOnly"), prefix: "ssoenv-answer-" });
    env = { HOME: aws.home };
    // The sign-in that mints the cached credentials (see writeCachedCredentials).
    await writeSsoToken({
      profile: { ssoSession: "corp", startUrl: "https://corp.awsapps.com/start" },
      env,
      token: {
        startUrl: "https://corp.awsapps.com/start",
        region: "us-east-1",
        accessToken: randomBytes(24).toString("hex"),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
  });
  afterEach(() => aws.remove());

  it("answers from the credentials cache with the credential_process JSON, and misses when nothing is cached", async () => {
    expect(await answerCredentialProcess({ profile: "dev", env })).toBeUndefined();
    const cached = credentials();
    await writeCachedCredentials({
      profile: await loadSsoProfile({ profile: "dev", env }),
      credentials: cached,
      env,
    });
    const answer = JSON.parse((await answerCredentialProcess({ profile: "dev", env })) ?? "null");
    expect(answer).toEqual({
      Version: 1,
      AccessKeyId: cached.accessKeyId,
      SecretAccessKey: cached.secretAccessKey,
      SessionToken: cached.sessionToken,
      Expiration: cached.expiration.toISOString().replace(".000Z", "Z"),
    });
  });

  it("reads the config again once it changes: another role's credentials are not handed out", async () => {
    await writeCachedCredentials({
      profile: await loadSsoProfile({ profile: "dev", env }),
      credentials: credentials(),
      env,
    });
    expect(await answerCredentialProcess({ profile: "dev", env })).toBeDefined();
    await writeFile(aws.configPath, config("AdministratorAccess"));
    expect(await answerCredentialProcess({ profile: "dev", env })).toBeUndefined();
  });

  it("answers nothing, without throwing, for a profile the config does not have", async () => {
    expect(await answerCredentialProcess({ profile: "nope", env })).toBeUndefined();
  });

  it("answers nothing once the sign-in is gone, even from a pointer that still matches the config", async () => {
    const profile = await loadSsoProfile({ profile: "dev", env });
    await writeCachedCredentials({ profile, credentials: credentials(), env });
    expect(await answerCredentialProcess({ profile: "dev", env })).toBeDefined();
    await unlink(tokenCachePath({ profile, env }));
    expect(await answerCredentialProcess({ profile: "dev", env })).toBeUndefined();
  });
});
