import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../../..");
const child = join(here, "../test-support/ensure-session-child.ts");

interface ChildResult {
  ok: boolean;
  account?: string;
  code?: string;
  message?: string;
  events: string[];
}

function runChild(env: NodeJS.ProcessEnv, onEvent: (type: string) => void): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, ["--no-warnings", "--import", "tsx", child], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    const events: string[] = [];
    let pending = "";
    proc.stderr.on("data", (d: Buffer) => {
      err += d;
      pending += d;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const type = /^EVENT (\S+)/.exec(line)?.[1];
        if (type) {
          events.push(type);
          onEvent(type);
        }
      }
    });
    proc.on("error", reject);
    proc.on("close", () => {
      try {
        resolvePromise({ ...JSON.parse(out), events });
      } catch {
        reject(new Error(`child printed no result; stderr: ${err.slice(0, 2000)}`));
      }
    });
  });
}

describe("ensureSession across processes", () => {
  const fx = useSsoFixture({ emulator: { approval: "manual" } });

  it("10 concurrent processes without a session log in exactly once; the 9 others wait and reuse it", {
    timeout: 120_000,
  }, async () => {
    let waiting = 0;
    let allWaiting: () => void = () => {};
    const nineWaiting = new Promise<void>((r) => {
      allWaiting = r;
    });
    const running = Promise.all(
      Array.from({ length: 10 }, () =>
        runChild({ ...fx.env }, (type) => {
          if (type === "login-waiting-for-lock" && ++waiting === 9) allWaiting();
        }),
      ),
    );
    // Approve only once every other process is blocked on the lock: they truly ran concurrently.
    const { userCode } = await fx.emulator.waitForAuthorization({ timeoutMs: 90_000 });
    await nineWaiting;
    fx.emulator.approve(userCode);
    const results = await running;
    for (const result of results) expect(result).toMatchObject({ ok: true, account: "111111111111" });
    expect(results.filter((r) => r.events.includes("login-started"))).toHaveLength(1);
    expect(results.filter((r) => r.events.includes("login-reused"))).toHaveLength(9);
    const stats = fx.emulator.stats().byOperation;
    expect(stats.StartDeviceAuthorization).toBe(1);
    expect(stats.RegisterClient).toBe(1);
    expect(stats.GetRoleCredentials).toBe(10);
  });
});

describe("ensureSession across processes, on an Identity Center issuing 3-minute access tokens", () => {
  // `ssoenv-emulator --access-token 3m`: the login's token is already inside the 5-minute refresh window.
  const fx = useSsoFixture({ emulator: { approval: "manual", lifetimes: { accessTokenMs: 3 * 60_000 } } });

  it("a process that waited for another's login uses it, rather than asking for a second login", {
    timeout: 120_000,
  }, async () => {
    let waitingForLock: () => void = () => {};
    const oneWaiting = new Promise<void>((r) => {
      waitingForLock = r;
    });
    const running = Promise.all(
      Array.from({ length: 2 }, () =>
        runChild({ ...fx.env }, (type) => {
          if (type === "login-waiting-for-lock") waitingForLock();
        }),
      ),
    );
    const { userCode } = await fx.emulator.waitForAuthorization({ timeoutMs: 90_000 });
    await oneWaiting;
    fx.emulator.approve(userCode);
    // A second login is approved too, so that it ends: the count below tells it happened.
    void fx.emulator.waitForAuthorization({ timeoutMs: 90_000 }).then(
      (second) => fx.emulator.approve(second.userCode),
      () => {},
    );
    const results = await running;
    for (const result of results) expect(result).toMatchObject({ ok: true, account: "111111111111" });
    expect(results.filter((r) => r.events.includes("login-reused"))).toHaveLength(1);
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });
});
