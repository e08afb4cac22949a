import type { OutlivedSignIn, Session } from "@ssoenv/core/internal/session/session-types";
import { formatTimeLeft } from "@ssoenv/core/internal/text/format-time-left";
import { formatLeft, formatLocalTime } from "./format-time.js";

/**
 * The two clocks of a session as a person reads them: "signed in until 22:13 (7h 59m left),
 * credentials until 15:13 (59m left)". The sign-in's end is what a login renews; the credentials are
 * re-minted from it. The access token's hour is never shown (it renews itself).
 *
 * @example describeSession(session) // "signed in until 22:13 (7h 59m left), credentials until 15:13 (59m left)"
 */
export function describeSession(
  session: Pick<Session, "sessionEndsAt" | "credentialsExpireAt" | "outlived">,
  now = Date.now(),
): string {
  // Today's ends are told by the time alone: "today" is `now`'s, not the clock's.
  const today = new Date(now);
  const signIn = session.sessionEndsAt
    ? `signed in until ${formatLocalTime(session.sessionEndsAt, today)} (${formatLeft(session.sessionEndsAt.getTime() - now)})`
    : session.outlived
      ? describeOutlived(session.outlived, today)
      : "signed in (end unknown: ssoenv did not see the login)";
  const credentials = session.credentialsExpireAt;
  return `${signIn}, credentials until ${formatLocalTime(credentials, today)} (${formatLeft(credentials.getTime() - now)})`;
}

/**
 * A sign-in ssoenv recorded that outlived its estimate, and the one fix: ssoenv's idea of the session
 * duration (AWS's default 8 h) is shorter than the Identity Center's (15 min to 90 days).
 *
 * @example describeOutlived(outlived) // "signed in at 09:00, still working past the 8h ssoenv expected (set ssoenv_session_duration in [sso-session corp] to your Identity Center's session duration)"
 */
export function describeOutlived(outlived: OutlivedSignIn, now = new Date()): string {
  const duration = formatTimeLeft(outlived.durationMs).replace(/ 0+[hm]$/, "");
  const signedIn = `signed in at ${formatLocalTime(outlived.signedInAt, now)}`;
  const fix = `set ${outlived.setting} to your Identity Center's session duration`;
  if (outlived.lastTokenExpiresAt) {
    // Only the token renewed before the end still works: the sign-in may well have ended on time.
    const expectedEnd = new Date(outlived.signedInAt.getTime() + outlived.durationMs);
    return `${signedIn}: the ${duration} ssoenv expected ended at ${formatLocalTime(expectedEnd, now)}, its access token works until ${formatLocalTime(outlived.lastTokenExpiresAt, now)} (then log in again; if it renews, ${fix})`;
  }
  return `${signedIn}, still working past the ${duration} ssoenv expected (${fix})`;
}
