import { describe, expect, it } from "vitest";
import { ciSetting, isInteractive, noLoginReason } from "./is-interactive.js";

describe("ciSetting: the entrypoint's rule for CI", () => {
  it.each([undefined, "", "false", "0"])("CI=%j is no CI", (value) => {
    expect(ciSetting(value === undefined ? {} : { CI: value })).toBeUndefined();
  });

  it.each(["true", "True", "1", "yes"])("CI=%j is CI (GitHub Actions, GitLab, AppVeyor's True)", (value) => {
    expect(ciSetting({ CI: value })).toBe(value);
  });
});

describe("isInteractive", () => {
  it("is false in CI whatever the terminal", () => {
    expect(isInteractive({ env: { CI: "true" } })).toBe(false);
  });
});

describe("noLoginReason", () => {
  it("names CI and its value when CI is set, else the missing terminal; login: false first", () => {
    expect(noLoginReason({ loginDisabled: false, env: { CI: "true" } })).toBe(
      "CI=true: no one to log in here",
    );
    expect(noLoginReason({ loginDisabled: false, env: { CI: "false" } })).toBe("no terminal to log in from");
    expect(noLoginReason({ loginDisabled: true, env: { CI: "true" } })).toBe(
      "ssoenv does not log in from here",
    );
  });
});
