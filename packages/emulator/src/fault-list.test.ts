import { GetRoleCredentialsCommand, ListAccountsCommand } from "@aws-sdk/client-sso";
import { RegisterClientCommand } from "@aws-sdk/client-sso-oidc";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { sdkClients } from "./test-support/sdk-clients.js";
import { useEmulator } from "./test-support/use-emulator.js";
import type { Emulator } from "./types.js";

const startEmulatorWithClients = useEmulator();
const start = (maxAttempts = 1) => startEmulatorWithClients({}, { maxAttempts });

async function roleCredentials(e: Emulator) {
  const { sso } = sdkClients(e);
  const { roleCredentials: c } = await sso.send(
    new GetRoleCredentialsCommand({
      accessToken: e.issueToken().accessToken,
      accountId: "111111111111",
      roleName: "ReadOnly",
    }),
  );
  return {
    accessKeyId: c?.accessKeyId ?? "",
    secretAccessKey: c?.secretAccessKey ?? "",
    sessionToken: c?.sessionToken ?? "",
  };
}

describe("throttle", () => {
  test("SSO OIDC answers 400 SlowDownException (slow_down), as its model says: it has no 429", async () => {
    const { emulator, oidc } = await start();
    emulator.faults.add({ operation: "RegisterClient", kind: "throttle" });
    await expect(
      oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "public" })),
    ).rejects.toMatchObject({
      name: "SlowDownException",
      error: "slow_down",
      $metadata: { httpStatusCode: 400 },
    });
  });

  test("the SSO portal answers 429 TooManyRequestsException, only for the chosen operation", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    emulator.faults.add({ operation: "GetRoleCredentials", kind: "throttle" });
    await expect(
      sso.send(
        new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName: "ReadOnly" }),
      ),
    ).rejects.toMatchObject({ name: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } });
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
  });

  test("the portal's 429 body is AWS's: its __type and 'HTTP 429 Unknown Code' (jonathanmorley/oktaws#512)", async () => {
    const { emulator } = await start();
    const { accessToken } = emulator.issueToken();
    emulator.faults.add({ operation: "ListAccounts", kind: "throttle" });
    const res = await fetch(`${emulator.url}/assignment/accounts`, {
      headers: { "x-amz-sso_bearer_token": accessToken },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-amzn-errortype")).toMatch(/^TooManyRequestsException:/);
    expect(await res.json()).toEqual({
      message: "HTTP 429 Unknown Code",
      __type: "com.amazonaws.switchboard.portal#TooManyRequestsException",
    });
  });

  test("STS answers 400 Throttling", async () => {
    const { emulator, stsWith } = await start();
    const credentials = await roleCredentials(emulator);
    emulator.faults.add({ operation: "GetCallerIdentity", kind: "throttle" });
    await expect(stsWith(credentials).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "Throttling",
      $metadata: { httpStatusCode: 400 },
    });
  });

  test("with times: 1, the SDK's retry succeeds and stats count both attempts", async () => {
    const { emulator, sso } = await start(3);
    const { accessToken } = emulator.issueToken();
    emulator.faults.add({ operation: "ListAccounts", kind: "throttle", times: 1 });
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
    expect(emulator.stats().byOperation.ListAccounts).toBe(2);
  });
});

describe("server-error", () => {
  test("SSO OIDC and the portal answer 500 InternalServerException, STS 500 InternalFailure", async () => {
    const { emulator, oidc, sso, stsWith } = await start();
    const credentials = await roleCredentials(emulator);
    emulator.faults.add({ operation: "*", kind: "server-error" });
    await expect(
      oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "public" })),
    ).rejects.toMatchObject({ name: "InternalServerException", $metadata: { httpStatusCode: 500 } });
    await expect(sso.send(new ListAccountsCommand({ accessToken: "any" }))).rejects.toMatchObject({
      name: "InternalServerException",
      $metadata: { httpStatusCode: 500 },
    });
    await expect(stsWith(credentials).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "InternalFailure",
      $metadata: { httpStatusCode: 500 },
    });
  });

  test("faults.clear() removes every fault", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    emulator.faults.add({ operation: "*", kind: "server-error" });
    emulator.faults.clear();
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
  });
});

describe("latency and drop", () => {
  test("latency delays the answer: a client that waits less gives up, the next call is normal", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    emulator.faults.add({ operation: "ListAccounts", kind: "latency", latencyMs: 1500, times: 1 });
    await expect(
      sso.send(new ListAccountsCommand({ accessToken }), { abortSignal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
  });

  test("latency still answers correctly", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    emulator.faults.add({ operation: "ListAccounts", kind: "latency", latencyMs: 100 });
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
  });

  test("drop closes the connection without an answer; the next call gets through", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    emulator.faults.add({ operation: "ListAccounts", kind: "drop", times: 1 });
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
  });

  test("hold keeps the next call in flight until released; the call after it is not held", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    const held = emulator.faults.hold("ListAccounts");
    let answered = false;
    const first = sso.send(new ListAccountsCommand({ accessToken })).then((answer) => {
      answered = true;
      return answer;
    });
    await held.arrived;
    // Not held: answered while the first call waits.
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toHaveProperty("accountList");
    expect(answered).toBe(false);
    held.release();
    await expect(first).resolves.toHaveProperty("accountList");
  });

  test("clear releases a held call", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    const held = emulator.faults.hold("*");
    const call = sso.send(new ListAccountsCommand({ accessToken }));
    await held.arrived;
    emulator.faults.clear();
    await expect(call).resolves.toHaveProperty("accountList");
  });

  test("a fault with an unknown kind or operation is refused", async () => {
    const { emulator } = await start();
    expect(() => emulator.faults.add({ operation: "*", kind: "explode" as "drop" })).toThrow(/fault.kind/);
    expect(() => emulator.faults.add({ operation: "AssumeRoleWithSAML" as "*", kind: "drop" })).toThrow(
      /fault.operation/,
    );
  });
});

describe("stats", () => {
  test("counts requests per operation and resets", async () => {
    const { emulator, oidc, sso } = await start();
    const { accessToken } = emulator.issueToken();
    await oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "public" }));
    await sso.send(new ListAccountsCommand({ accessToken }));
    await sso.send(new ListAccountsCommand({ accessToken }));
    await expect(sso.send(new ListAccountsCommand({ accessToken: "bad" }))).rejects.toThrow();
    expect(emulator.stats()).toEqual({
      total: 4,
      throttled: 0,
      slowDowns: 0,
      byOperation: { RegisterClient: 1, ListAccounts: 3 },
    });
    emulator.resetStats();
    expect(emulator.stats()).toEqual({ total: 0, throttled: 0, slowDowns: 0, byOperation: {} });
  });
});
