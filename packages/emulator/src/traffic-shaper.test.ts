import { ListAccountRolesCommand, ListAccountsCommand, paginateListAccounts } from "@aws-sdk/client-sso";
import { RegisterClientCommand } from "@aws-sdk/client-sso-oidc";
import { describe, expect, test } from "vitest";
import { generateAccounts } from "./generate-accounts.js";
import { useEmulator } from "./test-support/use-emulator.js";

const start = useEmulator();

describe("an organisation's worth of accounts", () => {
  test("generateAccounts gives distinct 12-digit ids, a name per service and stage, and the roles asked", () => {
    const accounts = generateAccounts({ count: 300, roles: 3 });
    expect(accounts).toHaveLength(300);
    expect(new Set(accounts.map((a) => a.accountId)).size).toBe(300);
    expect(accounts.every((a) => /^\d{12}$/.test(a.accountId))).toBe(true);
    expect(accounts[0]).toMatchObject({
      accountName: "svc-001 production",
      roles: ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess"],
    });
    expect(accounts[1]?.accountName).toBe("svc-001 staging");
  });

  test("ListAccounts pages hundreds of accounts at most pageSize a page, whatever maxResults asks", async () => {
    const { emulator, sso } = await start({
      accounts: generateAccounts({ count: 250, roles: 1 }),
      pageSize: 40,
    });
    const { accessToken } = emulator.issueToken();
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: sso }, { accessToken, maxResults: 100 })) {
      sizes.push(page.accountList?.length ?? 0);
      ids.push(...(page.accountList ?? []).map((a) => a.accountId ?? ""));
    }
    expect(sizes).toEqual([40, 40, 40, 40, 40, 40, 10]);
    expect(new Set(ids).size).toBe(250);
  });

  test("setAccounts grants and removes access for the next call", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    emulator.setAccounts([{ accountId: "333333333333", accountName: "new", roles: ["Dev"] }]);
    const list = await sso.send(new ListAccountsCommand({ accessToken }));
    expect(list.accountList?.map((a) => a.accountId)).toEqual(["333333333333"]);
    const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: "333333333333" }));
    expect(roles.roleList?.map((r) => r.roleName)).toEqual(["Dev"]);
    expect(() => emulator.setAccounts([{ accountId: "1", accountName: "x", roles: [] }])).toThrow(
      /accountId must be a 12-digit string/,
    );
  });
});

describe("traffic: latency and a request-rate limit", () => {
  test("past the rate limit requests get 429 TooManyRequestsException, counted in stats", async () => {
    const { emulator, sso } = await start({ traffic: { requestsPerSecond: 5 } });
    const { accessToken } = emulator.issueToken();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => sso.send(new ListAccountsCommand({ accessToken }))),
    );
    const rejected = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(rejected).toHaveLength(3);
    const error = (rejected[0] as PromiseRejectedResult).reason as {
      name: string;
      $metadata: { httpStatusCode: number };
    };
    expect(error.name).toBe("TooManyRequestsException");
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(emulator.stats()).toMatchObject({ total: 8, throttled: 3 });
  });

  test("past the rate limit SSO OIDC answers 400 SlowDownException, not a 429", async () => {
    const { oidc } = await start({ traffic: { requestsPerSecond: 1, burst: 1 } });
    const register = () => oidc.send(new RegisterClientCommand({ clientName: "c", clientType: "public" }));
    await expect(register()).resolves.toHaveProperty("clientId");
    await expect(register()).rejects.toMatchObject({
      name: "SlowDownException",
      error: "slow_down",
      $metadata: { httpStatusCode: 400 },
    });
  });

  test("the bucket refills at requestsPerSecond", async () => {
    // 1 a second: the machine would have to stall for a second to make the second request pass
    const { emulator, sso } = await start({ traffic: { requestsPerSecond: 1, burst: 1 } });
    const { accessToken } = emulator.issueToken();
    await sso.send(new ListAccountsCommand({ accessToken }));
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).rejects.toMatchObject({
      name: "TooManyRequestsException",
    });
    await new Promise((resolve) => setTimeout(resolve, 1_050)); // a second refills one request
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toBeDefined();
  });

  test("every request waits the fixed latency; setTraffic changes it at run time", async () => {
    const { emulator, sso } = await start({ traffic: { latencyMs: 120 } });
    const { accessToken } = emulator.issueToken();
    const timed = async () => {
      const started = performance.now();
      await sso.send(new ListAccountsCommand({ accessToken }));
      return performance.now() - started;
    };
    expect(await timed()).toBeGreaterThanOrEqual(115);
    emulator.setTraffic({});
    expect(await timed()).toBeLessThan(115);
  });

  test("the control API sets accounts and traffic, and rejects bad values with 400", async () => {
    const { emulator, sso } = await start();
    const put = (route: string, body: unknown) =>
      fetch(`${emulator.url}/_emulator/${route}`, { method: "PUT", body: JSON.stringify(body) });
    expect((await put("accounts", generateAccounts({ count: 3 }))).status).toBe(200);
    expect((await put("traffic", { latencyMs: 10, requestsPerSecond: 50 })).status).toBe(200);
    const bad = await put("traffic", { requestsPerSecond: 0 });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("requestsPerSecond must be a number >= 1");
    expect((await put("accounts", { not: "an array" })).status).toBe(400);
    const { accessToken } = emulator.issueToken();
    const list = await sso.send(new ListAccountsCommand({ accessToken }));
    expect(list.accountList).toHaveLength(3);
  });
});
