import { createHash, randomBytes } from "node:crypto";
import { GetRoleCredentialsCommand } from "@aws-sdk/client-sso";
import {
  CreateTokenCommand,
  RegisterClientCommand,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import { describe, expect, test } from "vitest";
import { refreshWith, sdkClients, startDeviceLogin } from "./test-support/sdk-clients.js";
import { useEmulator } from "./test-support/use-emulator.js";
import type { Emulator } from "./types.js";

const start = useEmulator();

const HOUR_MS = 3_600_000;

describe("RegisterClient", () => {
  test("returns a client id and secret valid for 90 days by the emulator clock", async () => {
    const now = Date.UTC(2030, 0, 1);
    const { oidc } = await start({ now });
    const client = await oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "public" }));
    expect(client.clientId).toMatch(/^[\w-]{16,}$/);
    expect(client.clientSecret?.length).toBeGreaterThan(40);
    expect(client.clientIdIssuedAt).toBeGreaterThanOrEqual(Math.floor(now / 1000));
    expect(client.clientSecretExpiresAt).toBe((client.clientIdIssuedAt ?? 0) + 90 * 24 * 3600);
  });

  test("refuses a client type other than public with InvalidClientMetadataException", async () => {
    const { oidc } = await start();
    await expect(
      oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "confidential" })),
    ).rejects.toMatchObject({ name: "InvalidClientMetadataException", error: "invalid_client_metadata" });
  });
});

