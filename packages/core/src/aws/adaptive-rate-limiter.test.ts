import { describe, expect, it } from "vitest";
import { AdaptiveRateLimiter } from "./adaptive-rate-limiter.js";

describe("AdaptiveRateLimiter", () => {
  it("does not pace before the service throttles", async () => {
    const limiter = new AdaptiveRateLimiter();
    // Not a wall-time bound (a loaded machine stalls a worker for longer): an acquire that waited on
    // a timer lets the event loop turn, and this callback would run before the loop ends.
    let waited = false;
    setImmediate(() => {
      waited = true;
    });
    for (let i = 0; i < 100; i++) await limiter.acquire();
    expect(limiter.rate).toBe(Number.POSITIVE_INFINITY);
    expect(waited, "an acquire waited before any throttle").toBe(false);
  });

  it("after a throttle, paces below the rate sent and climbs back with successes", async () => {
    const limiter = new AdaptiveRateLimiter({ decreaseFactor: 0.5, increasePerSuccess: 1 });
    for (let i = 0; i < 20; i++) await limiter.acquire();
    limiter.throttled();
    const paced = limiter.rate;
    expect(paced).toBeLessThan(Number.POSITIVE_INFINITY);
    expect(paced).toBeGreaterThanOrEqual(1);
    // throttles of requests already in flight count as one
    limiter.throttled();
    expect(limiter.rate).toBe(paced);
    limiter.succeeded();
    expect(limiter.rate).toBe(paced + 1);
  });

  it("spaces requests at the paced rate", async () => {
    const limiter = new AdaptiveRateLimiter({ decreaseFactor: 0.1, calmMs: 0 });
    // 10 quick sends, then a throttle: 10 sent within ~100 ms -> paced at a tenth of that rate or below
    for (let i = 0; i < 10; i++) await limiter.acquire();
    limiter.throttled();
    const rate = limiter.rate;
    const started = performance.now();
    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    // two gaps of 1000 / rate ms each (the first acquire may also wait for the pause after the throttle)
    expect(performance.now() - started).toBeGreaterThanOrEqual((2 * 1000) / rate - 5);
  });
});
