import { describe, expect, it } from "vitest";
import { formatTimeLeft } from "./format-time-left.js";

describe("formatTimeLeft", () => {
  it.each([
    [-1, "expired"],
    [0, "expired"],
    [45_000, "45s"],
    [9 * 60_000 + 5_000, "9m 05s"],
    [12 * 60_000, "12m"],
    [90 * 60_000, "1h 30m"],
    [(7 * 60 + 59) * 60_000, "7h 59m"],
    [26 * 3_600_000, "1d 2h"],
  ])("shows %d ms as %s", (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(text);
  });
});
