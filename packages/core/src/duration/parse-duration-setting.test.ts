import { describe, expect, it } from "vitest";
import { isSsoenvError, type SsoenvError } from "../errors.js";
import { parseDurationSetting } from "./parse-duration-setting.js";

function errorOf(value: string, allowZero = false): SsoenvError {
  try {
    parseDurationSetting({ value, setting: "--timeout", allowZero });
  } catch (error) {
    if (isSsoenvError(error)) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe("parseDurationSetting", () => {
  it.each([
    ["5m", 300_000],
    ["90s", 90_000],
    ["500ms", 500],
    [" 1h30m ", 5_400_000],
  ])("%j -> %d ms", (value, expected) => {
    expect(parseDurationSetting({ value, setting: "--timeout" })).toBe(expected);
  });

  it.each([
    ["5", "has no unit"],
    ["1.5", "has no unit"],
    ["0", "is zero"],
    ["0s", "is zero"],
    ["-5m", "is negative"],
    ["", "is empty"],
    ["soon", "is not a duration"],
  ])(
    "refuses %j: the setting, the value and what is wrong, in one line, with a unit in the fix",
    (value, problem) => {
      const error = errorOf(value);
      expect(error.code).toBe("INVALID_ARGUMENT");
      expect(error.message).toBe(`--timeout ${JSON.stringify(value)} ${problem}`);
      expect(error.hint).toContain('"5m"');
    },
  );

  it("takes 0 where allowed", () => {
    expect(parseDurationSetting({ value: "0", setting: "--min-validity", allowZero: true })).toBe(0);
  });
});