describe("device authorization", () => {
  test("auto approval: the first CreateToken returns a 1 hour access token and a refresh token (AWS's shape)", async () => {
    const { emulator, oidc } = await start();
    const { device, poll } = await startDeviceLogin(oidc, emulator);
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUri).toBe(`${emulator.url}/device`);
    // As AWS since 2026-09: the complete URL names the request, not the code, which is typed there
    expect(device.verificationUriComplete).toMatch(
      new RegExp(`^${emulator.url}/device\\?request_uri=[\\w-]{20,}$`),
    );
    expect(device.verificationUriComplete).not.toContain(device.userCode);
    expect(device.expiresIn).toBe(600);
    expect(device.interval).toBe(1);
    const token = await poll();
    expect(token.tokenType).toBe("Bearer");
    expect(token.expiresIn).toBe(3600);
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
  });

  test("a device code works once; a second CreateToken gets InvalidGrantException", async () => {
    const { emulator, oidc } = await start();
    const { poll } = await startDeviceLogin(oidc, emulator);
    await poll();
    await expect(poll()).rejects.toMatchObject({
      name: "InvalidGrantException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  test("manual approval: pending until approve(), then the token is issued", async () => {
    const { emulator, oidc } = await start({ approval: "manual", pollIntervalSeconds: 0 });
    const waiting = emulator.waitForAuthorization();
    const { client, device, poll } = await startDeviceLogin(oidc, emulator);
    expect(await waiting).toEqual({ userCode: device.userCode });
    expect(emulator.pendingAuthorizations()).toEqual([
      { userCode: device.userCode, clientId: client.clientId, expiresAt: expect.any(Date) },
    ]);
    const pending = await poll().catch((e: unknown) => e);
    expect(pending).toMatchObject({
      name: "AuthorizationPendingException",
      error: "authorization_pending",
      $metadata: { httpStatusCode: 400 },
    });
    emulator.approve(device.userCode ?? "");
    expect(emulator.pendingAuthorizations()).toEqual([]);
    expect((await poll()).accessToken).toBeTruthy();
  });

  test("waitForAuthorization resolves at once with an authorization already pending", async () => {
    const { emulator, oidc } = await start({ approval: "manual" });
    const { device } = await startDeviceLogin(oidc, emulator);
    await expect(emulator.waitForAuthorization({ timeoutMs: 1000 })).resolves.toEqual({
      userCode: device.userCode,
    });
  });

  test("waitForAuthorization also reports an auto-approved login when it starts", async () => {
    const { emulator, oidc } = await start();
    const waiting = emulator.waitForAuthorization();
    const { device, poll } = await startDeviceLogin(oidc, emulator);
    expect(await waiting).toEqual({ userCode: device.userCode });
    expect(emulator.pendingAuthorizations()).toEqual([]);
    await expect(poll()).resolves.toHaveProperty("accessToken");
  });

  test("waitForAuthorization rejects when nothing starts in time", async () => {
    const { emulator } = await start({ approval: "manual" });
    await expect(emulator.waitForAuthorization({ timeoutMs: 50 })).rejects.toThrow(
      /no authorization started/,
    );
  });

  test("stop() rejects a pending waitForAuthorization", async () => {
    const { emulator } = await start({ approval: "manual" });
    const waiting = emulator.waitForAuthorization({ timeoutMs: 60_000 });
    await emulator.stop();
    await expect(waiting).rejects.toThrow(/stopped/);
  });

  test("deny(): CreateToken fails with AccessDeniedException", async () => {
    const { emulator, oidc } = await start({ approval: "manual" });
    const { device, poll } = await startDeviceLogin(oidc, emulator);
    emulator.deny(device.userCode ?? "");
    await expect(poll()).rejects.toMatchObject({ name: "AccessDeniedException", error: "access_denied" });
  });

  test("approve() and deny() throw for an unknown user code", async () => {
    const { emulator } = await start({ approval: "manual" });
    expect(() => emulator.approve("ZZZZ-ZZZZ")).toThrow(/No pending authorization/);
    expect(() => emulator.deny("ZZZZ-ZZZZ")).toThrow(/No pending authorization/);
  });

  test("polling faster than the interval twice in a row gets SlowDownException (one early poll is tolerated)", async () => {
    const { emulator, oidc } = await start({ approval: "manual", pollIntervalSeconds: 60 });
    const { poll } = await startDeviceLogin(oidc, emulator);
    await expect(poll()).rejects.toMatchObject({ name: "AuthorizationPendingException" });
    await expect(poll()).rejects.toMatchObject({ name: "AuthorizationPendingException" });
    await expect(poll()).rejects.toMatchObject({ name: "SlowDownException", error: "slow_down" });
    emulator.clock.advance(66_000); // the interval, plus the 5 s slow_down added
    await expect(poll()).rejects.toMatchObject({ name: "AuthorizationPendingException" });
    expect(emulator.stats()).toMatchObject({ slowDowns: 1, byOperation: { CreateToken: 4 } });
  });

  test("slow_down sticks: each one adds 5 s to the interval the client must keep (RFC 8628 §3.5)", async () => {
    const { emulator, oidc } = await start({ approval: "manual", pollIntervalSeconds: 1 });
    const { poll } = await startDeviceLogin(oidc, emulator);
    await expect(poll()).rejects.toMatchObject({ name: "AuthorizationPendingException" });
    await expect(poll()).rejects.toMatchObject({ name: "AuthorizationPendingException" });
    await expect(poll()).rejects.toMatchObject({ name: "SlowDownException" }); // interval now 6 s
    // a client that ignores it and keeps the old 1 s gets slow_down again (interval now 11 s)
    emulator.clock.advance(1_500);
    await expect(poll()).rejects.toMatchObject({ name: "SlowDownException", error: "slow_down" });
    emulator.clock.advance(6_500);
    await expect(poll()).rejects.toMatchObject({ name: "SlowDownException" }); // 6.5 s < 11 s; now 16 s
    // one that waits the grown interval is pending again
    emulator.clock.advance(16_500);
    await expect(poll()).rejects.toMatchObject({ name: "AuthorizationPendingException" });
    emulator.clock.advance(16_500);
    emulator.approve(emulator.pendingAuthorizations()[0]?.userCode ?? "");
    await expect(poll()).resolves.toHaveProperty("accessToken");
  });

  test("a device code past its 10 minutes gets ExpiredTokenException", async () => {
    const { emulator, oidc } = await start({ approval: "manual" });
    const { poll } = await startDeviceLogin(oidc, emulator);
    emulator.clock.advance(10 * 60_000 + 1);
    await expect(poll()).rejects.toMatchObject({ name: "ExpiredTokenException", error: "expired_token" });
    expect(emulator.pendingAuthorizations()).toEqual([]);
  });

  test.each([
    {
      title: "a wrong client secret gets InvalidClientException (401)",
      clientSecret: "not-the-secret",
      refused: { name: "InvalidClientException", $metadata: { httpStatusCode: 401 } },
    },
    {
      title: "an expired client registration gets InvalidClientException",
      advanceMs: 91 * 24 * HOUR_MS,
      refused: { name: "InvalidClientException" },
    },
    {
      title: "a start URL other than the configured one gets InvalidRequestException",
      startUrl: "https://someone-else.awsapps.com/start",
      refused: { name: "InvalidRequestException" },
    },
  ])("$title", async ({ clientSecret, advanceMs, startUrl, refused }) => {
    const { emulator, oidc } = await start();
    const client = await oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "public" }));
    if (advanceMs) emulator.clock.advance(advanceMs);
    await expect(
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: client.clientId,
          clientSecret: clientSecret ?? client.clientSecret,
          startUrl: startUrl ?? emulator.startUrl,
        }),
      ),
    ).rejects.toMatchObject(refused);
  });

  test("an unknown grant type gets UnsupportedGrantTypeException", async () => {
    const { oidc } = await start();
    const client = await oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "public" }));
    await expect(
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: "password",
        }),
      ),
    ).rejects.toMatchObject({ name: "UnsupportedGrantTypeException" });
  });
});

