import { GetRoleCredentialsCommand } from "@aws-sdk/client-sso";
import { afterEach, beforeEach, expect, test } from "vitest";
import { startEmulator } from "./start-emulator.js";
import { sdkClients } from "./test-support/sdk-clients.js";
import type { Emulator } from "./types.js";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.stop());

async function roleCredentials() {
  const { sso } = sdkClients(emulator);
  const { accessToken } = emulator.issueToken();
  const answer = await sso.send(
    new GetRoleCredentialsCommand({ accessToken, accountId: "222222222222", roleName: "ReadOnly" }),
  );
  const c = answer.roleCredentials ?? {};
  return { sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

function federation(params: Record<string, string>) {
  const url = new URL(`${emulator.sdkEnv().AWS_ENDPOINT_URL_SIGNIN}/federation`);
  url.search = new URLSearchParams(params).toString();
  return fetch(url, { redirect: "manual" });
}

test("getSigninToken then Action=login signs in to the console as the role and redirects to Destination", async () => {
  const session = await roleCredentials();
  const tokenRes = await federation({ Action: "getSigninToken", Session: JSON.stringify(session) });
  expect(tokenRes.status).toBe(200);
  const { SigninToken } = (await tokenRes.json()) as { SigninToken: string };
  expect(SigninToken.length).toBeGreaterThan(40);

  const destination = "https://console.aws.amazon.com/s3/home";
  const login = await federation({
    Action: "login",
    Issuer: "ssoenv",
    Destination: destination,
    SigninToken,
  });
  expect(login.status).toBe(302);
  expect(login.headers.get("location")).toBe(destination);
  expect(emulator.consoleSignIns()).toMatchObject([
    { accountId: "222222222222", roleName: "ReadOnly", destination, issuer: "ssoenv" },
  ]);
});

test("a wrong secret, an unknown key or expired credentials get no sign-in token", async () => {
  const session = await roleCredentials();
  for (const bad of [
    { ...session, sessionKey: "x" },
    { ...session, sessionId: "unknown" },
    { ...session, sessionToken: "" },
  ]) {
    expect((await federation({ Action: "getSigninToken", Session: JSON.stringify(bad) })).status).toBe(400);
  }
  emulator.clock.advance(2 * 3_600_000);
  expect((await federation({ Action: "getSigninToken", Session: JSON.stringify(session) })).status).toBe(400);
});

test("a sign-in token works for 15 minutes", async () => {
  const session = await roleCredentials();
  const res = await federation({ Action: "getSigninToken", Session: JSON.stringify(session) });
  const { SigninToken } = (await res.json()) as { SigninToken: string };
  emulator.clock.advance(16 * 60_000);
  const login = await federation({
    Action: "login",
    Destination: "https://console.aws.amazon.com/",
    SigninToken,
  });
  expect(login.status).toBe(400);
  expect(emulator.consoleSignIns()).toEqual([]);
});
