import type { AwsFailureKind } from "@ssoenv/core/internal/aws/call-aws";
import { resolveProfileName } from "@ssoenv/core/internal/config/resolve-profile-name";
import { isSsoenvError } from "@ssoenv/core/internal/errors";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import { getCachedSessionStatus } from "@ssoenv/core/internal/session/get-cached-session-status";
import type { Session } from "@ssoenv/core/internal/session/session-types";
import { formatTimeLeft } from "@ssoenv/core/internal/text/format-time-left";
import { asRunnable } from "../as-runnable.js";
import { type DescribedError, describeError } from "../describe-error.js";
import { describeOutlived } from "../describe-session.js";
import { ensureSessionFor } from "../ensure-session-for.js";
import { envKeysWarning } from "../env-keys-warning.js";
import { expiredEnvFileWarning, findExpiredEnvFiles } from "../expired-env-files.js";
import { formatLeft, formatLocalTime } from "../format-time.js";
import { pathFromCwd } from "../path-from-cwd.js";
import { projectProfileWarning } from "../project-profile-warning.js";
import { SIGN_IN_WARN_BELOW_MS } from "../sign-in-warn-below.js";
import { colors, printWarning } from "../ui.js";

/** What `ssoenv status` does (its declaration, with options and help: status.ts). */
export async function runStatus(options: { profile?: string; json?: boolean }): Promise<void> {
  const project = await loadProjectConfig({ env: process.env });
  const named = options.profile ?? project?.profile;
  const profile = resolveProfileName({ profile: named });
  let session: Session | undefined;
  let problem: DescribedError | undefined;
  // ENDPOINT_UNREACHABLE is also AWS answering with no credentials (throttled, a 5xx): its cause tells.
  let failure: AwsFailureKind | undefined;
  try {
    // Never logs in, terminal or not: status answers "not logged in" instead (exit 3, from the one mapping).
    // The name as given (or none): core then knows a profile from AWS_PROFILE came from there.
    session = await ensureSessionFor({
      ...(named ? { profile: named } : {}),
      input: false,
      login: false,
      project: project ?? null,
      minValidity: 0,
      quietEnvironmentWarnings: true, // among status's own warnings below
    });
  } catch (error) {
    // Offline, what is cached (when the sign-in ends) still answers "how long is my day" (exit 1).
    if (!isSsoenvError(error, "LOGIN_REQUIRED") && !isSsoenvError(error, "ENDPOINT_UNREACHABLE")) {
      throw error;
    }
    problem = describeError(error);
    if (isSsoenvError(error, "ENDPOINT_UNREACHABLE")) {
      // Loaded only here: a config error before any call to AWS loads nothing that calls it.
      const { classifyAwsError } = await import("@ssoenv/core/internal/aws/call-aws");
      failure = classifyAwsError(error.cause);
    }
  }
  const offline = problem?.code === "ENDPOINT_UNREACHABLE";
  // A broken token cache file is "not logged in", which the check above said naming the file.
  const cached = await getCachedSessionStatus({ profile }).catch((error: unknown) => {
    if (isSsoenvError(error, "TOKEN_CACHE_INVALID")) return undefined;
    throw error;
  });
  const now = Date.now();
  const credLeftMs = session ? session.credentialsExpireAt.getTime() - now : undefined;
  // The wall: the end of the sign-in (a non-refreshable token's expiry, or ssoenv's estimate).
  // The access token's own hour is not shown: it renews itself until then.
  const sessionEndsAt = session?.sessionEndsAt ?? cached?.sessionEndsAt;
  const sessionLeftMs = sessionEndsAt ? sessionEndsAt.getTime() - now : undefined;
  // A sign-in ssoenv recorded, still working past the end it estimated: the duration setting is short.
  const outlived = session?.outlived ?? cached?.outlived;
  const warnings: string[] = [];
  const keysWarning = envKeysWarning({ profile: named });
  if (keysWarning) warnings.push(keysWarning);
  const projectWarning = projectProfileWarning({ profile: options.profile, project });
  if (projectWarning) warnings.push(projectWarning);
  // The cache's credentials are fresh, but the project's tools read the keys of its .env files.
  for (const file of await findExpiredEnvFiles(project)) {
    const { problem, fix } = expiredEnvFileWarning(pathFromCwd(file.path), file);
    warnings.push(`${problem}: write new ones (${fix})`);
  }
  if (session && sessionEndsAt && sessionLeftMs !== undefined && sessionLeftMs < SIGN_IN_WARN_BELOW_MS) {
    // The end can pass during the command, after the check found it ahead.
    const when =
      sessionLeftMs > 0
        ? `ends in ${formatTimeLeft(sessionLeftMs)}`
        : `ended at ${formatLocalTime(sessionEndsAt)}`;
    warnings.push(
      `the SSO session ${when}: log in again before long jobs (ssoenv login --profile ${profile})`,
    );
  }
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          profile,
          loggedIn: Boolean(session),
          accountId: session?.accountId ?? null,
          roleName: session?.roleName ?? null,
          arn: session?.identity.arn ?? null,
          region: session?.region ?? null,
          sessionEndsAt: sessionEndsAt?.toISOString() ?? null,
          // Not logged in: nothing is left, whatever ssoenv's estimate of the end said (AWS ended it
          // sooner). Offline, AWS was not asked: the cached estimate stands.
          sessionSecondsLeft:
            session || offline || sessionLeftMs === undefined ? secondsLeft(sessionLeftMs) : 0,
          signedInAt: cached?.signedInAt?.toISOString() ?? null,
          canRefresh: cached?.hasRefreshToken ?? false,
          credentialsExpireAt: session?.credentialsExpireAt.toISOString() ?? null,
          credentialsSecondsLeft: secondsLeft(credLeftMs),
          warnings,
          ...(problem
            ? {
                error: {
                  code: problem.code,
                  // ssoenv's flags, and the command as the user's shell runs it (a mise task's), as on stderr.
                  message: asRunnable(problem.message),
                  ...(problem.hint ? { hint: asRunnable(problem.hint) } : {}),
                },
              }
            : {}),
        },
        null,
        2,
      )}\n`,
    );
  } else if (session) {
    const line = (label: string, value: string) =>
      process.stdout.write(`${colors.dim(label.padEnd(12))}${value}\n`);
    line("profile", profile);
    line("identity", session.identity.arn);
    line("account", session.accountId);
    line("role", session.roleName);
    if (session.region) line("region", session.region);
    if (sessionEndsAt && sessionLeftMs !== undefined) {
      const since = cached?.signedInAt ? `, signed in at ${formatLocalTime(cached.signedInAt)}` : "";
      line("sso session", `${formatLeft(sessionLeftMs)} (until ${formatLocalTime(sessionEndsAt)}${since})`);
    } else if (outlived) {
      line("sso session", describeOutlived(outlived));
    } else {
      // Refreshable, and ssoenv did not see the login (`aws sso login`, say): no file records when it ends.
      line(
        "sso session",
        "signed in; its end is unknown (ssoenv did not see the login: `ssoenv login` records it)",
      );
    }
    if (credLeftMs !== undefined) {
      line(
        "credentials",
        `${formatLeft(credLeftMs)} (until ${formatLocalTime(session.credentialsExpireAt)})`,
      );
    }
    for (const warning of warnings) printWarning(warning);
  } else if (offline) {
    const what =
      failure === "throttled"
        ? "AWS throttled the request"
        : failure === "server"
          ? "AWS answered with a server error"
          : "AWS could not be reached";
    process.stdout.write(`profile ${profile}: ${colors.yellow(what)}\n`);
    if (sessionEndsAt && sessionLeftMs !== undefined) {
      process.stdout.write(
        `${colors.dim("sso session".padEnd(12))}${sessionLeftMs > 0 ? `${formatTimeLeft(sessionLeftMs)} left (until ${formatLocalTime(sessionEndsAt)}, cached)` : `ended ${formatLocalTime(sessionEndsAt)} (cached)`}\n`,
      );
    }
  } else {
    // The sign-in ssoenv recorded has ended (the day's end, or the morning after): say when.
    const ended =
      sessionEndsAt && sessionLeftMs !== undefined && sessionLeftMs <= 0
        ? ` (the sign-in ended ${formatLocalTime(sessionEndsAt)})`
        : "";
    process.stdout.write(`profile ${profile}: ${colors.red("not logged in")}${ended}\n`);
  }
  if (problem) {
    // An offline hint is advice, not a command.
    const lead = offline ? " — " : " — run: ";
    if (!options.json) printWarning(`${problem.message}${problem.hint ? `${lead}${problem.hint}` : ""}`);
    process.exitCode = problem.exitCode;
  }
}

function secondsLeft(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.max(0, Math.floor(ms / 1000));
}