describe("a client registered without scopes (AWS's legacy, non-refreshable configuration)", () => {
  // https://docs.aws.amazon.com/sdkref/latest/guide/feature-sso-credentials.html: "Legacy
  // non-refreshable configuration – Uses a fixed, eight-hour session".
  async function legacyLogin(emulator: Emulator, oidc: ReturnType<typeof sdkClients>["oidc"]) {
    const client = await oidc.send(new RegisterClientCommand({ clientName: "legacy", clientType: "public" }));
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        startUrl: emulator.startUrl,
      }),
    );
    const token = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        grantType: "urn:ietf:params:oauth:grant-type:device_code",
        deviceCode: device.deviceCode,
      }),
    );
    return { client, token };
  }

  test("gets an 8 h access token and no refresh token, whatever the sign-in duration", async () => {
    const { emulator, oidc, sso } = await start({ lifetimes: { signInMs: 24 * HOUR_MS } });
    const { token } = await legacyLogin(emulator, oidc);
    expect(token.expiresIn).toBe(8 * 3600);
    expect(token.refreshToken).toBeUndefined();
    const ask = () =>
      sso.send(
        new GetRoleCredentialsCommand({
          accessToken: token.accessToken,
          accountId: "111111111111",
          roleName: "ReadOnly",
        }),
      );
    emulator.clock.advance(8 * HOUR_MS - 60_000);
    expect((await ask()).roleCredentials?.accessKeyId).toMatch(/^ASIA/);
    emulator.clock.advance(60_000);
    await expect(ask()).rejects.toMatchObject({ name: "UnauthorizedException" });
  });

  test("with scopes the same login is refreshable (1 h tokens)", async () => {
    const { emulator, oidc } = await start();
    const { poll } = await startDeviceLogin(oidc, emulator);
    const token = await poll();
    expect(token.expiresIn).toBe(3600);
    expect(token.refreshToken).toBeTruthy();
  });

  test("issueToken() stands for an sso-session login: refreshable", async () => {
    const { emulator, oidc } = await start();
    const seeded = emulator.issueToken();
    expect((await refreshWith(oidc, seeded, seeded.refreshToken)).accessToken).toBeTruthy();
  });
});

describe("refresh_token grant", () => {
  test("by default is shaped like AWS: 1 h access tokens, renewed within an 8 h sign-in", async () => {
    const { emulator, oidc } = await start();
    const { poll, refresh } = await startDeviceLogin(oidc, emulator);
    const first = await poll();
    expect(first.expiresIn).toBe(3600);
    emulator.clock.advance(7 * HOUR_MS + 59 * 60_000);
    const late = await refresh(first.refreshToken);
    expect(late.expiresIn).toBe(3600);
    emulator.clock.advance(2 * 60_000);
    await expect(refresh(late.refreshToken)).rejects.toMatchObject({ name: "InvalidGrantException" });
  });

  test("returns a new access token for the same session", async () => {
    const { emulator, oidc } = await start({
      lifetimes: { accessTokenMs: 8 * HOUR_MS, signInMs: 90 * 24 * HOUR_MS },
    });
    const { poll, refresh } = await startDeviceLogin(oidc, emulator);
    const first = await poll();
    emulator.clock.advance(9 * HOUR_MS);
    const refreshed = await refresh(first.refreshToken);
    expect(refreshed.accessToken).toBeTruthy();
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.expiresIn).toBe(8 * 3600);
  });

  test("an unknown, revoked or expired refresh token gets InvalidGrantException", async () => {
    const { emulator, oidc } = await start({ lifetimes: { signInMs: 12 * HOUR_MS } });
    const { poll, refresh } = await startDeviceLogin(oidc, emulator);
    const token = await poll();
    await expect(refresh("aor-unknown")).rejects.toMatchObject({
      name: "InvalidGrantException",
      error: "invalid_grant",
    });
    emulator.clock.advance(12 * HOUR_MS + 1);
    await expect(refresh(token.refreshToken)).rejects.toMatchObject({ name: "InvalidGrantException" });

    const seeded = emulator.issueToken();
    emulator.revokeTokens();
    await expect(refreshWith(oidc, seeded, seeded.refreshToken)).rejects.toMatchObject({
      name: "InvalidGrantException",
    });
  });

  test("answers a new refresh token each time; a used one keeps working unless rotateRefreshTokens", async () => {
    const { emulator, oidc } = await start();
    const { poll, refresh } = await startDeviceLogin(oidc, emulator);
    const first = await poll();
    const second = await refresh(first.refreshToken);
    expect(second.refreshToken).toBeTruthy();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await refresh(first.refreshToken)).accessToken).toBeTruthy();

    const strict = await start({ rotateRefreshTokens: true });
    const login = await startDeviceLogin(strict.oidc, strict.emulator);
    const token = await login.poll();
    const rotated = await login.refresh(token.refreshToken);
    await expect(login.refresh(token.refreshToken)).rejects.toMatchObject({ name: "InvalidGrantException" });
    expect((await login.refresh(rotated.refreshToken)).accessToken).toBeTruthy();
  });

  test("a refresh token of another client gets InvalidGrantException", async () => {
    const { emulator, oidc } = await start();
    const seeded = emulator.issueToken();
    const other = await oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "public" }));
    await expect(refreshWith(oidc, other, seeded.refreshToken)).rejects.toMatchObject({
      name: "InvalidGrantException",
    });
  });
});

