import { GetRoleCredentialsCommand, ListAccountsCommand } from "@aws-sdk/client-sso";
import { describe, expect, test } from "vitest";
import { startDeviceLogin } from "./test-support/sdk-clients.js";
import { useEmulator } from "./test-support/use-emulator.js";
import type { EmulatorOptions } from "./types.js";

const startEmulatorWithClients = useEmulator();

async function start(options: EmulatorOptions = {}) {
  const { emulator: e, ...clients } = await startEmulatorWithClients(options);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${e.url}/_emulator/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { emulator: e, call, ...clients };
}

describe("control API", () => {
  test("pending, approve and deny over HTTP", async () => {
    const { emulator, call, oidc } = await start({ approval: "manual" });
    const first = await startDeviceLogin(oidc, emulator);
    const second = await startDeviceLogin(oidc, emulator);
    const pending = await call("GET", "pending");
    expect(pending.status).toBe(200);
    expect((pending.json as unknown as { userCode: string }[]).map((p) => p.userCode)).toEqual([
      first.device.userCode,
      second.device.userCode,
    ]);
    expect(await call("POST", `approve?user_code=${first.device.userCode}`)).toMatchObject({ status: 200 });
    expect(await call("POST", `deny?user_code=${second.device.userCode}`)).toMatchObject({ status: 200 });
    await expect(first.poll()).resolves.toHaveProperty("accessToken");
    await expect(second.poll()).rejects.toMatchObject({ name: "AccessDeniedException" });
    const unknown = await call("POST", "approve?user_code=ZZZZ-ZZZZ");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/No pending authorization/);
  });

  test("clock/advance moves the emulator clock", async () => {
    const { emulator, call, sso } = await start();
    const { accessToken } = emulator.issueToken();
    const before = emulator.clock.now();
    const advanced = await call("POST", `clock/advance?ms=${9 * 3_600_000}`);
    expect(advanced.status).toBe(200);
    expect(advanced.json.now as number).toBeGreaterThanOrEqual(before + 9 * 3_600_000);
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).rejects.toMatchObject({
      name: "UnauthorizedException",
    });
    expect((await call("POST", "clock/advance?ms=soon")).status).toBe(400);
    const set = await call("POST", `clock/set?ms=${Date.UTC(2040, 0, 1)}`);
    expect(set.json.now as number).toBeGreaterThanOrEqual(Date.UTC(2040, 0, 1));
  });

  test("token mints a session whose access token works", async () => {
    const { call, sso } = await start();
    const { status, json } = await call("POST", "token", { expiresInMs: 3_600_000 });
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(
      [
        "accessToken",
        "clientId",
        "clientSecret",
        "expiresAt",
        "refreshToken",
        "registrationExpiresAt",
      ].sort(),
    );
    expect(new Date(json.expiresAt as string).toISOString()).toBe(json.expiresAt);
    await expect(
      sso.send(
        new GetRoleCredentialsCommand({
          accessToken: json.accessToken as string,
          accountId: "111111111111",
          roleName: "ReadOnly",
        }),
      ),
    ).resolves.toHaveProperty("roleCredentials");
  });

  test("faults, stats and revoke over HTTP", async () => {
    const { emulator, call, sso } = await start();
    const { accessToken } = emulator.issueToken();
    expect(
      (await call("POST", "faults", [{ operation: "ListAccounts", kind: "throttle", times: 1 }])).status,
    ).toBe(200);
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).rejects.toMatchObject({
      name: "TooManyRequestsException",
    });
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
    expect((await call("POST", "faults", { operation: "*", kind: "server-error" })).status).toBe(200);
    expect((await call("DELETE", "faults")).status).toBe(200);
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
    expect((await call("POST", "faults", { operation: "*", kind: "melt" })).status).toBe(400);

    expect((await call("GET", "stats")).json).toEqual({
      total: 3,
      throttled: 0,
      slowDowns: 0,
      byOperation: { ListAccounts: 3 },
    });
    expect((await call("DELETE", "stats")).status).toBe(200);
    expect((await call("GET", "stats")).json).toEqual({
      total: 0,
      throttled: 0,
      slowDowns: 0,
      byOperation: {},
    });

    expect((await call("POST", "revoke")).status).toBe(200);
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).rejects.toMatchObject({
      name: "UnauthorizedException",
    });
    expect((await call("GET", "nothing-here")).status).toBe(404);
  });

  test("every response carries x-amzn-RequestId", async () => {
    const { emulator } = await start();
    const res = await fetch(`${emulator.url}/assignment/accounts`, {
      headers: { "x-amz-sso_bearer_token": "x" },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-amzn-errortype")).toMatch(/^UnauthorizedException/);
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("/device verification page", () => {
  const post = (url: string, form: Record<string, string>) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });

  test("the complete URL asks for the code (it does not show it); typing it and Approve completes the login", async () => {
    const { emulator, oidc } = await start({ approval: "manual" });
    const { device, poll } = await startDeviceLogin(oidc, emulator);
    const userCode = device.userCode ?? "";
    const page = await fetch(device.verificationUriComplete ?? "");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain(userCode);
    expect(html).toContain('name="user_code"');
    expect(html).toContain(">Approve</button>");
    const requestUri = new URL(device.verificationUriComplete ?? "").searchParams.get("request_uri") ?? "";
    expect(html).toContain(`value="${requestUri}"`);
    const posted = await post(`${emulator.url}/device`, {
      request_uri: requestUri,
      user_code: userCode.toLowerCase(),
      action: "approve",
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("Request approved");
    await expect(poll()).resolves.toHaveProperty("accessToken");
    const again = await fetch(device.verificationUriComplete ?? "");
    expect(await again.text()).not.toContain(">Approve</button>");
  });

  test("the plain verification URL asks for the code too", async () => {
    const { emulator, oidc } = await start({ approval: "manual" });
    const { device, poll } = await startDeviceLogin(oidc, emulator);
    const html = await (await fetch(device.verificationUri ?? "")).text();
    expect(html).toContain('name="user_code"');
    expect(html).toContain(">Approve</button>");
    const posted = await post(device.verificationUri ?? "", {
      user_code: device.userCode ?? "",
      action: "approve",
    });
    expect(await posted.text()).toContain("Request approved");
    await expect(poll()).resolves.toHaveProperty("accessToken");
  });

  test("another request's code typed at a request's URL is refused, and neither is decided", async () => {
    const { emulator, oidc } = await start({ approval: "manual" });
    const first = await startDeviceLogin(oidc, emulator);
    const second = await startDeviceLogin(oidc, emulator);
    const firstRequest = new URL(first.device.verificationUriComplete ?? "").searchParams.get("request_uri");
    const posted = await post(`${emulator.url}/device`, {
      request_uri: firstRequest ?? "",
      user_code: second.device.userCode ?? "",
      action: "approve",
    });
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain("is not the code of this sign-in request");
    expect(emulator.pendingAuthorizations().map((p) => p.userCode)).toEqual([
      first.device.userCode,
      second.device.userCode,
    ]);
  });

  test("posting deny refuses the login; an unknown code says so", async () => {
    const { emulator, oidc } = await start({ approval: "manual" });
    const { device, poll } = await startDeviceLogin(oidc, emulator);
    await post(`${emulator.url}/device`, { user_code: device.userCode ?? "", action: "deny" });
    await expect(poll()).rejects.toMatchObject({ name: "AccessDeniedException" });
    const unknown = await post(`${emulator.url}/device`, { user_code: "QQQQ-QQQQ", action: "approve" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Unknown code QQQQ-QQQQ");
  });

  test("a code past its 10 minutes is refused as expired, on the page and by the control API", async () => {
    const { emulator, oidc } = await start({ approval: "manual" });
    const { device } = await startDeviceLogin(oidc, emulator);
    const userCode = device.userCode ?? "";
    emulator.clock.advance(10 * 60_000 + 1);
    const posted = await post(`${emulator.url}/device`, { user_code: userCode, action: "approve" });
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain("This code has expired");
    const approved = await fetch(`${emulator.url}/_emulator/approve?user_code=${userCode}`, {
      method: "POST",
    });
    expect(approved.status).toBe(404);
    expect(await approved.json()).toEqual({ error: expect.stringContaining("has expired") });
  });
});
