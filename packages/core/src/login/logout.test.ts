import { existsSync } from "node:fs";
import { expect, it } from "vitest";
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
