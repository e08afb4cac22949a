import { describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { readSessionDuration } from "./read-session-duration.js";

const file = "/home/you/.aws/config";

describe("readSessionDuration", () => {
  it("gives the section's ssoenv_session_duration in ms, none when unset or empty", () => {
    const read = (values: Record<string, string | undefined>) =>
      readSessionDuration({ values, section: "sso-session corp", file });
    expect(read({ ssoenv_session_duration: "1h30m", sso_region: "eu-west-1" })).toBe(90 * 60_000);
    expect(read({ sso_region: "eu-west-1" })).toBeUndefined();
    expect(read({ ssoenv_session_duration: "" })).toBeUndefined();
  });

  it("refuses a value that is no duration, naming the setting, its section and the file", () => {
    let thrown: unknown;
    try {
      readSessionDuration({ values: { ssoenv_session_duration: "all day" }, section: "profile dev", file });
    } catch (error) {
      thrown = error;
    }
    expect(isSsoenvError(thrown, "CONFIG_INVALID")).toBe(true);
    expect((thrown as Error).message).toContain(`ssoenv_session_duration in [profile dev] of ${file}:`);
    expect((thrown as { hint: string }).hint).toContain('"12h"');
  });
});
