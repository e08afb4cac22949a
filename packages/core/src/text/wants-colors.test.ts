import { describe, expect, it } from "vitest";
import { wantsColors } from "./wants-colors.js";

describe("wantsColors: ssoenv's one colour rule (the CLI, the mise enter hook)", () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: "dumb" }, true, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "1", FORCE_COLOR: "1" }, true, false],
    [{ NO_COLOR: "" }, true, true],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "3" }, false, true],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "false" }, true, false],
    [{ FORCE_COLOR: "" }, false, false],
    // CI logs render colours; CI's off-switch and a vendor's own variables do not colour a pipe.
    [{ CI: "true" }, false, true],
    [{ CI: "true", FORCE_COLOR: "0" }, false, false],
    [{ CI: "false" }, false, false],
    [{ CI: "no" }, false, false],
    [{ TF_BUILD: "True" }, false, false],
  ] as const)("%j, terminal %s: %s", (env, isTTY, expected) => {
    expect(wantsColors({ env, isTTY })).toBe(expected);
  });
});
