import { request } from "node:http";
import { describe, expect, test } from "vitest";
import { useEmulator } from "./test-support/use-emulator.js";
import type { Emulator } from "./types.js";

const start = useEmulator();

/** A raw call as an SDK makes it to AWS's own host name (through a proxy): Host names the region. */
function call(
  emulator: Emulator,
  options: { method: string; path: string; host: string; body?: unknown; headers?: Record<string, string> },
): Promise<{ status: number; errorType: string; json: Record<string, unknown> }> {
  const target = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method,
        path: options.path,
        headers: { host: options.host, "content-type": "application/json", ...options.headers },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            errorType: String(res.headers["x-amzn-errortype"] ?? "").split(":")[0] ?? "",
            json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

describe("the region an unsigned call is made to (Host, or the AWS CLI rule set's header)", () => {
  test("a call to another region's Identity Center does not find this one's start URL, clients or tokens", async () => {
    const { emulator } = await start({ region: "eu-west-1" });
    const client = await call(emulator, {
      method: "POST",
      path: "/client/register",
      host: "oidc.us-east-1.amazonaws.com",
      body: { clientName: "c", clientType: "public", scopes: ["sso:account:access"] },
    });
    // Registering works in any region (a client is a client of that region's service) ...
    expect(client.status).toBe(200);
    // ... but that region's Identity Center has no such start URL: AWS's bare InvalidRequestException
    const device = await call(emulator, {
      method: "POST",
      path: "/device_authorization",
      host: "oidc.us-east-1.amazonaws.com",
      body: {
        clientId: client.json.clientId,
        clientSecret: client.json.clientSecret,
        startUrl: emulator.startUrl,
      },
    });
    expect(device).toMatchObject({ status: 400, errorType: "InvalidRequestException" });

    // A session of this Identity Center, refreshed or used through another region
    const token = emulator.issueToken();
    const refresh = await call(emulator, {
      method: "POST",
      path: "/token",
      host: "oidc.us-east-1.amazonaws.com",
      body: {
        clientId: token.clientId,
        clientSecret: token.clientSecret,
        grantType: "refresh_token",
        refreshToken: token.refreshToken,
      },
    });
    expect(refresh).toMatchObject({ status: 401, errorType: "InvalidClientException" });
    const portal = await call(emulator, {
      method: "GET",
      path: "/federation/credentials?account_id=111111111111&role_name=ReadOnly",
      host: "portal.sso.us-east-1.amazonaws.com",
      headers: { "x-amz-sso_bearer_token": token.accessToken },
    });
    expect(portal).toMatchObject({ status: 401, errorType: "UnauthorizedException" });
    // The AWS CLI's calls carry the region its rule set resolved in a header instead
    const viaCli = await call(emulator, {
      method: "GET",
      path: "/federation/credentials?account_id=111111111111&role_name=ReadOnly",
      host: "127.0.0.1",
      headers: { "x-amz-sso_bearer_token": token.accessToken, "x-ssoenv-emulator-region": "us-west-2" },
    });
    expect(viaCli).toMatchObject({ status: 401, errorType: "UnauthorizedException" });
  });

  test("the same calls to its own region, or with no region to be seen (an SDK given the emulator's URL), work", async () => {
    const { emulator } = await start({ region: "eu-west-1" });
    const token = emulator.issueToken();
    for (const host of ["portal.sso.eu-west-1.amazonaws.com", "portal.sso.eu-west-1.api.aws", "127.0.0.1"]) {
      const portal = await call(emulator, {
        method: "GET",
        path: "/federation/credentials?account_id=111111111111&role_name=ReadOnly",
        host,
        headers: { "x-amz-sso_bearer_token": token.accessToken },
      });
      expect(portal.status, host).toBe(200);
    }
    const refresh = await call(emulator, {
      method: "POST",
      path: "/token",
      host: "oidc.eu-west-1.amazonaws.com",
      body: {
        clientId: token.clientId,
        clientSecret: token.clientSecret,
        grantType: "refresh_token",
        refreshToken: token.refreshToken,
      },
    });
    expect(refresh.status).toBe(200);
  });
});
