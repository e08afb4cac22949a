import { afterEach, beforeEach } from "vitest";
import { createSsoFixture, type SsoFixture } from "./sso-fixture.js";

/**
 * Registers the hooks that give each test a fresh {@link createSsoFixture} (with `options`) and clean
 * it up after the test, and returns it: one object, filled in by the before hook, so a test reads
 * `fx.env`, `fx.seedToken(...)`... of its own fixture. Hooks registered after this call run after
 * the fixture exists, and their after hooks before it is cleaned up.
 */
export function useSsoFixture(options: Parameters<typeof createSsoFixture>[0] = {}): SsoFixture {
  const fx = {} as SsoFixture;
  let current: SsoFixture | undefined;
  beforeEach(async () => {
    current = await createSsoFixture(options);
    Object.assign(fx, current);
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return fx;
}
