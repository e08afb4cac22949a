import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { inspect } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSsoProfile } from "../config/load-sso-profile.js";
import { SsoenvError } from "../errors.js";
import { rejection } from "../test-support/rejection.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { readSsoToken, tokenCachePath } from "../token/sso-token-cache.js";
import { ensureSession } from "./ensure-session.js";
import type { SessionEvent } from "./session-types.js";

const corp = { ssoSession: "corp", startUrl: "", name: "dev" };
const HOUR = 3_600_000;
/** A user at a terminal who logs in with the built-in device flow (the emulator approves at once). */
const NATIVE_LOGIN = { interactive: true, noBrowser: true, login: "native", onPrompt: () => {} } as const;

describe("ensureSession", () => {
  const fx = useSsoFixture();

  it("returns identity and role credentials from a cached sso-session token, with 2 requests", async () => {
    await fx.seedToken(corp);
    fx.emulator.resetStats();
    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect(session.profile).toBe("dev");
    expect(session.region).toBe("eu-west-1");
    expect(session.accountId).toBe("111111111111");
    expect(session.roleName).toBe("AdministratorAccess");
    expect(session.identity.account).toBe("111111111111");
    expect(session.identity.arn).toContain("AdministratorAccess");
    expect(session.credentials.accessKeyId).toMatch(/^ASIA/);
    expect(session.credentials.expiration.getTime()).toBeGreaterThan(Date.now());
    expect(session.credentialsExpireAt).toEqual(session.credentials.expiration);
    // Seeded without a login by ssoenv: the sign-in's end is unknown, and the access token's hour is
    // not passed off as it.
    expect(session.sessionEndsAt).toBeUndefined();
    expect(Object.values(session).filter((value) => value instanceof Date)).toEqual([
      session.credentialsExpireAt,
    ]);
    expect(fx.emulator.stats().byOperation).toEqual({ GetRoleCredentials: 1, GetCallerIdentity: 1 });
  });

  it("works with a legacy profile (cache keyed by start URL, no refresh token)", async () => {
    await fx.seedToken({ startUrl: fx.emulator.startUrl }, { legacy: true });
    const session = await ensureSession({ profile: "legacy", env: fx.env, interactive: false });
    expect(session.roleName).toBe("ReadOnly");
    expect(session.region).toBeUndefined();
  });

  // credential-process loads the profile to look up its cache, then asked ensureSession, which loaded
  // it again: the config file was opened twice on every miss.
  it("takes the profile loadSsoProfile returned, and reads no config file for it again", async () => {
    await fx.seedToken(corp);
    const loaded = await loadSsoProfile({ profile: "dev", env: fx.env });
    // A config read now would find no profile dev (PROFILE_NOT_FOUND).
    await writeFile(fx.configPath, "[profile other]\nregion = eu-west-1\n");
    const session = await ensureSession({ profile: loaded, env: fx.env, interactive: false });
    expect(session.profile).toBe("dev");
    expect(session.accountId).toBe("111111111111");
    expect(session.credentials.accessKeyId).toMatch(/^ASIA/);
  });

  it("uses AWS_PROFILE from env when no profile is given", async () => {
    await fx.seedToken(corp);
    const session = await ensureSession({ env: { ...fx.env, AWS_PROFILE: "stg" }, interactive: false });
    expect(session.profile).toBe("stg");
    expect(session.accountId).toBe("222222222222");
  });

  it("refreshes the access token with the refresh token when it is within 5 minutes of expiry", async () => {
    const seeded = await fx.seedToken(corp, { expiresInMs: 2 * 60_000 });
    fx.emulator.resetStats();
    const events: SessionEvent[] = [];
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      onEvent: (e) => events.push(e),
    });
    expect(fx.emulator.stats().byOperation.CreateToken).toBe(1);
    expect(session.identity.account).toBe("111111111111");
    const cached = await readSsoToken({ profile: corp, env: fx.env });
    expect(cached?.expiresAt.getTime()).toBeGreaterThan(Date.now() + HOUR - 60_000);
    expect(cached?.accessToken).not.toBe(seeded.accessToken);
    expect(cached?.clientId).toBe(seeded.clientId);
    expect(cached?.refreshToken).toBeTruthy();
    expect(events.map((e) => e.type)).toContain("token-refreshed");
  });

  it.each(["server-error", "throttle"] as const)(
    "uses the access token it has until it expires when its refresh fails (%s), as the AWS SDK does, and warns",
    async (kind) => {
      const seeded = await fx.seedToken(corp, { expiresInMs: 2 * 60_000 });
      fx.emulator.faults.add({ operation: "CreateToken", kind });
      const events: SessionEvent[] = [];
      const session = await ensureSession({
        profile: "dev",
        env: fx.env,
        interactive: false,
        onEvent: (e) => events.push(e),
      });
      expect(session.identity.account).toBe("111111111111");
      expect(fx.emulator.stats().byOperation.CreateToken).toBe(3);
      expect((await readSsoToken({ profile: corp, env: fx.env }))?.accessToken).toBe(seeded.accessToken);
      const warnings = events.filter((e) => e.type === "warning").map((e) => e.message);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^Cannot refresh the SSO access token of profile "dev" now \(SSO OIDC CreateToken \(refresh\) at .*\); using it until it expires at /,
        ),
      ]);
    },
  );

  // A network that swallows packets (a VPN gone, a Wi-Fi captive portal): the refresh it can do without
  // took the whole budget (3 attempts in 25 s) before GetRoleCredentials took another, 50 s in all.
  it("gives the refresh of a token still good one response deadline, not the whole budget, when SSO OIDC does not answer", async () => {
    await fx.seedToken(corp, { expiresInMs: 2 * 60_000 });
    fx.emulator.faults.add({ operation: "CreateToken", kind: "latency", latencyMs: 3_000, times: 3 });
    const env = { ...fx.env, SSOENV_RESPONSE_TIMEOUT: "500ms", SSOENV_NETWORK_BUDGET: "20s" };
    const events: SessionEvent[] = [];
    const session = await ensureSession({
      profile: "dev",
      env,
      interactive: false,
      onEvent: (e) => events.push(e),
    });
    expect(session.identity.account).toBe("111111111111");
    expect(fx.emulator.stats().byOperation.CreateToken).toBe(1);
    const warnings = events.filter((e) => e.type === "warning").map((e) => e.message);
    expect(warnings).toEqual([expect.stringMatching(/did not answer within 500 ms \(1 attempt in /)]);
  });

  it("an expired access token whose refresh fails is ENDPOINT_UNREACHABLE, as before", async () => {
    await fx.seedToken(corp, { expiresInMs: -60_000 });
    fx.emulator.faults.add({ operation: "CreateToken", kind: "server-error" });
    const error = await rejection(ensureSession({ profile: "dev", env: fx.env, interactive: false }));
    expect(error.code).toBe("ENDPOINT_UNREACHABLE");
  });

  it("calls of one process share one refresh; the waiting ones are told a refresh or login is under way, not another process's login", async () => {
    await fx.seedToken(corp, { expiresInMs: -60_000 });
    // The refresh holds the lock a second: the other calls meet it.
    fx.emulator.faults.add({ operation: "CreateToken", kind: "latency", latencyMs: 1_000, times: 1 });
    fx.emulator.resetStats();
    const events: SessionEvent[] = [];
    const sessions = await Promise.all(
      [1, 2, 3].map(() =>
        ensureSession({ profile: "dev", env: fx.env, interactive: false, onEvent: (e) => events.push(e) }),
      ),
    );
    expect(sessions.map((s) => s.accountId)).toEqual(["111111111111", "111111111111", "111111111111"]);
    expect(fx.emulator.stats().byOperation.CreateToken).toBe(1);
    const waits = events.filter((e) => e.type === "login-waiting-for-lock");
    expect(waits).toHaveLength(2);
    for (const wait of waits) {
      expect(wait.message).toBe(
        "Another process or call is logging in to this SSO session or refreshing it; waiting for it",
      );
    }
  });

  it("recovers from a clock jump past the access token's hour: SSO rejects the token, the refresh token renews it", async () => {
    await fx.seedToken(corp);
    fx.emulator.clock.advance(2 * HOUR);
    fx.emulator.resetStats();
    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect(session.identity.account).toBe("111111111111");
    expect(fx.emulator.stats().byOperation).toMatchObject({ GetRoleCredentials: 2, CreateToken: 1 });
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBeUndefined();
  });

  it("never blocks without a terminal: no cached token -> LOGIN_REQUIRED naming the cache file", async () => {
    const error = await rejection(ensureSession({ profile: "dev", env: fx.env }));
    expect(error.code).toBe("LOGIN_REQUIRED");
    expect(error.message).toContain(tokenCachePath({ profile: corp, env: fx.env }));
    expect(error.hint).toBe(
      "ssoenv login --profile dev   (or, with AWS CLI v2: aws sso login --profile dev)",
    );
    expect(fx.emulator.stats().total).toBe(0);
  });

  it("does not log in when login is false, even with a terminal", async () => {
    const error = await rejection(
      ensureSession({ profile: "dev", env: fx.env, interactive: true, login: false }),
    );
    expect(error.code).toBe("LOGIN_REQUIRED");
    expect(error.message).toContain("ssoenv does not log in from here");
  });

  it("logs in when nothing is cached and a user is present, and writes the cache", async () => {
    const session = await ensureSession({ profile: "dev", env: fx.env, ...NATIVE_LOGIN });
    expect(session.identity.account).toBe("111111111111");
    const cached = await readSsoToken({ profile: corp, env: fx.env });
    expect(cached?.refreshToken).toBeTruthy();
  });

  it("retries throttled GetRoleCredentials with backoff and succeeds (3 requests counted)", async () => {
    await fx.seedToken(corp);
    fx.emulator.faults.add({ operation: "GetRoleCredentials", kind: "throttle", times: 2 });
    const events: SessionEvent[] = [];
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      onEvent: (e) => events.push(e),
    });
    expect(session.credentials.accessKeyId).toMatch(/^ASIA/);
    expect(fx.emulator.stats().byOperation.GetRoleCredentials).toBe(3);
    expect(events.filter((e) => e.type === "retrying")).toHaveLength(2);
  });

  it("retries 5xx from STS and succeeds", async () => {
    await fx.seedToken(corp);
    fx.emulator.faults.add({ operation: "GetCallerIdentity", kind: "server-error", times: 1 });
    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect(session.identity.account).toBe("111111111111");
    expect(fx.emulator.stats().byOperation.GetCallerIdentity).toBe(2);
  });

  it("retries a dropped connection", async () => {
    await fx.seedToken(corp);
    fx.emulator.faults.add({ operation: "GetRoleCredentials", kind: "drop", times: 1 });
    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect(session.identity.account).toBe("111111111111");
  });

  it("gives up after 3 attempts of constant throttling with ENDPOINT_UNREACHABLE", async () => {
    await fx.seedToken(corp);
    fx.emulator.faults.add({ operation: "GetRoleCredentials", kind: "throttle" });
    const error = await rejection(ensureSession({ profile: "dev", env: fx.env, interactive: false }));
    expect(error.code).toBe("ENDPOINT_UNREACHABLE");
    expect(error.message).toContain("throttled");
    expect(fx.emulator.stats().byOperation.GetRoleCredentials).toBe(3);
  });

  it.each([
    [
      "SSO GetRoleCredentials fails (its request carries the access token)",
      "GetRoleCredentials",
      "server-error",
    ],
    [
      "STS GetCallerIdentity fails (its request carries the role's session token)",
      "GetCallerIdentity",
      "server-error",
    ],
    ["SSO refuses the token (LOGIN_REQUIRED, the SDK's UnauthorizedException as cause)", "revoke", ""],
  ] as const)(
    "no secret is reachable from the error when %s, even by util.inspect with hidden fields",
    async (_, operation, kind) => {
      const seeded = await fx.seedToken(corp);
      if (operation === "revoke") fx.emulator.revokeTokens();
      else fx.emulator.faults.add({ operation, kind: kind as "server-error" });
      const error = await rejection(ensureSession({ profile: "dev", env: fx.env, interactive: false }));
      expect(error.cause).toBeDefined();
      // What a logger that walks every field (Sentry, a custom serializer) or console.dir(err, { showHidden }) writes.
      const text = inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY });
      // Names of what leaked, not the text: a failure must not print the secret either.
      const leaked = [
        ...Object.entries({
          accessToken: seeded.accessToken,
          refreshToken: seeded.refreshToken,
          clientSecret: seeded.clientSecret,
        }).flatMap(([name, secret]) => (secret && text.includes(secret) ? [name] : [])),
        ...(text.match(/x-amz-sso_bearer_token|x-amz-security-token|authorization:/gi) ?? []),
      ];
      expect([...new Set(leaked)]).toEqual([]);
    },
  );

  it("does not retry a ForbiddenException: ACCESS_DENIED names the account and role", async () => {
    await fx.seedToken(corp);
    const error = await rejection(ensureSession({ profile: "nope", env: fx.env, interactive: false }));
    expect(error.code).toBe("ACCESS_DENIED");
    expect(error.message).toContain("222222222222");
    expect(error.message).toContain("AdministratorAccess");
    expect(fx.emulator.stats().byOperation.GetRoleCredentials).toBe(1);
  });

  it("fails fast with ENDPOINT_UNREACHABLE when the emulator is down", { timeout: 10_000 }, async () => {
    await fx.seedToken(corp);
    await fx.emulator.stop();
    const error = await rejection(ensureSession({ profile: "dev", env: fx.env, interactive: false }));
    expect(error.code).toBe("ENDPOINT_UNREACHABLE");
    expect(error.message).toContain(fx.emulator.url);
    expect(error.message).toContain("ECONNREFUSED");
  });

  it.each([
    ["AWS_ENDPOINT_URL_SSO", "127.0.0.1:4566"],
    ["AWS_ENDPOINT_URL_SSO", "not a url"],
    ["AWS_ENDPOINT_URL", "localhost:4566"],
    ["AWS_ENDPOINT_URL_STS", "ftp://127.0.0.1:4566"],
  ])(
    "a malformed %s (%j) is ENVIRONMENT_INVALID naming it, before any request, not the network",
    async (name, value) => {
      await fx.seedToken(corp);
      fx.emulator.resetStats();
      const env = { ...fx.env, [name]: value };
      if (name === "AWS_ENDPOINT_URL") {
        delete env.AWS_ENDPOINT_URL_SSO;
        delete env.AWS_ENDPOINT_URL_STS;
      }
      const error = await rejection(ensureSession({ profile: "dev", env, interactive: false }));
      expect(error.code).toBe("ENVIRONMENT_INVALID");
      expect(error.message).toBe(`${name} ${JSON.stringify(value)} is not an http:// or https:// URL`);
      expect(error.hint).toContain("http://localhost:4566");
      // STS comes after SSO GetRoleCredentials: no STS call went out.
      if (name === "AWS_ENDPOINT_URL_STS") {
        expect(fx.emulator.stats().byOperation.GetCallerIdentity).toBeUndefined();
      } else {
        expect(fx.emulator.stats().total).toBe(0);
      }
    },
  );

  it("names a malformed endpoint variable without the user and password written in it", async () => {
    await fx.seedToken(corp);
    const env = { ...fx.env, AWS_ENDPOINT_URL_SSO: "me:hunter2@localhost:4566" };
    const error = await rejection(ensureSession({ profile: "dev", env, interactive: false }));
    expect(error.code).toBe("ENVIRONMENT_INVALID");
    expect(error.message).toBe('AWS_ENDPOINT_URL_SSO "…@localhost:4566" is not an http:// or https:// URL');
  });

  it("needs a login when a token without refresh ends sooner than minValidity", async () => {
    await fx.seedToken({ startUrl: fx.emulator.startUrl }, { legacy: true, expiresInMs: 30 * 60_000 });
    const error = await rejection(
      ensureSession({ profile: "legacy", env: fx.env, interactive: false, minValidity: "1h" }),
    );
    expect(error.code).toBe("LOGIN_REQUIRED");
    expect(error.message).toContain("sooner than the 1h asked");
  });

  it("does not refresh a refreshable token early for minValidity (a refresh would not lengthen it)", async () => {
    await fx.seedToken(corp, { expiresInMs: 30 * 60_000 });
    fx.emulator.resetStats();
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      minValidity: "1h",
    });
    expect(session.accountId).toBe("111111111111");
    expect(fx.emulator.stats().byOperation.CreateToken).toBeUndefined();
  });

  it("does not warn about fresh role credentials exactly as long as minValidity (1 h and 1 h)", async () => {
    await fx.seedToken(corp);
    const events: SessionEvent[] = [];
    await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      minValidity: "1h",
      onEvent: (e) => events.push(e),
    });
    expect(events.filter((e) => e.type === "credentials-short")).toEqual([]);
  });

  it("warns, and still answers, when the role credentials end before minValidity (a login would not lengthen them)", async () => {
    await fx.seedToken(corp);
    const events: SessionEvent[] = [];
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      minValidity: "2h",
      onEvent: (e) => events.push(e),
    });
    expect(session.credentials.expiration.getTime() - Date.now()).toBeLessThan(2 * 3_600_000);
    const warning = events.find((e) => e.type === "credentials-short");
    expect(warning?.message).toContain("sooner than the 2h asked");
    expect(warning?.message).toContain("AdministratorAccess");
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBeUndefined();
  });

  // A permission set allows 12 h at most: past that, asking the administrator cannot help.
  it("warns past 12 h that role credentials are renewed, not to lengthen the permission set (12 h at most)", async () => {
    await fx.seedToken(corp);
    const events: SessionEvent[] = [];
    await ensureSession({
      profile: "dev",
      env: { ...fx.env, SSOENV_SESSION_DURATION: "24h" },
      interactive: false,
      minValidity: "13h",
      onEvent: (e) => events.push(e),
    });
    const warning = events.find((e) => e.type === "credentials-short");
    expect(warning?.message).toContain("sooner than the 13h asked");
    expect(warning?.message).not.toContain("ask your administrator");
    expect(warning?.message).toContain("12 h at most");
  });

  it("treats a malformed cache file as no session, names it, and leaves it in place", async () => {
    const path = tokenCachePath({ profile: corp, env: fx.env });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, "{ not json");
    const events: SessionEvent[] = [];
    const error = await rejection(
      ensureSession({ profile: "dev", env: fx.env, interactive: false, onEvent: (e) => events.push(e) }),
    );
    expect(error.code).toBe("LOGIN_REQUIRED");
    expect(error.message).toContain(path);
    expect(events.some((e) => e.type === "warning")).toBe(true);
    expect(await readFile(path, "utf8")).toBe("{ not json");
  });

  it("replaces a malformed cache file by logging in when a user is present", async () => {
    const path = tokenCachePath({ profile: corp, env: fx.env });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, "garbage");
    const session = await ensureSession({ profile: "dev", env: fx.env, ...NATIVE_LOGIN });
    expect(session.identity.account).toBe("111111111111");
    expect(JSON.parse(await readFile(path, "utf8")).accessToken).toBeTruthy();
  });

  it("logs in again after a logout everywhere (revoked tokens)", async () => {
    await fx.seedToken(corp);
    fx.emulator.revokeTokens();
    const session = await ensureSession({ profile: "dev", env: fx.env, ...NATIVE_LOGIN });
    expect(session.identity.account).toBe("111111111111");
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });

  it("runs `aws sso login` at most `retries` times when it keeps failing, then LOGIN_FAILED", async () => {
    // A real executable standing in for an AWS CLI v2 whose login always fails; it counts its runs.
    const fake = join(fx.home, "fake-aws");
    const runs = join(fx.home, "runs");
    await writeFile(
      fake,
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "aws-cli/2.15.0 Python/3.11 Linux/6 exe/x86_64"; exit 0; fi\necho run >> "${runs}"\nexit 1\n`,
      { mode: 0o755 },
    );
    const error = await rejection(
      ensureSession({
        profile: "dev",
        env: { ...fx.env, SSOENV_AWS_CLI: fake },
        interactive: true,
        login: "aws-cli",
        retries: 2,
      }),
    );
    expect(error.code).toBe("LOGIN_FAILED");
    expect((await readFile(runs, "utf8")).trim().split("\n")).toHaveLength(2);
  });

  it("rejects an invalid minValidity with INVALID_ARGUMENT", async () => {
    const error = await rejection(ensureSession({ profile: "dev", env: fx.env, minValidity: "soon" }));
    expect(error.code).toBe("INVALID_ARGUMENT");
  });

  it('refuses a minValidity string without a unit ("90": minutes? seconds?), as the CLI does', async () => {
    await fx.seedToken(corp);
    const error = await rejection(ensureSession({ profile: "dev", env: fx.env, minValidity: "90" }));
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.message).toBe('ensureSession(): minValidity "90" has no unit');
    expect(error.hint).toMatch(/"90m"/);
    // a number is milliseconds, as documented
    await expect(ensureSession({ profile: "dev", env: fx.env, minValidity: 90 })).resolves.toHaveProperty(
      "profile",
      "dev",
    );
  });

  it("never puts a token or secret in an error message", async () => {
    const seeded = await fx.seedToken(corp);
    fx.emulator.revokeTokens();
    const error = await rejection(ensureSession({ profile: "dev", env: fx.env, interactive: false }));
    const text = `${error.message} ${error.hint}`;
    expect(text).not.toContain(seeded.accessToken);
    expect(text).not.toContain(seeded.refreshToken as string);
    expect(text).not.toContain(seeded.clientSecret as string);
  });
});

describe("ensureSession once the sign-in (12 h) has ended", () => {
  const fx = useSsoFixture({
    emulator: { lifetimes: { accessTokenMs: 1 * HOUR, signInMs: 12 * HOUR } },
  });
  // A cached token of that sign-in: its refresh token no longer renews it.
  beforeEach(async () => {
    await fx.seedToken(corp);
    fx.emulator.clock.advance(13 * HOUR);
  });

  it("asks for a login (LOGIN_REQUIRED, no device flow) when the refresh token has expired and nobody is at a terminal", async () => {
    const error = await rejection(ensureSession({ profile: "dev", env: fx.env, interactive: false }));
    expect(error.code).toBe("LOGIN_REQUIRED");
    // `aws` may be AWS CLI v1 (no sso login): the hint says what it takes.
    expect(error.hint).toBe(
      "ssoenv login --profile dev   (or, with AWS CLI v2: aws sso login --profile dev)",
    );
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBeUndefined();
  });

  it("logs in natively when the refresh token has expired and a user is present", async () => {
    const prompts: string[] = [];
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: true,
      noBrowser: true,
      login: "native",
      onPrompt: (p) => prompts.push(p.kind === "browser" ? p.url : p.userCode),
    });
    expect(session.identity.account).toBe("111111111111");
    expect(prompts).toHaveLength(1);
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });

  // A script's own AbortController: the abort must be an SsoenvError (scripts branch on isSsoenvError),
  // not the DOMException AbortError that the lock wait and the SDK throw.
  it("an aborted signal is CANCELLED with the reason as cause, before any request", async () => {
    await fx.seedToken(corp);
    fx.emulator.resetStats();
    const reason = new Error("stop");
    const error = await rejection(
      ensureSession({ profile: "dev", env: fx.env, interactive: false, signal: AbortSignal.abort(reason) }),
    );
    expect(error.code).toBe("CANCELLED");
    expect(error.cause).toBe(reason);
    expect(fx.emulator.stats().total).toBe(0);
  });

  it("a signal that aborts during an AWS call is CANCELLED at once, not after the answer", async () => {
    await fx.seedToken(corp);
    // An answer 30 s away: well before it, on however loaded a machine, means the signal ended the wait.
    fx.emulator.setTraffic({ latencyMs: 30_000 });
    const started = Date.now();
    const error = await rejection(
      ensureSession({ profile: "dev", env: fx.env, interactive: false, signal: AbortSignal.timeout(100) }),
    );
    fx.emulator.setTraffic({});
    expect(error.code).toBe("CANCELLED");
    expect((error.cause as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("a signal aborted with an SsoenvError reason (the CLI's Ctrl-C) throws that error unchanged", async () => {
    await fx.seedToken(corp);
    const controller = new AbortController();
    const reason = new SsoenvError("CANCELLED", "cancelled (Ctrl-C)");
    controller.abort(reason);
    const error = await rejection(
      ensureSession({ profile: "dev", env: fx.env, interactive: false, signal: controller.signal }),
    );
    expect(error).toBe(reason);
  });

  it("refuses an unknown login option with INVALID_ARGUMENT, even with a usable session cached", async () => {
    await fx.seedToken(corp);
    fx.emulator.resetStats();
    const error = await rejection(
      ensureSession({ profile: "dev", env: fx.env, interactive: true, login: "browser" as never }),
    );
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.message).toBe('Invalid login "browser"');
    expect(error.hint).toBe('use one of "auto", "aws-cli", "native", or false (never log in)');
    expect(fx.emulator.stats().total).toBe(0);
  });
});
