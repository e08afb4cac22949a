import { describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { parseDuration } from "./parse-duration.js";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["15m", 900_000],
    ["2h", 7_200_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
    ["1000", 1000],
    [" 2H ", 7_200_000],
    [0, 0],
    [1234, 1234],
  ])("%s -> %d ms", (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(["", "soon", "2 hours", "-5m", "h", "1x", Number.NaN, -1])(
    "rejects %s with INVALID_ARGUMENT and an example",
    (input) => {
      let error: unknown;
      try {
        parseDuration(input);
      } catch (e) {
        error = e;
      }
      expect(isSsoenvError(error, "INVALID_ARGUMENT")).toBe(true);
      expect((error as { hint: string }).hint).toContain("1h30m");
    },
  );
});
