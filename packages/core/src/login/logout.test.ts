import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { rejection } from "../test-support/rejection.js";
import { CORP } from "../test-support/sso-fixture.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { tokenCachePath } from "../token/sso-token-cache.js";
import { logout } from "./logout.js";

const fx = useSsoFixture();

it("logout tries a throttled SSO Logout twice, not three times, then removes the local files (not-done)", async () => {
  await fx.seedToken(CORP);
  fx.emulator.faults.add({ operation: "Logout", kind: "throttle" });
  const outcomes = await logout({ ssoSession: "corp", env: fx.env });
  expect(outcomes).toMatchObject([{ name: "corp", server: "not-done" }]);
  // A logout gives up sooner than a session check: the local files go either way.
  expect(fx.emulator.stats().byOperation.Logout).toBe(2);
  const corp = { ...CORP, startUrl: fx.emulator.startUrl };
  expect(existsSync(tokenCachePath({ profile: corp, env: fx.env }))).toBe(false);
});

// A script's own AbortController: an SsoenvError (scripts branch on isSsoenvError), not a DOMException.
it("logout whose signal aborts during SSO Logout is CANCELLED with the reason as cause", async () => {
  await fx.seedToken(CORP);
  fx.emulator.setTraffic({ latencyMs: 5_000 });
  const started = Date.now();
  const error = await rejection(
    logout({ ssoSession: "corp", env: fx.env, signal: AbortSignal.timeout(100) }),
  );
  fx.emulator.setTraffic({});
  expect(error.code).toBe("CANCELLED");
  expect((error.cause as Error).name).toBe("TimeoutError");
  expect(Date.now() - started).toBeLessThan(4_000);
});
