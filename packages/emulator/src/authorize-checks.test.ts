import { createHash, randomBytes } from "node:crypto";
import {
  CreateTokenCommand,
  RegisterClientCommand,
  type RegisterClientCommandInput,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { redirectUriMatches } from "./redirect-uri-matches.js";
import { startEmulator } from "./start-emulator.js";
import { sdkClients } from "./test-support/sdk-clients.js";
import type { Emulator } from "./types.js";

/** What the AWS CLI (2.22+) registers for its PKCE login. */
const PORTLESS = "http://127.0.0.1/oauth/callback";

let emulator: Emulator;
let oidc: ReturnType<typeof sdkClients>["oidc"];
beforeEach(async () => {
  emulator = await startEmulator();
  oidc = sdkClients(emulator).oidc;
});
afterEach(() => emulator.stop());

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function register(overrides: Partial<RegisterClientCommandInput> = {}) {
  return oidc.send(
    new RegisterClientCommand({
      clientName: "checks",
      clientType: "public",
      scopes: ["sso:account:access"],
      grantTypes: ["authorization_code", "refresh_token"],
      redirectUris: [PORTLESS],
      issuerUrl: emulator.startUrl,
      ...overrides,
    }),
  );
}

async function authorize(
  clientId: string,
  redirectUri: string,
  challenge: string,
  scopes = "sso:account:access",
) {
  const url = new URL(`${emulator.url}/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    state: "s1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    scopes,
  }).toString();
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  return { status: res.status, code: location ? new URL(location).searchParams.get("code") : null, res };
}

describe("/authorize checks as AWS makes them", () => {
  test("a port-less loopback registration accepts the callback on any port, and nothing else", async () => {
    const client = await register();
    const { challenge } = pkce();
    expect(
      (await authorize(client.clientId ?? "", "http://127.0.0.1:49152/oauth/callback", challenge)).status,
    ).toBe(302);
    for (const other of [
      "http://127.0.0.1:49152/other",
      "http://localhost:49152/oauth/callback",
      "https://127.0.0.1:49152/oauth/callback",
      "http://evil.example/oauth/callback",
    ]) {
      const answer = await authorize(client.clientId ?? "", other, challenge);
      expect(answer.status, other).toBe(400);
      expect(await answer.res.text()).toContain("redirect_uri is not registered");
    }
  });

  test("a client registered without the authorization_code grant cannot use /authorize", async () => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: "device", clientType: "public" }));
    const answer = await authorize(
      client.clientId ?? "",
      "http://127.0.0.1:5000/oauth/callback",
      pkce().challenge,
    );
    expect(answer.status).toBe(400);
    expect(await answer.res.text()).toContain("not registered for authorization_code");
  });

  test("registration must pair the authorization_code grant with redirect URIs and an issuer", async () => {
    await expect(register({ redirectUris: [] })).rejects.toMatchObject({
      name: "InvalidClientMetadataException",
    });
    await expect(register({ grantTypes: ["refresh_token"] })).rejects.toMatchObject({
      name: "InvalidClientMetadataException",
    });
    await expect(register({ issuerUrl: undefined })).rejects.toMatchObject({
      name: "InvalidRequestException",
    });
    await expect(register({ redirectUris: ["https://example.com/cb"] })).rejects.toMatchObject({
      name: "InvalidRedirectUriException",
    });
  });

  test("a scope the client did not register is refused", async () => {
    const client = await register();
    const answer = await authorize(
      client.clientId ?? "",
      "http://127.0.0.1:5000/oauth/callback",
      pkce().challenge,
      "sso:account:access codewhisperer:completions",
    );
    expect(answer.status).toBe(400);
    expect(await answer.res.text()).toContain("codewhisperer:completions");
  });

  test("the code is bound to its client, its redirect URI with the port, and its challenge", async () => {
    const client = await register();
    const other = await register();
    const { verifier, challenge } = pkce();
    const redirectUri = "http://127.0.0.1:5000/oauth/callback";
    const { code } = await authorize(client.clientId ?? "", redirectUri, challenge);
    const exchange = (input: {
      clientId?: string;
      clientSecret?: string;
      redirectUri?: string;
      codeVerifier?: string;
    }) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: "authorization_code",
          code: code ?? "",
          redirectUri,
          codeVerifier: verifier,
          ...input,
        }),
      );
    await expect(
      exchange({ clientId: other.clientId, clientSecret: other.clientSecret }),
    ).rejects.toMatchObject({
      name: "InvalidGrantException",
    });
    await expect(exchange({ redirectUri: "http://127.0.0.1:5001/oauth/callback" })).rejects.toMatchObject({
      name: "InvalidGrantException",
    });
    await expect(exchange({ codeVerifier: pkce().verifier })).rejects.toMatchObject({
      name: "InvalidGrantException",
    });
    await expect(exchange({})).resolves.toHaveProperty("refreshToken");
  });

  test("authorization_code and the device code grant cannot be registered together (InvalidScopeException, as AWS)", async () => {
    await expect(
      register({
        grantTypes: ["authorization_code", "urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
      }),
    ).rejects.toMatchObject({
      name: "InvalidScopeException",
      error: "invalid_scope",
      $metadata: { httpStatusCode: 400 },
    });
  });

  test.each([
    { grantTypes: undefined },
    { grantTypes: ["refresh_token"] },
    { grantTypes: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"] },
  ])(
    "a client registered with grants $grantTypes can start a device authorization",
    async ({ grantTypes }) => {
      const client = await oidc.send(
        new RegisterClientCommand({
          clientName: "device",
          clientType: "public",
          ...(grantTypes ? { grantTypes } : {}),
        }),
      );
      await expect(
        oidc.send(
          new StartDeviceAuthorizationCommand({
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            startUrl: emulator.startUrl,
          }),
        ),
      ).resolves.toHaveProperty("deviceCode");
    },
  );

  test("a client registered only for authorization_code cannot start a device authorization", async () => {
    const client = await register();
    await expect(
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          startUrl: emulator.startUrl,
        }),
      ),
    ).rejects.toMatchObject({ name: "UnauthorizedClientException" });
  });
});

describe("redirectUriMatches", () => {
  test("port-less loopback URIs match any port; everything else must be equal", () => {
    expect(redirectUriMatches(PORTLESS, "http://127.0.0.1:1234/oauth/callback")).toBe(true);
    expect(redirectUriMatches("http://[::1]/cb", "http://[::1]:9/cb")).toBe(true);
    expect(redirectUriMatches("http://127.0.0.1:9/cb", "http://127.0.0.1:9/cb")).toBe(true);
    expect(redirectUriMatches("http://127.0.0.1:9/cb", "http://127.0.0.1:10/cb")).toBe(false);
    expect(redirectUriMatches(PORTLESS, "http://127.0.0.1/oauth/callback?x=1")).toBe(false);
    expect(redirectUriMatches(PORTLESS, "http://127.0.0.1:80/oauth/callback/")).toBe(false);
    expect(redirectUriMatches("http://example.com/cb", "http://example.com:8/cb")).toBe(false);
  });
});
