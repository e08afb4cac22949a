import { setTimeout as sleep } from "node:timers/promises";

/**
 * Paces requests to a service whose rate limit is unknown until it throttles, like the SDK's "adaptive"
 * retry mode but shared by every request of one job: no pacing until the first throttle; then the rate
 * drops to `decreaseFactor` x the rate actually sent over the last second, and climbs back by
 * `increasePerSuccess` requests per second with each success, so a long job settles just under the
 * limit instead of spending half its requests on 429s. One decrease per `calmMs`: the throttles of
 * requests already in flight count as one.
 */
export class AdaptiveRateLimiter {
  private ratePerSecond = Number.POSITIVE_INFINITY;
  private nextSendAt = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private readonly sends: number[] = [];
  private readonly decreaseFactor: number;
  private readonly increasePerSuccess: number;
  private readonly calmMs: number;

  constructor(options: { decreaseFactor?: number; increasePerSuccess?: number; calmMs?: number } = {}) {
    this.decreaseFactor = options.decreaseFactor ?? 0.8;
    this.increasePerSuccess = options.increasePerSuccess ?? 0.1;
    this.calmMs = options.calmMs ?? 250;
  }

  /** The current pace in requests per second (Infinity until a throttle). */
  get rate(): number {
    return this.ratePerSecond;
  }

  /** Waits for the request's turn. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    if (this.ratePerSecond !== Number.POSITIVE_INFINITY) {
      const at = Math.max(now, this.nextSendAt);
      this.nextSendAt = at + 1000 / this.ratePerSecond;
      if (at > now) await sleep(at - now, undefined, signal ? { signal } : {});
    }
    const sentAt = performance.now();
    this.sends.push(sentAt);
    while ((this.sends[0] ?? sentAt) < sentAt - 1000) this.sends.shift();
  }

  /** The service throttled a request. */
  throttled(): void {
    const now = performance.now();
    if (now - this.lastDecreaseAt < this.calmMs) return;
    this.lastDecreaseAt = now;
    const windowMs = Math.max(100, Math.min(1000, now - (this.sends[0] ?? now)));
    const sentRate = (this.sends.filter((t) => t >= now - 1000).length * 1000) / windowMs;
    this.ratePerSecond = Math.max(1, Math.min(this.ratePerSecond, sentRate) * this.decreaseFactor);
    this.nextSendAt = Math.max(this.nextSendAt, now + 1000 / this.ratePerSecond);
  }

  /** A request went through. */
  succeeded(): void {
    if (this.ratePerSecond !== Number.POSITIVE_INFINITY) this.ratePerSecond += this.increasePerSuccess;
  }
}
