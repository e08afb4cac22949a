import { SsoenvError } from "@ssoenv/core";
import { describe, expect, it } from "vitest";
import { nameProjectProfile } from "./name-project-profile.js";

// Which profile was not found, and whether the caller gave its name, is the error's `profile` field:
// core may word the message as it likes (here, unlike any message it writes today) without the
// project's name dropping out of it.
const project = { path: "/repo/ssoenv.toml", names: ["ops"] };

describe("nameProjectProfile", () => {
  it("says ssoenv.toml named the profile, whatever core's message says", () => {
    const error = new SsoenvError("PROFILE_NOT_FOUND", "no [profile ops] in ~/.aws/config", {
      hint: "add it",
      profile: { name: "ops", source: "option" },
    });
    const named = nameProjectProfile(error, project) as SsoenvError;
    expect(named.profile).toEqual({ name: "ops", source: "ssoenv.toml", path: "/repo/ssoenv.toml" });
    expect(named.message).toBe(
      'Profile "ops" (from /repo/ssoenv.toml) not found: no [profile ops] in ~/.aws/config',
    );
    expect(named.hint).toBe("add it");
  });

  it("leaves a name from the environment, or another profile's error, as it is", () => {
    const fromEnv = new SsoenvError("PROFILE_NOT_FOUND", 'Profile "ops" not found', {
      profile: { name: "ops", source: "AWS_PROFILE" },
    });
    const other = new SsoenvError("PROFILE_NOT_FOUND", 'Profile "ops" not found', {
      profile: { name: "dev", source: "option" },
    });
    expect(nameProjectProfile(fromEnv, project)).toBe(fromEnv);
    expect(nameProjectProfile(other, project)).toBe(other);
  });
});
