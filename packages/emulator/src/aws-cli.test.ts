import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, test } from "vitest";
import { startEmulator } from "./start-emulator.js";
import type { Emulator, EmulatorOptions } from "./types.js";

/** The first `aws` on PATH may be v1; the tests need AWS CLI v2 (Debian's awscli at /usr/bin/aws). */
const AWS = "/usr/bin/aws";
const awsVersion = (() => {
  try {
    return existsSync(AWS) ? execFileSync(AWS, ["--version"], { encoding: "utf8" }).trim() : "";
  } catch {
    return "";
  }
})();
const hasAwsCliV2 = awsVersion.startsWith("aws-cli/2.");
if (!hasAwsCliV2) {
  console.warn(
    `SKIP aws-cli tests: AWS CLI v2 not found at ${AWS} (got ${JSON.stringify(awsVersion)}); apt-get install awscli`,
  );
}

let emulator: Emulator;
let home: string;
let env: NodeJS.ProcessEnv;

async function setUp(options: EmulatorOptions = {}, extraConfig: string[] = []) {
  emulator = await startEmulator(options);
  home = await mkdtemp(join(tmpdir(), "emulator-awscli-"));
  await mkdir(join(home, ".aws"), { recursive: true });
  await writeFile(
    join(home, ".aws", "config"),
    [
      "[profile p]",
      "sso_session = s",
      "sso_account_id = 111111111111",
      "sso_role_name = ReadOnly",
      "region = us-east-1",
      "",
      "[sso-session s]",
      `sso_start_url = ${emulator.startUrl}`,
      `sso_region = ${emulator.region}`,
      "sso_registration_scopes = sso:account:access",
      "",
      ...extraConfig,
    ].join("\n"),
  );
  const dataPath = await emulator.writeAwsCliDataPath(join(home, "aws-data"));
  // only what the CLI needs: no AWS_* from the developer's shell may leak in
  env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_DATA_PATH: dataPath,
    AWS_PAGER: "",
    PYTHONUNBUFFERED: "1",
    LANG: "C.UTF-8",
  };
}

function aws(args: string[]) {
  return spawn(AWS, args, { env, stdio: ["ignore", "pipe", "pipe"] });
}

async function run(child: ChildProcess) {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const [code] = await once(child, "exit");
  return { code, stdout, stderr };
}

