import { isSsoenvError, SsoenvError } from "@ssoenv/core/internal/errors";
import {
  type LogoutFile,
  type LogoutOutcome,
  type LogoutServer,
  logout,
} from "@ssoenv/core/internal/login/logout";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import { listSignIns } from "@ssoenv/core/internal/token/list-sign-ins";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { cancelOnSignal } from "../cancel-on-signal.js";
import { plainProgressIntervalMs } from "../plain-progress.js";
import { showProgress } from "../show-progress.js";
import { stoppedServerNote } from "../stopped-server-note.js";
import { printInfo, printWarning } from "../ui.js";

const SERVER_SAYS: Record<LogoutOutcome["server"], string> = {
  "signed-out": "signed out at AWS (every token of the sign-in ended)",
  "already-ended": "the sign-in had already ended at AWS",
  "no-token": "no cached sign-in",
  "not-a-sign-in": "ssoenv's other local state",
  "not-done": "AWS could not be reached: the server-side sign-out was NOT done",
};

/** What `ssoenv logout` does (its declaration, with options and help: logout.ts). */
export async function runLogout(options: {
  profile?: string;
  ssoSession?: string;
  all?: boolean;
}): Promise<void> {
  const named = [options.profile !== undefined, options.ssoSession !== undefined, options.all === true];
  if (named.filter(Boolean).length > 1) {
    throw new SsoenvError("INVALID_ARGUMENT", "Give only one of --profile, --sso-session and --all", {
      hint: "ssoenv logout --sso-session NAME   (or --profile NAME, or --all)",
    });
  }
  const project =
    options.profile || options.ssoSession || options.all
      ? undefined
      : await loadProjectConfig({ env: process.env });
  const profile = options.profile ?? project?.profile;
  // Ctrl-C (SIGTERM, SIGHUP) while AWS is asked to end a sign-in: "cancelled", exit 130 (143, 129),
  // that sign-in's files left as they were (core removes them only once AWS has answered for it).
  const cancellation = cancelOnSignal();
  // What a cancel part-way says: the sign-ins already logged out, the one AWS was ending.
  const done: LogoutOutcome[] = [];
  let ending: string | undefined;
  // While AWS ends a sign-in (a request, seconds on a slow network): nothing else is on screen. Its
  // interval read now: a bad SSOENV_PROGRESS_INTERVAL stops logout before it ends any sign-in.
  const progressIntervalMs = plainProgressIntervalMs();
  let stopProgress = () => {};
  const outcomes = await logout({
    ...(profile ? { profile } : {}),
    ...(options.ssoSession !== undefined ? { ssoSession: options.ssoSession } : {}),
    ...(options.all ? { all: true } : {}),
    signal: cancellation.signal,
    onProgress: (progress) => {
      if ("done" in progress) done.push(progress.done);
      ending = "ending" in progress ? progress.ending : undefined;
      stopProgress();
      stopProgress = ending
        ? showProgress(`${ending}: ending the sign-in at AWS`, {
            cancelsOnSignal: true,
            intervalMs: progressIntervalMs,
          })
        : () => {};
    },
  })
    .finally(() => {
      stopProgress();
      cancellation.dispose();
    })
    .catch(async (error: unknown) => {
      if (isSsoenvError(error, "CANCELLED") && (done.length > 0 || ending !== undefined)) {
        for (const outcome of done) printOutcome(outcome);
        throw cancelledPartWay(error, ending, options);
      }
      // No target named and no default SSO profile (none, or `[default]` with only a region):
      // `aws sso logout` would log out of everything, so name the targets there are rather than how
      // to name a profile or make [default] an SSO profile.
      const noDefault = isSsoenvError(error, "PROFILE_NOT_FOUND") || isSsoenvError(error, "NOT_SSO_PROFILE");
      if (profile || options.ssoSession !== undefined || !noDefault) throw error;
      const sessions = (await listSignIns().catch(() => [])).flatMap((s) =>
        s.ssoSession ? [s.ssoSession] : [],
      );
      throw new SsoenvError(error.code, error.message, {
        hint: `name what to log out of: ${sessions.length ? `ssoenv logout --sso-session ${sessions[0]}, ` : ""}ssoenv logout --profile NAME, or ssoenv logout --all (every sign-in, as aws sso logout)`,
        ...(error.profile ? { profile: error.profile } : {}),
        cause: error,
      });
    });
  if (outcomes.length === 0) printInfo("Nothing to log out of.");
  for (const outcome of outcomes) printOutcome(outcome);
  // SSO Logout ends the sign-in's tokens, not the STS credentials already minted from it.
  if (outcomes.some((o) => o.server !== "no-token" && o.server !== "not-a-sign-in")) {
    printInfo(
      "Role credentials already handed out (fetched earlier from ssoenv serve, given to ssoenv exec's command, copied elsewhere) stay valid until they expire: signing out does not end them.",
    );
  }
  // Offline: what is local is gone, but AWS still honours the sign-in's tokens elsewhere.
  if (outcomes.some((o) => o.server === "not-done")) process.exitCode = 1;
}

