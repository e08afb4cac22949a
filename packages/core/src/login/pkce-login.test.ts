import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LoginPrompt } from "../session/session-types.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { readSsoToken } from "../token/sso-token-cache.js";
import { login } from "./login.js";

/** The end-to-end tests' scripted browser: follows /authorize's redirect to the loopback callback. */
const FAKE_BROWSER = fileURLToPath(new URL("../../../../test/cli/support/fake-browser.mjs", import.meta.url));

describe("login (native PKCE flow)", () => {
  const fx = useSsoFixture();

  it("registers a client for the code grant with the port-less loopback URI, and writes a refreshable cache", async () => {
    const prompts: LoginPrompt[] = [];
    const result = await login({
      profile: "dev",
      method: "native",
      env: { ...fx.env, BROWSER: FAKE_BROWSER },
      interactive: true,
      onPrompt: (p) => prompts.push(p),
    });
    expect(result).toMatchObject({ method: "native", grant: "pkce" });
    expect(prompts).toEqual([expect.objectContaining({ kind: "browser", opened: true })]);
    const token = await readSsoToken({
      profile: { name: "dev", ssoSession: "corp", startUrl: "" },
      env: fx.env,
    });
    expect(token?.refreshToken).toBeTruthy();
    expect(fx.emulator.stats().byOperation).toMatchObject({ RegisterClient: 1, CreateToken: 1 });
  });

  it("a device-code login after it registers anew when the cached client may not use the device code", async () => {
    const env = { ...fx.env, BROWSER: FAKE_BROWSER };
    await login({ profile: "dev", method: "native", env, interactive: true, onPrompt: () => {} });
    const result = await login({
      profile: "dev",
      method: "native",
      env,
      interactive: true,
      useDeviceCode: true,
      onPrompt: () => {},
    });
    expect(result.grant).toBe("device-code");
    // PKCE client, then the cached one refused by StartDeviceAuthorization, then a new one
    expect(fx.emulator.stats().byOperation.RegisterClient).toBe(2);
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(2);
  });
});
