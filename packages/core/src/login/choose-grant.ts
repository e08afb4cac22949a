import type { SsoProfile } from "../config/load-sso-profile.js";
import type { LoginGrant } from "../session/session-types.js";
import { browserAvailability, type NoBrowserReason } from "./display.js";

/** Why a grant was chosen. */
export type GrantReason = "browser" | "asked" | "legacy-profile" | "no-browser" | "no-terminal";

export type GrantChoice = {
  grant: LoginGrant;
  /** Whether ssoenv opens a browser on the sign-in URL. */
  opensBrowser: boolean;
} & ({ reason: Exclude<GrantReason, "no-browser"> } | { reason: "no-browser"; noBrowser: NoBrowserReason });

/**
 * Which grant a native login uses, as the AWS CLI decides: the authorization code with PKCE through
 * the browser, except when the device code is asked for (`--use-device-code`, `--no-browser`), the
 * profile is a legacy one without an sso-session (the AWS CLI, too, keeps those on the device code),
 * no browser can be seen from here (CI, SSH, a container, no display or opener; `BROWSER` set counts as
 * one), or nobody is at a terminal.
 */
export function chooseGrant(options: {
  profile: Pick<SsoProfile, "legacy">;
  env: NodeJS.ProcessEnv;
  interactive: boolean;
  noBrowser: boolean;
  useDeviceCode: boolean;
  /** @default browserAvailability(env) */
  availability?: ReturnType<typeof browserAvailability>;
}): GrantChoice {
  const availability = options.availability ?? browserAvailability(options.env);
  const opensBrowser = options.interactive && !options.noBrowser && availability.available;
  const device = { grant: "device-code" as const, opensBrowser };
  if (options.useDeviceCode || options.noBrowser) return { ...device, reason: "asked" };
  if (options.profile.legacy) return { ...device, reason: "legacy-profile" };
  if (!availability.available) return { ...device, reason: "no-browser", noBrowser: availability.reason };
  if (!options.interactive) return { ...device, reason: "no-terminal" };
  return { grant: "pkce", opensBrowser, reason: "browser" };
}