describe("authorization_code grant with PKCE", () => {
  function pkce() {
    const verifier = randomBytes(32).toString("base64url");
    return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
  }

  async function registerPkceClient(emulator: Emulator, redirectUri: string) {
    const { oidc } = sdkClients(emulator);
    return oidc.send(
      new RegisterClientCommand({
        clientName: "pkce",
        clientType: "public",
        scopes: ["sso:account:access"],
        redirectUris: [redirectUri],
        grantTypes: ["authorization_code", "refresh_token"],
        issuerUrl: emulator.startUrl,
      }),
    );
  }

  function authorizeUrl(emulator: Emulator, clientId: string, redirectUri: string, challenge: string) {
    const url = new URL(`${emulator.url}/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: redirectUri,
      state: "state-123",
      code_challenge: challenge,
      code_challenge_method: "S256",
      scopes: "sso:account:access",
    }).toString();
    return url;
  }

  test("auto approval redirects with a code that CreateToken exchanges with the verifier", async () => {
    const { emulator, oidc } = await start();
    const redirectUri = "http://127.0.0.1:9/oauth/callback";
    const client = await registerPkceClient(emulator, redirectUri);
    const { verifier, challenge } = pkce();
    const res = await fetch(authorizeUrl(emulator, client.clientId ?? "", redirectUri, challenge), {
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get("state")).toBe("state-123");
    const code = location.searchParams.get("code") ?? "";
    const exchange = (codeVerifier: string) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: "authorization_code",
          code,
          redirectUri,
          codeVerifier,
        }),
      );
    await expect(exchange(pkce().verifier)).rejects.toMatchObject({ name: "InvalidGrantException" });
    const token = await exchange(verifier);
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    // a code is single-use
    await expect(exchange(verifier)).rejects.toMatchObject({ name: "InvalidGrantException" });
  });

  test("manual approval holds /authorize until approve(); deny() redirects with access_denied", async () => {
    const { emulator } = await start({ approval: "manual" });
    const redirectUri = "http://127.0.0.1:9/cb";
    const client = await registerPkceClient(emulator, redirectUri);
    const first = fetch(authorizeUrl(emulator, client.clientId ?? "", redirectUri, pkce().challenge), {
      redirect: "manual",
    });
    const { userCode } = await emulator.waitForAuthorization();
    emulator.approve(userCode);
    expect(new URL((await first).headers.get("location") ?? "").searchParams.get("code")).toBeTruthy();

    const second = fetch(authorizeUrl(emulator, client.clientId ?? "", redirectUri, pkce().challenge), {
      redirect: "manual",
    });
    const pending = await emulator.waitForAuthorization();
    emulator.deny(pending.userCode);
    const denied = new URL((await second).headers.get("location") ?? "");
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("code")).toBeNull();
  });

  test("a redirect URI the client did not register is refused with 400", async () => {
    const { emulator } = await start();
    const client = await registerPkceClient(emulator, "http://127.0.0.1:9/cb");
    const res = await fetch(
      authorizeUrl(emulator, client.clientId ?? "", "http://evil.example/cb", pkce().challenge),
      {
        redirect: "manual",
      },
    );
    expect(res.status).toBe(400);
  });
});
