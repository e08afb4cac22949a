import type { SignInInfo } from "@ssoenv/core/internal/token/list-sign-ins";

/** The login that signs in to this sso-session (or legacy start URL), and so replaces its token cache file. */
export function signInLoginCommand(signIn: Pick<SignInInfo, "ssoSession" | "profiles">): string {
  return signIn.ssoSession
    ? `ssoenv login --sso-session ${signIn.ssoSession}`
    : `ssoenv login --profile ${signIn.profiles[0]?.name ?? "NAME"}`;
}
