import { ListAccountRolesCommand, ListAccountsCommand, paginateListAccounts } from "@aws-sdk/client-sso";
import { RegisterClientCommand } from "@aws-sdk/client-sso-oidc";
import { describe, expect, test } from "vitest";
import { generateAccounts } from "./generate-accounts.js";
import { useEmulator } from "./test-support/use-emulator.js";
import { TrafficShaper } from "./traffic-shaper.js";

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
  // The bucket's arithmetic on a clock the test steps: exact counts however busy the machine is.
  test("a bucket of `burst` tokens, refilled at requestsPerSecond; a throttled request takes none", () => {
    let now = 1_000;
    const shaper = new TrafficShaper({ requestsPerSecond: 5 }, { now: () => now });
    const admitted = () => !shaper.admit().throttled;
    expect(Array.from({ length: 8 }, admitted)).toEqual([true, true, true, true, true, false, false, false]);
    now += 199; // 0.995 of a token
    expect(admitted()).toBe(false);
    now += 1; // one token
    expect(admitted()).toBe(true);
    expect(admitted()).toBe(false);
    now += 60_000; // a quiet minute refills at most `burst`
    expect(Array.from({ length: 6 }, admitted)).toEqual([true, true, true, true, true, false]);
  });

  test("setTraffic's burst and latency; requests wait the latency, throttled ones too", () => {
    let now = 0;
    const shaper = new TrafficShaper({}, { now: () => now });
    expect(shaper.admit()).toEqual({ latencyMs: 0, throttled: false });
    shaper.set({ requestsPerSecond: 1, burst: 2, latencyMs: 30 });
    expect([shaper.admit(), shaper.admit(), shaper.admit()]).toEqual([
      { latencyMs: 30, throttled: false },
      { latencyMs: 30, throttled: false },
      { latencyMs: 30, throttled: true },
    ]);
    now += 1_000;
    expect(shaper.admit()).toEqual({ latencyMs: 30, throttled: false });
  });

  // Through HTTP and the real SDK, on real time: each assertion holds however slow the machine is
  // (the bucket only gains tokens as time passes, so the test measures the time and allows for it).
  test("past the rate limit requests get 429 TooManyRequestsException, counted in stats", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    await sso.send(new ListAccountsCommand({ accessToken })); // a warm client
    emulator.resetStats();
    const started = performance.now();
    emulator.setTraffic({ requestsPerSecond: 1, burst: 5 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => sso.send(new ListAccountsCommand({ accessToken }))),
    );
    const seconds = (performance.now() - started) / 1000;
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r) => r.status === "rejected");
    // The burst, plus a token for each second the 20 requests took to arrive.
    expect(fulfilled.length).toBeGreaterThanOrEqual(5);
    expect(fulfilled.length).toBeLessThanOrEqual(5 + Math.floor(seconds));
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) {
      const error = (r as PromiseRejectedResult).reason as {
        name: string;
        $metadata: { httpStatusCode: number };
      };
      expect(error.name).toBe("TooManyRequestsException");
      expect(error.$metadata.httpStatusCode).toBe(429);
    }
    expect(emulator.stats()).toMatchObject({ total: 20, throttled: rejected.length });
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
    const { emulator, sso } = await start({ traffic: { requestsPerSecond: 1, burst: 1 } });
    const { accessToken } = emulator.issueToken();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => sso.send(new ListAccountsCommand({ accessToken }))),
    );
    expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_050)); // a second refills one request
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).resolves.toBeDefined();
  });

  test("every request waits the fixed latency; setTraffic changes it at run time", async () => {
    const { emulator, sso } = await start({ traffic: { latencyMs: 1_500 } });
    const { accessToken } = emulator.issueToken();
    const started = performance.now();
    let slowDone = false;
    const slow = sso.send(new ListAccountsCommand({ accessToken })).then(() => {
      slowDone = true;
      return performance.now() - started;
    });
    // Once the slow request is in (its latency is decided on arrival), the latency goes: the next
    // request is answered while the first still waits out its 1.5 s.
    while (emulator.stats().total === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    emulator.setTraffic({});
    await sso.send(new ListAccountsCommand({ accessToken }));
    expect(slowDone).toBe(false);
    expect(await slow).toBeGreaterThanOrEqual(1_495);
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
