import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { ensureSession } from "../session/ensure-session.js";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../test-support/aws-cli.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { readSsoToken, writeSsoToken } from "../token/sso-token-cache.js";
import { login } from "./login.js";

const run = promisify(execFile);
const corp = { name: "dev", ssoSession: "corp", startUrl: "" };

// AWS CLI v2.9 ignores AWS_ENDPOINT_URL_*: it reaches the emulator through AWS_DATA_PATH endpoint
// rule-set overrides (SSO, SSO OIDC) and --endpoint-url (STS).
describe.skipIf(skipWithoutAwsCliV2())("interop with the real AWS CLI v2", () => {
  const fx = useSsoFixture();
  let cliEnv: NodeJS.ProcessEnv;
  beforeEach(async () => {
    const dataPath = await fx.emulator.writeAwsCliDataPath(join(fx.home, "aws-data"));
    cliEnv = {
      ...fx.env,
      // Only the Debian v2 on PATH (the first `aws` on this machine is a v1).
      PATH: `/usr/bin:/bin`,
      AWS_DATA_PATH: dataPath,
      AWS_PAGER: "",
    };
  });

  it("the AWS CLI accepts the cache written by our native login (configure export-credentials)", {
    timeout: 60_000,
  }, async () => {
    await login({ profile: "dev", method: "native", env: fx.env, noBrowser: true, onPrompt: () => {} });
    fx.emulator.resetStats();
    const { stdout } = await run(
      AWS_CLI_V2,
      ["configure", "export-credentials", "--profile", "dev", "--format", "process"],
      {
        env: cliEnv,
      },
    );
    const exported = JSON.parse(stdout) as Record<string, unknown>;
    expect(exported.Version).toBe(1);
    expect(exported.AccessKeyId).toMatch(/^ASIA/);
    expect(typeof exported.SessionToken).toBe("string");
    expect(fx.emulator.stats().byOperation).toEqual({ GetRoleCredentials: 1 });
  });

  it("the AWS CLI accepts a legacy-profile cache written by our native login", {
    timeout: 60_000,
  }, async () => {
    await login({ profile: "legacy", method: "native", env: fx.env, noBrowser: true, onPrompt: () => {} });
    const { stdout } = await run(
      AWS_CLI_V2,
      ["configure", "export-credentials", "--profile", "legacy", "--format", "process"],
      {
        env: cliEnv,
      },
    );
    expect(JSON.parse(stdout).AccessKeyId).toMatch(/^ASIA/);
  });

  it("ensureSession uses (and can refresh) a cache written by `aws sso login --no-browser`", {
    timeout: 60_000,
  }, async () => {
    await run(AWS_CLI_V2, ["sso", "login", "--no-browser", "--profile", "dev"], { env: cliEnv });
    const written = await readSsoToken({ profile: corp, env: fx.env });
    expect(written?.refreshToken).toBeTruthy();
    fx.emulator.resetStats();
    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect(session.identity.account).toBe("111111111111");
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBeUndefined();
    // And STS, reached by the CLI with --endpoint-url, accepts the credentials we got.
    const { stdout } = await run(
      AWS_CLI_V2,
      [
        "sts",
        "get-caller-identity",
        "--endpoint-url",
        fx.emulator.url,
        "--region",
        "us-east-1",
        "--output",
        "json",
      ],
      {
        env: {
          ...cliEnv,
          AWS_ACCESS_KEY_ID: session.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: session.credentials.secretAccessKey,
          AWS_SESSION_TOKEN: session.credentials.sessionToken,
        },
      },
    );
    expect(JSON.parse(stdout).Arn).toBe(session.identity.arn);

    // Near expiry, the CLI's refresh token and client registration renew the access token.
    if (!written) throw new Error("no token");
    await writeSsoToken({
      profile: corp,
      env: fx.env,
      token: { ...written, expiresAt: new Date(Date.now() + 60_000) },
    });
    fx.emulator.resetStats();
    const refreshed = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect(fx.emulator.stats().byOperation.CreateToken).toBe(1);
    expect(refreshed.identity.account).toBe("111111111111");
    // An hour, as AWS's access tokens: a refresh renews the token, never the sign-in.
    expect((await readSsoToken({ profile: corp, env: fx.env }))?.expiresAt.getTime()).toBeGreaterThan(
      Date.now() + 55 * 60_000,
    );
    // `aws sso login` ran without ssoenv: the sign-in's end is unknown, not the token's hour.
    expect(refreshed.sessionEndsAt).toBeUndefined();
  });

  it("login method aws-cli runs `aws sso login` end to end and reports the cached expiry", {
    timeout: 60_000,
  }, async () => {
    const result = await login({ profile: "dev", method: "aws-cli", env: cliEnv, noBrowser: true });
    expect(result.method).toBe("aws-cli");
    expect(result.sessionEndsAt.getTime()).toBeGreaterThan(Date.now() + 7.9 * 3_600_000);
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect(session.sessionEndsAt?.getTime()).toBe(result.sessionEndsAt.getTime());
  });

  it("ensureSession with method auto logs in with the built-in flow when the AWS CLI on PATH predates PKCE (< 2.22)", {
    timeout: 60_000,
  }, async () => {
    const methods: string[] = [];
    const session = await ensureSession({
      profile: "dev",
      env: cliEnv,
      interactive: true,
      noBrowser: true,
      onPrompt: () => {},
      onEvent: (event) => {
        if (event.type === "login-started") methods.push(event.method);
      },
    });
    expect(session.identity.account).toBe("111111111111");
    expect(methods).toEqual(["native"]);
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });
});
