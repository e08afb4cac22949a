import { existsSync } from "node:fs";
import { type Emulator, type EmulatorOptions, startEmulator } from "@ssoenv/emulator";
import { afterAll, beforeAll } from "vitest";
import { CLI_BIN, createSsoHome, type SsoHome } from "./sso-home.js";

/**
 * Registers the hooks that start an emulator (with `emulatorOptions`) and create an SSO home for it
 * before the tests of the `describe` it is called in (or of the file), and stop and remove both after
 * them. Returns both at once, while the tests are collected: the before hook fills them in, so a test
 * reads `emulator.url`, `home.cachePath`... as usual. Hooks registered after this call run after
 * the emulator has started, and their after hooks before it stops.
 */
export function useSsoHome(emulatorOptions: EmulatorOptions): { emulator: Emulator; home: SsoHome } {
  const emulator = {} as Emulator;
  const home = {} as SsoHome;
  let running: { emulator: Emulator; home?: SsoHome } | undefined;
  beforeAll(async () => {
    if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`pnpm build\` first`);
    running = { emulator: await startEmulator(emulatorOptions) };
    Object.assign(emulator, running.emulator);
    running.home = await createSsoHome(running.emulator);
    Object.assign(home, running.home);
  });
  afterAll(async () => {
    try {
      await running?.emulator.stop();
    } finally {
      await running?.home?.remove();
      running = undefined;
    }
  });
  return { emulator, home };
}
