import { describe, expect, it } from "vitest";
import { ciSetting, ciSwitchedOff } from "./ci-setting.js";

describe("ciSetting: what CI itself says (the colours' rule; the container entrypoint's too)", () => {
  it.each([undefined, "", "false", "0", "no", "off", "False", "NO", "Off"])("CI=%j is no CI", (value) => {
    expect(ciSetting(value === undefined ? {} : { CI: value })).toBeUndefined();
  });

  it.each(["true", "True", "1", "yes"])("CI=%j is CI (GitHub Actions, GitLab, AppVeyor's True)", (value) => {
    expect(ciSetting({ CI: value })).toBe(value);
  });
});

describe("ciSwitchedOff: the override of every CI vendor's variables", () => {
  it("is CI=false, 0, no or off in any case, and nothing else (unset and empty say nothing)", () => {
    for (const value of ["false", "FALSE", "0", "no", "No", "off", "OFF"])
      expect(ciSwitchedOff({ CI: value }), value).toBe(true);
    for (const value of [undefined, "", "true", "1", "nope", " false"])
      expect(ciSwitchedOff(value === undefined ? {} : { CI: value }), String(value)).toBe(false);
  });
});
