import { SsoenvError } from "../errors.js";

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a duration such as `"90s"`, `"15m"`, `"2h"`, `"1h30m"` or `"1d"` into milliseconds.
 * A number (or a string of digits) is taken as milliseconds already.
 *
 * @example parseDuration("1h30m") // 5_400_000
 * @throws SsoenvError `INVALID_ARGUMENT` for anything else (negative, empty, unknown unit).
 */
export function parseDuration(input: string | number): number {
  if (typeof input === "number") {
    if (Number.isFinite(input) && input >= 0) return input;
    throw invalid(String(input));
  }
  // A plain-JavaScript caller may pass anything: a clear error, not a TypeError from .trim().
  if (typeof input !== "string") throw invalid(String(input));
  const text = input.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
  // One or more <number><unit> parts, largest first by convention but not enforced.
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) throw invalid(input);
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return Math.round(total);
}

function invalid(input: string): SsoenvError {
  return new SsoenvError("INVALID_ARGUMENT", `Invalid duration "${input}"`, {
    hint: 'use a number with a unit, e.g. "90s", "15m", "2h", "1h30m" or "1d"',
  });
}
