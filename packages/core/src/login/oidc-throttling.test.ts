import { afterEach, describe, expect, it, vi } from "vitest";
import { ensureSession } from "../session/ensure-session.js";
import type { SessionEvent } from "../session/session-types.js";
import { rejection } from "../test-support/rejection.js";
import { createSsoFixture, type SsoFixture } from "../test-support/sso-fixture.js";
import { login } from "./login.js";

// SSO OIDC has no 429: its model's rate limit is SlowDownException (400, `slow_down`) on
// RegisterClient, StartDeviceAuthorization and CreateToken. The emulator's `throttle` fault answers
// that, as AWS does.
describe("SSO OIDC throttling (SlowDownException)", () => {
  let fx: SsoFixture;
  afterEach(async () => {
    await fx.cleanup();
  });

  it("a throttled refresh is retried with backoff, not reported as an unexpected answer", async () => {
    fx = await createSsoFixture();
    await fx.seedToken({ ssoSession: "corp", startUrl: "" }, { expiresInMs: 2 * 60_000 });
    fx.emulator.faults.add({ operation: "CreateToken", kind: "throttle", times: 1 });
    const events: SessionEvent[] = [];
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      onEvent: (e) => events.push(e),
    });
    expect(session.identity.account).toBe("111111111111");
    expect(fx.emulator.stats().byOperation.CreateToken).toBe(2);
    expect(events.map((e) => e.type)).toContain("token-refreshed");
    expect(events.filter((e) => e.type === "retrying")).toHaveLength(1);
  });

  it("a throttled RegisterClient and StartDeviceAuthorization are retried: the login succeeds", async () => {
    fx = await createSsoFixture();
    fx.emulator.faults.add({ operation: "RegisterClient", kind: "throttle", times: 1 });
    fx.emulator.faults.add({ operation: "StartDeviceAuthorization", kind: "throttle", times: 1 });
    const result = await login({
      profile: "dev",
      method: "native",
      env: fx.env,
      noBrowser: true,
      onPrompt: () => {},
    });
    expect(result.profile).toBe("dev");
    expect(fx.emulator.stats().byOperation).toMatchObject({ RegisterClient: 2, StartDeviceAuthorization: 2 });
  });

  it("while polling for the device code, slow_down waits 5 s longer instead of retrying at once", async () => {
    // Every poll is slowed down and the code lasts 2 s: the one poll's slow_down pushes the next one
    // (1 s + 5 s) past the code's end, so the login times out after a single CreateToken.
    fx = await createSsoFixture({ emulator: { lifetimes: { deviceCodeMs: 2_000 } } });
    fx.emulator.faults.add({ operation: "CreateToken", kind: "throttle" });
    const error = await rejection(
      login({ profile: "dev", method: "native", env: fx.env, noBrowser: true, onPrompt: () => {} }),
    );
    expect(error.code).toBe("LOGIN_TIMED_OUT");
    expect(fx.emulator.stats().byOperation.CreateToken).toBe(1);
  });

  it("after the wait that reaches the code's end, times out without one more poll, even when the clock lags the timer", async () => {
    // A timer may fire a millisecond before Date.now() reaches the time it was set for (CI saw a
    // second CreateToken in the case above): from the prompt on, each reading of this clock falls
    // 10 ms further behind, so after the wait it reads a little before the code's end.
    fx = await createSsoFixture({ emulator: { lifetimes: { deviceCodeMs: 2_000 } } });
    fx.emulator.faults.add({ operation: "CreateToken", kind: "throttle" });
    const realNow = Date.now.bind(Date);
    let lagMs = 0;
    const lagging = () => {
      vi.spyOn(Date, "now").mockImplementation(() => {
        lagMs += 10;
        return realNow() - lagMs;
      });
    };
    try {
      const error = await rejection(
        login({ profile: "dev", method: "native", env: fx.env, noBrowser: true, onPrompt: lagging }),
      );
      expect(error.code).toBe("LOGIN_TIMED_OUT");
      expect(fx.emulator.stats().byOperation.CreateToken).toBe(1);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
