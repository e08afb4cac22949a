import { CreateTokenCommand } from "@aws-sdk/client-sso-oidc";
import { describe, expect, test } from "vitest";
import { useEmulator } from "./test-support/use-emulator.js";

const start = useEmulator();

describe("error bodies as AWS sends them", () => {
  test("SSO OIDC: only the OAuth fields error and error_description (no message), type in x-amzn-errortype", async () => {
    // AWS's answer (aws/aws-cli#5878): x-amzn-ErrorType: AuthorizationPendingException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/
    // and {"error":"authorization_pending","error_description":"Authorization is still pending"}
    const { emulator } = await start();
    const response = await fetch(`${emulator.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: "nobody", clientSecret: "x", grantType: "refresh_token" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-amzn-errortype")).toBe(
      "InvalidClientException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/",
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["error", "error_description"]);
    expect(body.error).toBe("invalid_client");
  });

  test("SSO OIDC through the SDK: the text is in error_description, message is the SDK's UnknownError", async () => {
    const { oidc } = await start();
    const error = await oidc
      .send(new CreateTokenCommand({ clientId: "nobody", clientSecret: "x", grantType: "refresh_token" }))
      .catch((e: unknown) => e as Record<string, unknown>);
    expect(error).toMatchObject({
      name: "InvalidClientException",
      error: "invalid_client",
      error_description: expect.stringMatching(/client/i),
      message: "UnknownError",
    });
  });

  test("SSO portal: {message} and the portal's namespace", async () => {
    const { emulator } = await start();
    const response = await fetch(`${emulator.url}/assignment/accounts`, {
      headers: { "x-amz-sso_bearer_token": "garbage" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-amzn-errortype")).toBe(
      "UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/",
    );
    expect(await response.json()).toEqual({ message: "Session token not found or invalid" });
  });
});
