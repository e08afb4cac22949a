import { describe, expect, it } from "vitest";
import type { CliResult, CliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

const world = useCliWorld({ per: "test", emulator: { approval: "manual" } });

/**
 * Generous: a command that does not wait for the other login answers in a second or two when idle,
 * but the whole of "the second waits for the first" took 25 s under load on 2 cores.
 */
const HANG_GUARD_MS = 60_000;

/**
 * `ssoenv login --profile dev` from another "terminal" (no terminal here: an explicit login still
 * shows its device code and waits), left waiting for approval: it holds the sign-in's lock.
 */
async function loginWaitingForApproval(w: CliWorld): Promise<{ approve: () => Promise<CliResult> }> {
  const running = w.run(["login", "--profile", "dev"]);
  const { userCode } = await w.emulator.waitForAuthorization({ timeoutMs: 60_000 });
  return {
    approve: async () => {
      w.emulator.approve(userCode);
      return running;
    },
  };
}

/** Runs ssoenv, killed after HANG_GUARD_MS so that a wait for the other login fails the test, not the run. */
function runGuarded(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return world.run(args, {
    env,
    onSpawn: (child) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), HANG_GUARD_MS);
      child.once("close", () => clearTimeout(timer));
    },
  });
}

describe("while another terminal logs in to the same sign-in", () => {
  it("credential-process without a terminal answers with its still-valid token instead of waiting for that login", {
    timeout: 120_000,
  }, async () => {
    // 3 minutes left: inside the 5-minute window where a refresh is due, still good to use.
    await world.logIn({ expiresInMs: 3 * 60_000 });
    const other = await loginWaitingForApproval(world);
    const result = await runGuarded(["credential-process", "--profile", "dev"]);
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: expect.stringMatching(/^ASIA/),
    });
    expect((await other.approve()).exitCode).toBe(0);
  });

  it("with an expired (refreshable) token and no terminal, ensure fails with exit 3 saying a login is under way, instead of waiting for it", {
    timeout: 120_000,
  }, async () => {
    // Yesterday's token: its hour is over, its refresh token is kept.
    await world.logIn({ expiresInMs: -60 * 60_000 });
    const other = await loginWaitingForApproval(world);
    // The wait for the lock is bounded by the network budget (a refresh elsewhere ends within it).
    const result = await runGuarded(["ensure", "--profile", "dev"], { SSOENV_NETWORK_BUDGET: "2s" });
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain("another process is logging in to it");
    expect(result.stderr).toContain("ssoenv login --profile dev");
    expect((await other.approve()).exitCode).toBe(0);
    // Once that login is done, the same command uses it.
    expect((await world.run(["ensure", "--profile", "dev"])).exitCode).toBe(0);
  });
});

describe("two `ssoenv login` of one sign-in at once (two shells running mise run aws:login)", () => {
  it("the second waits for the first and uses its sign-in: one device code, not two", {
    timeout: 120_000,
  }, async () => {
    const first = await loginWaitingForApproval(world);
    let waiting: () => void = () => {};
    const secondWaits = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const second = world.run(["login", "--profile", "stg"], {
      onSpawn: (child) => {
        // The phrase may arrive split over two chunks: look at all of stderr so far.
        let stderr = "";
        child.stderr?.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes("Another process or call is logging in")) waiting();
        });
        const timer = setTimeout(() => child.kill("SIGKILL"), HANG_GUARD_MS);
        child.once("close", () => clearTimeout(timer));
      },
    });
    await secondWaits;
    expect((await first.approve()).exitCode).toBe(0);
    const result = await second;
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("Another process logged in; using its session");
    expect(result.stderr).toMatch(/Logged in: profile stg, signed in until .*\((7h \d{2}m|8h 00m) left\)/);
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });

  it("a login asked for after another one finished still logs in (it may start a new sign-in on purpose)", {
    timeout: 120_000,
  }, async () => {
    const first = await loginWaitingForApproval(world);
    expect((await first.approve()).exitCode).toBe(0);
    const again = await loginWaitingForApproval(world);
    expect((await again.approve()).exitCode).toBe(0);
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(2);
  });
});