afterEach(async () => {
  await emulator?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe.skipIf(!hasAwsCliV2)(`real AWS CLI v2 (${awsVersion.split(" ")[0]})`, () => {
  test("`aws sso login --no-browser` completes, leaves a token cache, and its credentials pass STS", async () => {
    await setUp();
    const login = await run(aws(["sso", "login", "--profile", "p", "--no-browser"]));
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`Successfully logged into Start URL: ${emulator.startUrl}`);

    // the cache key of an sso-session is the sha1 of its name
    const cacheFile = join(
      home,
      ".aws",
      "sso",
      "cache",
      `${createHash("sha1").update("s").digest("hex")}.json`,
    );
    const cache = JSON.parse(await readFile(cacheFile, "utf8"));
    expect(Object.keys(cache)).toEqual(
      expect.arrayContaining([
        "startUrl",
        "region",
        "accessToken",
        "expiresAt",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
        "refreshToken",
      ]),
    );
    expect(cache.startUrl).toBe(emulator.startUrl);

    const exported = await run(
      aws(["configure", "export-credentials", "--profile", "p", "--format", "process"]),
    );
    expect(exported.code).toBe(0);
    const credentials = JSON.parse(exported.stdout);
    expect(credentials.Version).toBe(1);
    expect(credentials.AccessKeyId).toMatch(/^ASIA/);

    // the SDK accepts them against the emulator's STS ...
    const sts = new STSClient({
      region: "us-east-1",
      endpoint: emulator.url,
      credentials: {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
      },
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("111111111111");

    // ... and so does the CLI's own signature
    const who = await run(
      aws(["sts", "get-caller-identity", "--profile", "p", "--endpoint-url", emulator.url]),
    );
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toMatch(
      /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_ReadOnly_/,
    );
    expect(emulator.stats().byOperation).toMatchObject({
      RegisterClient: 1,
      StartDeviceAuthorization: 1,
      CreateToken: 1,
      GetCallerIdentity: 2,
    });
  });

  test("a legacy profile (no sso-session, so no scopes): the CLI gets AWS's fixed 8 h token, without a refresh token", async () => {
    const startUrl = "https://legacy.awsapps.com/start";
    await setUp({ startUrl }, [
      "[profile legacy]",
      `sso_start_url = ${startUrl}`,
      "sso_region = us-east-1",
      "sso_account_id = 111111111111",
      "sso_role_name = ReadOnly",
      "",
    ]);
    const login = await run(aws(["sso", "login", "--profile", "legacy", "--no-browser"]));
    expect(login.code, login.stderr).toBe(0);
    // a legacy profile's cache key is the sha1 of its start URL
    const hash = createHash("sha1").update(emulator.startUrl).digest("hex");
    const cache = JSON.parse(await readFile(join(home, ".aws", "sso", "cache", `${hash}.json`), "utf8"));
    expect(cache.refreshToken).toBeUndefined();
    const hoursLeft = (Date.parse(cache.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(7.9);
    expect(hoursLeft).toBeLessThanOrEqual(8);
  });

  test("manual approval: the CLI shows the user code and waits until it is approved", async () => {
    await setUp({ approval: "manual" });
    const child = aws(["sso", "login", "--profile", "p", "--no-browser"]);
    let shown = "";
    child.stdout?.on("data", (d) => {
      shown += d;
    });
    const result = run(child);
    const { userCode } = await emulator.waitForAuthorization({ timeoutMs: 20_000 });
    // the CLI tries CreateToken once, then prints the code and polls until approval
    while (!shown.includes(userCode) && child.exitCode === null) await sleep(100);
    // the URLs and, apart, the code to type there (AWS's URLs have not carried it since 2026-09)
    expect(shown).toContain(`${emulator.url}/device\n\nThen enter the code:\n\n${userCode}\n`);
    expect(shown).toMatch(new RegExp(`${emulator.url}/device\\?request_uri=`));
    expect(shown).not.toContain("user_code=");
    expect(emulator.pendingAuthorizations().map((p) => p.userCode)).toEqual([userCode]);
    emulator.approve(userCode);
    const login = await result;
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`Successfully logged into Start URL: ${emulator.startUrl}`);
    expect(emulator.stats().byOperation.CreateToken).toBeGreaterThanOrEqual(2);
  });

  test("manual denial: `aws sso login` fails", async () => {
    await setUp({ approval: "manual" });
    const result = run(aws(["sso", "login", "--profile", "p", "--no-browser"]));
    const { userCode } = await emulator.waitForAuthorization({ timeoutMs: 20_000 });
    emulator.deny(userCode);
    const login = await result;
    expect(login.code).not.toBe(0);
    expect(login.stderr).toContain("AccessDeniedException");
  });

  test("an sso_region other than the emulator's: `aws sso login` is refused as AWS's other region refuses it", async () => {
    await setUp({ region: "eu-west-1" });
    // the config says us-east-1 (setUp wrote the emulator's region: eu-west-1)
    const config = join(home, ".aws", "config");
    await writeFile(
      config,
      (await readFile(config, "utf8")).replace("sso_region = eu-west-1", "sso_region = us-east-1"),
    );
    const login = await run(aws(["sso", "login", "--profile", "p", "--no-browser"]));
    expect(login.code).not.toBe(0);
    expect(login.stderr).toContain(
      "(InvalidRequestException) when calling the StartDeviceAuthorization operation",
    );
    expect(emulator.stats().byOperation).toEqual({ RegisterClient: 1, StartDeviceAuthorization: 1 });
  });

  test("the CLI refreshes a nearly expired access token with the refresh_token grant", async () => {
    // a 10-minute access token is inside the CLI's refresh window (15 minutes) at once
    await setUp({ lifetimes: { accessTokenMs: 10 * 60_000 } });
    expect((await run(aws(["sso", "login", "--profile", "p", "--no-browser"]))).code).toBe(0);
    const tokenFile = join(
      home,
      ".aws",
      "sso",
      "cache",
      `${createHash("sha1").update("s").digest("hex")}.json`,
    );
    const before = JSON.parse(await readFile(tokenFile, "utf8"));
    const exported = await run(
      aws(["configure", "export-credentials", "--profile", "p", "--format", "process"]),
    );
    expect(exported.code).toBe(0);
    const after = JSON.parse(await readFile(tokenFile, "utf8"));
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(emulator.stats().byOperation).toMatchObject({ CreateToken: 2, GetRoleCredentials: 1 });
  });

  test("`aws sso logout` calls Logout and the old token is refused afterwards", async () => {
    await setUp();
    expect((await run(aws(["sso", "login", "--profile", "p", "--no-browser"]))).code).toBe(0);
    const cacheDir = join(home, ".aws", "sso", "cache");
    const tokenFile = join(cacheDir, `${createHash("sha1").update("s").digest("hex")}.json`);
    const { accessToken } = JSON.parse(await readFile(tokenFile, "utf8"));
    const logout = await run(aws(["sso", "logout"]));
    expect(logout.code).toBe(0);
    expect(emulator.stats().byOperation.Logout).toBe(1);
    expect(await readdir(cacheDir)).not.toContain(`${createHash("sha1").update("s").digest("hex")}.json`);
    const res = await fetch(`${emulator.url}/assignment/accounts`, {
      headers: { "x-amz-sso_bearer_token": accessToken },
    });
    expect(res.status).toBe(401);
  });

  // AWS CLI 2.9 cannot chain from an sso-session profile (aws/aws-cli#7496, fixed in later versions):
  // the chain starts at a legacy SSO profile here.
  test("follows a two-hop role chain (role_arn + source_profile, external_id) through the emulator's STS", async () => {
    const externalId = `ext-${Date.now().toString(36)}`;
    await setUp(
      {
        roles: [
          { arn: "arn:aws:iam::222222222222:role/Deployer" },
          { arn: "arn:aws:iam::333333333333:role/Auditor", externalId },
        ],
      },
      [
        "[profile legacy]",
        "sso_start_url = https://ssoenv-demo.awsapps.com/start",
        "sso_region = us-east-1",
        "sso_account_id = 111111111111",
        "sso_role_name = ReadOnly",
        "",
        "[profile deployer]",
        "role_arn = arn:aws:iam::222222222222:role/Deployer",
        "source_profile = legacy",
        "role_session_name = cli-hop-one",
        "",
        "[profile auditor]",
        "role_arn = arn:aws:iam::333333333333:role/Auditor",
        "source_profile = deployer",
        `external_id = ${externalId}`,
        "role_session_name = cli-hop-two",
        "duration_seconds = 900",
        "region = us-east-1",
        "",
      ],
    );
    expect((await run(aws(["sso", "login", "--profile", "legacy", "--no-browser"]))).code).toBe(0);
    const who = await run(aws(["sts", "get-caller-identity", "--profile", "auditor"]));
    expect(who.stderr).toBe("");
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toBe("arn:aws:sts::333333333333:assumed-role/Auditor/cli-hop-two");
    expect(emulator.stats().byOperation).toMatchObject({ AssumeRole: 2, GetCallerIdentity: 1 });
  });
});
