import type { SsoProfile } from "./load-sso-profile.js";

/**
 * How messages name what a login signs in to, and the flag that logs in to it again: a profile
 * (`profile "dev"`, `--profile dev`), or an sso-session itself (`sso-session "corp"`,
 * `--sso-session corp`: `ssoenv login --sso-session corp`, before any profile uses it).
 */
export function loginTarget(profile: Pick<SsoProfile, "name" | "sessionOnly">): {
  what: string;
  flag: string;
} {
  return profile.sessionOnly
    ? { what: `sso-session "${profile.name}"`, flag: `--sso-session ${profile.name}` }
    : { what: `profile "${profile.name}"`, flag: `--profile ${profile.name}` };
}
