import { expect, it } from "vitest";
import { rejection } from "../test-support/rejection.js";
import { CORP } from "../test-support/sso-fixture.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { listAccountRoles } from "./list-account-roles.js";

const fx = useSsoFixture();

it("listing keeps to the network budget of the env it is given (SSOENV_NETWORK_BUDGET), not the process's", async () => {
  const token = await fx.seedToken(CORP);
  // Throttled for good: with the default 25 s budget all 8 attempts would run (about 13 s of backoff).
  fx.emulator.faults.add({ operation: "ListAccounts", kind: "throttle" });
  const error = await rejection(
    listAccountRoles({
      accessToken: token.accessToken,
      region: fx.emulator.region,
      env: { ...fx.env, SSOENV_NETWORK_BUDGET: "1s" },
    }),
  );
  expect(error).toMatchObject({ code: "ENDPOINT_UNREACHABLE" });
  expect(fx.emulator.stats().byOperation.ListAccounts).toBeLessThan(8);
});