/** The sign-in's line: what AWS said and what was removed, then its servers. */
function printOutcome(outcome: LogoutOutcome): void {
  const line =
    outcome.server === "not-a-sign-in"
      ? `${SERVER_SAYS[outcome.server]}: ${describeRemoved(outcome.removed)}`
      : `${outcome.name}: ${SERVER_SAYS[outcome.server]}; ${describeRemoved(outcome.removed)}`;
  if (outcome.server === "not-done") {
    printWarning(`${line}. Run ssoenv logout again when online to end it at AWS.`);
  } else {
    printInfo(line);
  }
  for (const file of outcome.envFiles) {
    if (file.error) {
      printWarning(
        `could not remove the role credentials refresh wrote into ${file.path}: ${file.error.message}`,
      );
      process.exitCode = 1;
    } else {
      printInfo(`removed the role credentials refresh wrote into ${file.path}`);
    }
  }
  for (const server of outcome.servers) tellServer(server);
}

/**
 * A logout cancelled once it had begun: AWS may have ended the sign-in it was asked to end while its
 * token stays cached (its files go only once AWS has answered), and what is left needs the same
 * command again.
 */
function cancelledPartWay(
  error: SsoenvError,
  ending: string | undefined,
  options: { profile?: string; ssoSession?: string; all?: boolean },
): SsoenvError {
  const named = options.all
    ? " --all"
    : options.ssoSession !== undefined
      ? ` --sso-session ${shellWord(options.ssoSession)}`
      : options.profile !== undefined
        ? ` --profile ${shellWord(options.profile)}`
        : "";
  const underWay =
    ending === undefined
      ? ""
      : ` while AWS was ending the sign-in ${ending}: it may have ended there, but its token is still cached`;
  return new SsoenvError("CANCELLED", `${error.message}${underWay}`, {
    hint: `run ssoenv logout${named} again to finish`,
    ...(error.signal ? { signal: error.signal } : {}),
    cause: error,
  });
}

/** One line per `ssoenv serve` of the sign-in: stopped, or why it still runs and how to stop it. */
function tellServer(server: LogoutServer): void {
  const at = `ssoenv serve at ${server.url} (pid ${server.pid})`;
  if (server.result === "stopped") {
    printInfo(`stopped ${at}, ${stoppedServerNote(server, { afterLogin: true })}`);
    return;
  }
  if (server.result === "serves-others") {
    const ended = server.profiles.filter((name) => !server.otherProfiles.includes(name));
    printInfo(
      `${at} still runs: it also serves ${server.otherProfiles.join(", ")}, of another sign-in; it no longer hands out credentials for ${ended.join(", ")}. Stop it with ssoenv serve --stop --port ${server.port}`,
    );
    return;
  }
  if (server.result === "other-sign-in") {
    // Same name, another config: it serves a sign-in this logout did not end, which the user may not know.
    const names = server.otherProfiles.join(", ");
    const what =
      server.otherSignIns && server.otherSignIns.length > 0
        ? `where ${names} ${server.otherProfiles.length === 1 ? "is" : "are"} on ${server.otherSignIns.join(", ")}, another sign-in, still on`
        : `which cannot be read now, so its ${names} may be another sign-in`;
    printInfo(
      `${at} still runs: it reads another AWS config, ${server.configFile}, ${what}. Stop it with ssoenv serve --stop --port ${server.port}`,
    );
    return;
  }
  printWarning(
    server.result === "still-running"
      ? `${at} was sent SIGTERM but is still running after 5 s; kill ${server.pid} if it does not stop`
      : `${at} did not answer as recorded, so it was not signalled; if an ssoenv serve still runs there, stop it with kill ${server.pid}`,
  );
  process.exitCode = 1;
}

/** Each kind of file, in words: "1 …" for one file, "2 …" for more. */
const FILES_SAY: Record<LogoutFile["kind"], (count: number) => string> = {
  "sso-token": (n) => (n === 1 ? "the cached SSO token" : `${n} cached SSO tokens`),
  "sign-in-record": (n) => (n === 1 ? "ssoenv's record of the sign-in" : `ssoenv's records of ${n} sign-ins`),
  "credentials-cache": (n) => `ssoenv's cached role credentials for ${plural(n, "role")}`,
  "credential-process-record": (n) => `credential-process's records of ${plural(n, "profile")}`,
  "aws-cli-credentials": (n) => `the AWS CLI's cached role credentials for ${plural(n, "role")}`,
  "env-file-record": (n) => `refresh's records of the regions it wrote into ${plural(n, ".env file")}`,
};

/** "removed the cached SSO token, … and …", or that there was nothing to remove. */
function describeRemoved(files: LogoutFile[]): string {
  const counts = new Map<LogoutFile["kind"], number>();
  for (const file of files) counts.set(file.kind, (counts.get(file.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => FILES_SAY[kind](count));
  if (parts.length === 0) return "nothing cached to remove";
  const last = parts.pop() as string;
  return `removed ${parts.length > 0 ? `${parts.join(", ")} and ${last}` : last}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
