import { type Emulator, startEmulator } from "@ssoenv/emulator";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { writeAwsConfig } from "./aws-home.js";
import { createMiseSandbox, type MiseSandbox } from "./mise-sandbox.js";

/**
 * Registers the hooks of a mise test: a fresh sandbox for each test (removed after it), and returns it.
 * The object is returned at once, while the tests are collected; the before hook fills it in with
 * each test's sandbox, so a test reads `sandbox.mise(...)`, `sandbox.home`... as usual.
 */
export function useMiseSandbox(): MiseSandbox {
  return useMiseWorld({ emulator: false }).sandbox;
}

/**
 * {@link useMiseSandbox}, plus an emulator (auto approval) for all the tests of the `describe` it is
 * called in, with each sandbox's `~/.aws/config` pointing at it (`writeAwsConfig`) and its
 * `sdkEnv()` in the sandbox's environment.
 */
export function useMiseWorld(options: { emulator?: boolean } = {}): {
  emulator: Emulator;
  sandbox: MiseSandbox;
} {
  const emulator = {} as Emulator;
  const sandbox = {} as MiseSandbox;
  let runningEmulator: Emulator | undefined;
  let current: MiseSandbox | undefined;
  if (options.emulator !== false) {
    beforeAll(async () => {
      runningEmulator = await startEmulator({ approval: "auto" });
      Object.assign(emulator, runningEmulator);
    });
    afterAll(async () => {
      await runningEmulator?.stop();
    });
  }
  beforeEach(async () => {
    current = await createMiseSandbox(runningEmulator ? { env: runningEmulator.sdkEnv() } : {});
    Object.assign(sandbox, current);
    if (runningEmulator) await writeAwsConfig({ home: current.home, emulator: runningEmulator });
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return { emulator, sandbox };
}
