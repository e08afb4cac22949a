import type { EmulatorTraffic } from "./types.js";

/** What to do with one request: answer after `latencyMs`, with a throttling error when `throttled`. */
export interface TrafficDecision {
  latencyMs: number;
  throttled: boolean;
}

/**
 * The emulated service's capacity, as an organisation-wide sync meets it: a fixed latency on every
 * request, and a request-rate limit (a token bucket refilled at `requestsPerSecond`, holding at most
 * `burst`) past which requests are throttled (each service in its own terms, see `faultError`).
 * A throttled request takes no token. Real time, not the emulator clock: a test that moves the clock
 * by hours must not refill the bucket.
 */
export class TrafficShaper {
  private latencyMs = 0;
  private requestsPerSecond = Number.POSITIVE_INFINITY;
  private burst = Number.POSITIVE_INFINITY;
  private tokens = Number.POSITIVE_INFINITY;
  private refilledAt: number;
  private readonly now: () => number;

  /** `now` (milliseconds, monotonic) lets a unit test step time itself. @default performance.now */
  constructor(traffic: EmulatorTraffic = {}, options: { now?: () => number } = {}) {
    this.now = options.now ?? (() => performance.now());
    this.refilledAt = this.now();
    this.set(traffic);
  }

  /** Replaces the settings; fields left out go back to their defaults (no latency, no limit). */
  set(traffic: EmulatorTraffic): void {
    validateTraffic(traffic);
    this.latencyMs = traffic.latencyMs ?? 0;
    this.requestsPerSecond = traffic.requestsPerSecond ?? Number.POSITIVE_INFINITY;
    this.burst = traffic.burst ?? this.requestsPerSecond;
    this.tokens = this.burst;
    this.refilledAt = this.now();
  }

  /** Called once per request as it arrives. */
  admit(): TrafficDecision {
    if (this.requestsPerSecond === Number.POSITIVE_INFINITY)
      return { latencyMs: this.latencyMs, throttled: false };
    const now = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.refilledAt) / 1000) * this.requestsPerSecond,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return { latencyMs: this.latencyMs, throttled: true };
    this.tokens -= 1;
    return { latencyMs: this.latencyMs, throttled: false };
  }
}

/** Throws a TypeError naming the bad field (the control API turns it into a 400). */
export function validateTraffic(traffic: unknown): asserts traffic is EmulatorTraffic {
  if (!traffic || typeof traffic !== "object" || Array.isArray(traffic)) {
    throw new TypeError("traffic must be an object { latencyMs?, requestsPerSecond?, burst? }");
  }
  const t = traffic as Record<string, unknown>;
  for (const key of Object.keys(t)) {
    if (!["latencyMs", "requestsPerSecond", "burst"].includes(key)) {
      throw new TypeError(`traffic.${key}: unknown field (latencyMs, requestsPerSecond, burst)`);
    }
  }
  if (t.latencyMs !== undefined && !(typeof t.latencyMs === "number" && t.latencyMs >= 0)) {
    throw new TypeError("traffic.latencyMs must be a number >= 0");
  }
  for (const key of ["requestsPerSecond", "burst"] as const) {
    if (t[key] !== undefined && !(typeof t[key] === "number" && (t[key] as number) >= 1)) {
      throw new TypeError(`traffic.${key} must be a number >= 1`);
    }
  }
}
