import { positiveDuration } from "../duration/positive-duration.js";

/**
 * Beyond this, ssoenv's times are wrong enough to mislead: it would call fresh credentials expired
 * (or stale ones valid), and AWS refuses signed requests anyway past a few minutes.
 */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** `SSOENV_MAX_CLOCK_SKEW` (a duration), else {@link DEFAULT_MAX_CLOCK_SKEW_MS}. */
export function maxClockSkewMs(env: NodeJS.ProcessEnv): number {
  const value = env.SSOENV_MAX_CLOCK_SKEW;
  if (value === undefined || value.trim() === "") return DEFAULT_MAX_CLOCK_SKEW_MS;
  return positiveDuration("SSOENV_MAX_CLOCK_SKEW", value);
}

/**
 * How far this machine's clock is ahead of the server's (negative: behind), from an HTTP `Date`
 * header (1-second resolution) received at `receivedAtMs`; undefined without a usable header.
 */
export function clockSkewFromDate(dateHeader: string | undefined, receivedAtMs: number): number | undefined {
  if (!dateHeader) return undefined;
  const serverMs = Date.parse(dateHeader);
  return Number.isNaN(serverMs) ? undefined : receivedAtMs - serverMs;
}

/** Raised inside an AWS client when an answer's `Date` is too far from this clock; callAws words it. */
export class ClockSkewError extends Error {
  override readonly name = "ClockSkewError";
  constructor(
    readonly skewMs: number,
    readonly maxSkewMs: number,
  ) {
    super(`clock skew ${skewMs} ms`);
  }
}

/** "2h 5m", "3m 20s", "40s": a skew as a person reads it. */
export function formatSkew(ms: number): string {
  const totalS = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}
