import type { SsoProfile } from "./load-sso-profile.js";
import { profileHeader } from "./profile-header.js";

/** How messages name what a login signs in to (see loginTarget). */
export interface LoginTarget {
  /** `profile "dev"`, or `sso-session "corp"`. */
  what: string;
  /** The flag that logs in to it again: `--profile dev`, or `--sso-session corp`. */
  flag: string;
  /** The section that holds its sso_start_url and sso_region: `[sso-session corp]`, or `[profile dev]` (legacy). */
  section: string;
  /**
   * The commands that log in to it, for a "login needed" hint:
   * `ssoenv login --profile dev   (or, with AWS CLI v2: aws sso login --profile dev)`.
   */
  login: string;
}

/**
 * How messages name what a login signs in to, the flag that logs in to it again, the section of its
 * settings and the commands that log in: a profile (`profile "dev"`, `--profile dev`), or an
 * sso-session itself (`sso-session "corp"`, `--sso-session corp`: `ssoenv login --sso-session corp`,
 * before any profile uses it).
 */
export function loginTarget(profile: Pick<SsoProfile, "name" | "sessionOnly" | "ssoSession">): LoginTarget {
  const section = profile.ssoSession ? `[sso-session ${profile.ssoSession}]` : profileHeader(profile.name);
  const [what, flag] = profile.sessionOnly
    ? [`sso-session "${profile.name}"`, `--sso-session ${profile.name}`]
    : [`profile "${profile.name}"`, `--profile ${profile.name}`];
  // `aws` is AWS CLI v1 on many machines (pip's, first on PATH), which has no `sso login`: say what
  // it takes rather than run `aws --version` (0.5-1 s) on every "login needed", credential_process's
  // answer to each SDK call while signed out.
  return {
    what,
    flag,
    section,
    login: `ssoenv login ${flag}   (or, with AWS CLI v2: aws sso login ${flag})`,
  };
}
