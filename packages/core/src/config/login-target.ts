import type { SsoProfile } from "./load-sso-profile.js";

/** How messages name what a login signs in to (see loginTarget). */
export interface LoginTarget {
  /** `profile "dev"`, or `sso-session "corp"`. */
  what: string;
  /** The flag that logs in to it again: `--profile dev`, or `--sso-session corp`. */
  flag: string;
  /** The section that holds its sso_start_url and sso_region: `[sso-session corp]`, or `[profile dev]` (legacy). */
  section: string;
}

/**
 * How messages name what a login signs in to, the flag that logs in to it again and the section of
 * its settings: a profile (`profile "dev"`, `--profile dev`), or an sso-session itself
 * (`sso-session "corp"`, `--sso-session corp`: `ssoenv login --sso-session corp`, before any profile
 * uses it).
 */
export function loginTarget(profile: Pick<SsoProfile, "name" | "sessionOnly" | "ssoSession">): LoginTarget {
  const section = profile.ssoSession ? `[sso-session ${profile.ssoSession}]` : `[profile ${profile.name}]`;
  return profile.sessionOnly
    ? { what: `sso-session "${profile.name}"`, flag: `--sso-session ${profile.name}`, section }
    : { what: `profile "${profile.name}"`, flag: `--profile ${profile.name}`, section };
}
