import type { SignInInfo } from "@ssoenv/core/internal/token/list-sign-ins";

/**
 * The login that signs in to this sso-session (or legacy start URL), and so replaces its token cache
 * file. Legacy profiles have no sso-session to name: a profile with a role, else one that only signs
 * in (`aws sso login --profile` takes it too: it needs only sso_start_url and sso_region).
 */
export function signInLoginCommand(
  signIn: Pick<SignInInfo, "ssoSession" | "profiles" | "signInOnlyProfiles">,
): string {
  if (signIn.ssoSession) return `ssoenv login --sso-session ${signIn.ssoSession}`;
  const profile = signIn.profiles[0] ?? signIn.signInOnlyProfiles[0];
  return `ssoenv login --profile ${profile?.name ?? "NAME"}`;
}
