import type { Session } from "@ssoenv/core/internal/session/session-types";
import { formatLocalTime, formatTimeLeft } from "./format-time.js";

/**
 * The two clocks of a session as a person reads them: "signed in until 22:13 (7h 59m left),
 * credentials until 15:13 (59m left)". The sign-in's end is what a login renews; the credentials are
 * re-minted from it. The access token's hour is never shown (it renews itself).
 *
 * @example describeSession(session) // "signed in until 22:13 (7h 59m left), credentials until 15:13 (59m left)"
 */
export function describeSession(
  session: Pick<Session, "sessionEndsAt" | "credentialsExpireAt">,
  now = Date.now(),
): string {
  const signIn = session.sessionEndsAt
    ? `signed in until ${formatLocalTime(session.sessionEndsAt)} (${formatTimeLeft(session.sessionEndsAt.getTime() - now)} left)`
    : "signed in (end unknown: ssoenv did not see the login)";
  const credentials = session.credentialsExpireAt;
  return `${signIn}, credentials until ${formatLocalTime(credentials)} (${formatTimeLeft(credentials.getTime() - now)} left)`;
}
