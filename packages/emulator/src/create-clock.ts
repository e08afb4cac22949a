import type { EmulatorClock } from "./types.js";

/**
 * A clock that runs with real time from `startMs`, and can be moved. Only the emulator's own
 * expiry checks read it: clients keep signing with real time, as they would against AWS.
 */
export function createClock(options: { startMs?: number } = {}): EmulatorClock {
  let offsetMs = options.startMs === undefined ? 0 : options.startMs - Date.now();
  return {
    now: () => Date.now() + offsetMs,
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new TypeError(`clock.advance: ms must be a finite number, got ${ms}`);
      offsetMs += ms;
    },
    set(epochMs: number) {
      if (!Number.isFinite(epochMs)) throw new TypeError(`clock.set: epochMs must be a finite number`);
      offsetMs = epochMs - Date.now();
    },
  };
}
