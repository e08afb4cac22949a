import { configFilePath } from "@ssoenv/core/internal/config/aws-paths";
import { skippedSsoSessionHeader } from "@ssoenv/core/internal/config/load-sso-sessions";
import { someNames } from "@ssoenv/core/internal/text/some-names";
import { listSignIns, type SignInInfo } from "@ssoenv/core/internal/token/list-sign-ins";
import { asRunnable } from "../as-runnable.js";
import { describeConfigFile, GET_PROFILES } from "../describe-config-file.js";
import { describeOutlived } from "../describe-session.js";
import { formatLeft, formatLocalTime } from "../format-time.js";
import { lowerFirst } from "../lower-first.js";
import { signInLoginCommand as loginCommand } from "../sign-in-login-command.js";

/** What `ssoenv sessions` does (its declaration, with options and help: sessions.ts). */
export async function runSessions(options: { json?: boolean }): Promise<void> {
  const signIns = await listSignIns();
  if (signIns.length === 0) {
    // `[sso-session  corp]`: the AWS CLI reads it, the SDKs and ssoenv skip it; "none" would be wrong.
    const skipped = await skippedSsoSessionHeader({ env: process.env });
    if (skipped) throw skipped;
  }
  const now = Date.now();
  if (options.json) {
    const rows = signIns.map((s) => ({
      ssoSession: s.ssoSession ?? null,
      startUrl: s.startUrl,
      ssoRegion: s.ssoRegion,
      signedIn: s.signedIn,
      signInEndsAt: s.signInEndsAt?.toISOString() ?? null,
      // A sign-in ssoenv logged in, renewing past its estimated end: not one it never saw (both have no end).
      outlived: s.outlived
        ? {
            signedInAt: s.outlived.signedInAt.toISOString(),
            expectedSeconds: Math.round(s.outlived.durationMs / 1000),
            setting: s.outlived.setting,
          }
        : null,
      tokenExpiresAt: s.tokenExpiresAt?.toISOString() ?? null,
      tokenCacheError: s.tokenCacheError ?? null,
      profiles: s.profiles.map((p) => p.name),
      signInOnlyProfiles: s.signInOnlyProfiles.map((p) => p.name),
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (signIns.length === 0) {
    const configPath = configFilePath(process.env);
    process.stdout.write(
      asRunnable(
        `No sso-session or SSO profile in ${await describeConfigFile(configPath)}: ${GET_PROFILES}\n`,
      ),
    );
    return;
  }
  for (const s of signIns) {
    const title = s.ssoSession ? `sso-session ${s.ssoSession}` : "legacy profiles";
    const state = s.tokenCacheError
      ? `not signed in: ${lowerFirst(s.tokenCacheError)} (${loginCommand(s)} replaces it)`
      : !s.signedIn
        ? `not signed in${s.signInEndsAt ? ` (ended ${formatLocalTime(s.signInEndsAt)})` : ""}`
        : s.signInEndsAt
          ? `signed in until ${formatLocalTime(s.signInEndsAt)} (${formatLeft(s.signInEndsAt.getTime() - now)})`
          : s.outlived
            ? describeOutlived(s.outlived)
            : "signed in (end unknown: not logged in by ssoenv)";
    // The commands in it (`ssoenv login --sso-session corp`) as the user's shell runs them (a mise task's).
    process.stdout.write(
      asRunnable(
        `${title}\n  start URL  ${s.startUrl} (${s.ssoRegion})\n  sign-in    ${state}\n  profiles   ${profilesLine(s)}\n`,
      ),
    );
  }
}

/** Profile names on one line of the text: after a `profiles sync` an sso-session has hundreds. */
const NAMES_SHOWN = 8;

/**
 * The profiles with a role, then those that only sign in (a legacy start URL's may have no other):
 * "dev, stg; codecatalyst (signs in only, no role)". "(none)" only when no profile names the sign-in.
 */
function profilesLine(signIn: SignInInfo): string {
  const withRole = signIn.profiles.map((p) => p.name);
  const signInOnly = signIn.signInOnlyProfiles.map((p) => p.name);
  if (signInOnly.length === 0) return profileNames(withRole);
  const only = `${someNames(signInOnly)} (${signInOnly.length === 1 ? "signs" : "sign"} in only, no role)`;
  return withRole.length === 0 ? only : `${profileNames(withRole)}; ${only}`;
}

/** Up to NAMES_SHOWN names (config order: your own profiles come before the generated block), then how many more. */
function profileNames(names: readonly string[]): string {
  if (names.length === 0) return "(none)";
  const shown = someNames(names, NAMES_SHOWN);
  return names.length > NAMES_SHOWN ? `${shown} (ssoenv profiles list; --json lists each)` : shown;
}
