import type { EmulatorOptions } from "@ssoenv/emulator";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { type CliWorld, startCliWorld } from "./cli-world.js";

/** Options of {@link useCliWorld}. */
export interface UseCliWorldOptions {
  /**
   * `"file"`: one world for all the tests of the file (or of the `describe` it is called in);
   * `"test"`: a fresh world for each test.
   * @default "file"
   */
  per?: "file" | "test";
  /** Log the `corp` sso-session in (`world.logIn()`) once the world has started. @default false */
  loggedIn?: boolean;
  /** The emulator's options (accounts, roles, approval...). */
  emulator?: EmulatorOptions;
}

/**
 * Registers the hooks that start a CLI world (temporary HOME + emulator) before the tests and stop it
 * after them, and returns that world. The object is returned at once, while the tests are collected:
 * the before hook fills it in with the running world (for `per: "test"`, a new one each time), so a
 * test reads `world.run(...)`, `world.emulator`... as usual. Hooks a file registers after this call
 * run after the world has started, and their after hooks before it stops.
 *
 * @example
 * const world = useCliWorld({ loggedIn: true });
 * it("prints credentials", async () => expect((await world.run(["env"])).exitCode).toBe(0));
 */
export function useCliWorld(options: UseCliWorldOptions = {}): CliWorld {
  const world = {} as CliWorld;
  let running: CliWorld | undefined;
  const [before, after] = options.per === "test" ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    running = await startCliWorld(options.emulator);
    Object.assign(world, running);
    if (options.loggedIn) await running.logIn();
  });
  after(async () => {
    await running?.stop();
    running = undefined;
  });
  return world;
}
