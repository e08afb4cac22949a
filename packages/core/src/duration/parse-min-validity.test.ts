import { describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { parseMinValidity } from "./parse-min-validity.js";

function errorOf(value: string, code?: "PROJECT_CONFIG_INVALID") {
  try {
    parseMinValidity({ value, setting: "--min-validity", ...(code ? { code } : {}) });
  } catch (error) {
    if (isSsoenvError(error)) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe("parseMinValidity", () => {
  it.each([
    ["2h", 7_200_000],
    ["90m", 5_400_000],
    ["1h30m", 5_400_000],
    [" 1d ", 86_400_000],
    ["0", 0],
    ["0s", 0],
  ])("%j -> %d ms", (value, expected) => {
    expect(parseMinValidity({ value, setting: "--min-validity" })).toBe(expected);
  });

  it.each([
    ["90", "has no unit"],
    ["1.5", "has no unit"],
    ["-1h", "is negative"],
    ["-5", "is negative"],
    ["", "is empty"],
    ["soon", "is not a duration"],
    ["2 hours", "is not a duration"],
    [`${"9".repeat(30)}d`, "is not a duration"],
  ])("refuses %j: the setting, the value and what is wrong, in one line", (value, problem) => {
    const error = errorOf(value);
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.message).toBe(
      `--min-validity ${JSON.stringify(value.slice(0, 40) + (value.length > 40 ? "…" : ""))} ${problem}`,
    );
    expect(error.hint).toContain('"90m"');
  });

  it("takes the caller's error code and shows control characters as ?", () => {
    const error = errorOf("1\u001b[2Jh", "PROJECT_CONFIG_INVALID");
    expect(error.code).toBe("PROJECT_CONFIG_INVALID");
    expect(error.message).toBe('--min-validity "1?[2Jh" is not a duration');
    expect(error.message.split("\n")).toHaveLength(1);
  });
});
