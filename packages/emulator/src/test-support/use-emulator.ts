import { afterEach } from "vitest";
import { startEmulator } from "../start-emulator.js";
import type { Emulator, EmulatorOptions } from "../types.js";
import { sdkClients } from "./sdk-clients.js";

/**
 * Registers an `afterEach` that stops every emulator the test started, and returns `start`: it starts
 * an emulator with `options` and returns it with real SDK clients pointed at it (`sdkClients`).
 *
 * @example
 * const start = useEmulator();
 * test("...", async () => {
 *   const { emulator, sso } = await start({ pageSize: 2 });
 * });
 */
export function useEmulator() {
  const running = new Set<Emulator>();
  afterEach(async () => {
    await Promise.all([...running].map((emulator) => emulator.stop()));
    running.clear();
  });
  return async function start(options: EmulatorOptions = {}, clients: { maxAttempts?: number } = {}) {
    const emulator = await startEmulator(options);
    running.add(emulator);
    return { emulator, ...sdkClients(emulator, clients) };
  };
}
