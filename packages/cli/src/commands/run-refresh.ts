import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSsoProfile } from "@ssoenv/core/internal/config/load-sso-profile";
import { resolveProfileName } from "@ssoenv/core/internal/config/resolve-profile-name";
import { credentialEnv } from "@ssoenv/core/internal/credentials/credential-env";
import { countOwnedKeys, pruneOwnedKeys } from "@ssoenv/core/internal/env/owned-keys-record";
import { regionEnvNames, renameEnvKeys } from "@ssoenv/core/internal/env/rename-env-keys";
import { checkEnvFileTarget, updateEnvFile } from "@ssoenv/core/internal/env/update-env-file";
import { isSsoenvError, SsoenvError } from "@ssoenv/core/internal/errors";
import {
  loadProjectConfig,
  type ProjectConfig,
  type RenamableEnvName,
} from "@ssoenv/core/internal/project/load-project-config";
import { projectEnvFiles } from "@ssoenv/core/internal/project/project-env-files";
import { resolveProjectTargets } from "@ssoenv/core/internal/project/resolve-project-targets";
import type { Session } from "@ssoenv/core/internal/session/session-types";
import {
  ENDPOINT_ENV_NAMES,
  STATIC_CREDENTIAL_ENV_NAMES,
} from "@ssoenv/core/internal/sinks/serve/endpoint-env";
import {
  type BackgroundServer,
  ensureBackgroundServer,
} from "@ssoenv/core/internal/sinks/serve/ensure-background-server";
import { writeEndpointEnvFile } from "@ssoenv/core/internal/sinks/serve/write-endpoint-env-file";
import { someNames } from "@ssoenv/core/internal/text/some-names";
import { asRunnable } from "../as-runnable.js";
import { cancelOnSignal } from "../cancel-on-signal.js";
import type { SessionCommandOptions } from "../common-options.js";
import { describeError } from "../describe-error.js";
import { ensureSessionsFor } from "../ensure-session-for.js";
import { formatLeft, formatLocalTime } from "../format-time.js";
import { gitFileStates } from "../git-file-states.js";
import { gitWarning } from "../git-warning.js";
import { nameProjectProfile } from "../name-project-profile.js";
import { pathFromCwd } from "../path-from-cwd.js";
import { startPlainProgress } from "../plain-progress.js";
import { profileEnvWarning } from "../profile-env-warning.js";
import { readableByOthers } from "../readable-by-others.js";
import { resolveMinValidity } from "../resolve-min-validity.js";
import { colors, printError, printInfo, printWarning, stderrColors } from "../ui.js";

interface Target {
  path: string;
  profile: string;
  keys: Partial<Record<RenamableEnvName, string>>;
  /** "endpoint": the background ssoenv serve's URL and token instead of keys. */
  credentials: "keys" | "endpoint";
  /** The folder it must stay inside (targets named by ssoenv.toml). */
  within?: string;
}

/** Files written at once: enough to overlap the waits, few enough to keep memory flat at 10,000 files. */
const WRITE_CONCURRENCY = 8;

/** How the background server is started: this CLI's own binary. */
const CLI_BIN = fileURLToPath(new URL("../../bin/ssoenv.cjs", import.meta.url));

interface Failed {
  path: string;
  profile: string;
  error: unknown;
}

interface Written {
  path: string;
  profile: string;
  accountId: string;
  roleName: string;
  /** When the role credentials written expire. */
  expiresAt: Date;
  /** When the profile's sign-in ends (a login is needed again), when known. */
  sessionEndsAt?: Date;
  created: boolean;
  changedKeys: string[];
  /** The credentials endpoint the file points at (credentials = "endpoint"). */
  endpoint?: string;
}

/** What the run has done so far: the summary's material, and the count a cancel reports. */
interface RefreshOutcome {
  written: Written[];
  failed: Failed[];
  /** By path written: keys (or the endpoint) under the AWS names with an AWS_PROFILE beside them. */
  profileWarnings: Map<string, string>;
  /** Targets' order, by the path asked for and the path written (the summary keeps it). */
  indexOfPath: Map<string, number>;
}

/** The sign-ins' answers: a session per profile, or why there is none. */
interface SignedIn {
  sessions: Map<string, Session>;
  failedProfiles: Map<string, unknown>;
}

/** The background ssoenv serve the endpoint targets point at, or why it did not start. */
interface EndpointServer {
  server?: BackgroundServer;
  serverError?: unknown;
}

type RefreshOptions = SessionCommandOptions & { envFile?: string[]; json?: boolean };

/** What `ssoenv refresh` does (its declaration, with options and help: refresh.ts). */
export async function runRefresh(options: RefreshOptions): Promise<void> {
  const project = await loadProjectConfig({ env: process.env });
  // A bad --min-validity (or SSOENV_MIN_VALIDITY) is refused before anything else.
  resolveMinValidity({ flag: options.minValidity, project });
  const targets = await refreshTargets(options, project);
  const { writable, failed } = await checkTargets(targets, options, project);
  const outcome: RefreshOutcome = {
    written: [],
    failed,
    profileWarnings: new Map(),
    indexOfPath: new Map(targets.map((target, index) => [target.path, index])),
  };
  const recordsBefore = countOwnedKeys({ env: process.env });
  // Ctrl-C (SIGTERM, SIGHUP) anywhere from here to the summary ends as it does while waiting on AWS
  // (exit 130, 143, 129): a file's write under way finishes whole, a background server still starting
  // is stopped, no other step starts.
  const cancellation = cancelOnSignal();
  const cancelled = () => cancelledAfter(cancellation.signal, outcome.written.length, targets.length);
  try {
    await refreshFiles({ writable, options, project, outcome, signal: cancellation.signal, cancelled });
    // What ssoenv recorded of the regions it wrote to .env files that are gone since: forgotten, when
    // this refresh added records (the folder grows only then).
    pruneOwnedKeys({ env: process.env, before: recordsBefore });
    await reportRefresh({ targets, outcome, options, signal: cancellation.signal, cancelled });
  } finally {
    cancellation.dispose();
  }
}

/**
 * A target no write could succeed on (its folder missing, a directory, read-only...) fails now: before
 * a login for it, and before its credentials are fetched. Two profiles racing for one file would leave
 * whichever wrote last: refused instead (INVALID_ARGUMENT). One file may be named twice, or by two
 * paths (a symlink): each target is known by both.
 */
async function checkTargets(
  targets: Target[],
  options: RefreshOptions,
  project: ProjectConfig | undefined,
): Promise<{ writable: Target[]; failed: Failed[] }> {
  const failed: Failed[] = [];
  const writable: Target[] = [];
  const claimed = new Map<string, Target>();
  for (const target of targets) {
    let landing: string | undefined;
    let failure: unknown;
    try {
      landing = (
        await checkEnvFileTarget({ path: target.path, ...(target.within ? { within: target.within } : {}) })
      ).path;
    } catch (error) {
      failure = error;
    }
    const other = claimed.get(target.path) ?? (landing === undefined ? undefined : claimed.get(landing));
    if (other) {
      const also = other.path === target.path ? "" : ` (also as ${other.path})`;
      throw new SsoenvError("INVALID_ARGUMENT", `${target.path} is a refresh target twice${also}`, {
        hint: options.envFile?.length ? "give each file once" : `list it once in ${project?.path}`,
      });
    }
    claimed.set(target.path, target);
    if (landing !== undefined) claimed.set(landing, target);
    if (failure === undefined) writable.push(target);
    else failed.push({ path: target.path, profile: target.profile, error: failure });
  }
  return { writable, failed };
}

/** "cancelled (SIGTERM): 3 of 10 .env files written", with the signal for the exit code. */
function cancelledAfter(signal: AbortSignal, written: number, targets: number): SsoenvError {
  const count = (n: number) => n.toLocaleString("en-US");
  // cancelOnSignal's reason: "cancelled (SIGTERM)" and the signal, for the exit code.
  const reason: SsoenvError = signal.reason;
  return new SsoenvError(
    "CANCELLED",
    `${reason.message}: ${count(written)} of ${count(targets)} .env files written`,
    reason.signal ? { signal: reason.signal } : {},
  );
}

/** The sessions, the background server when a target needs it, then the writes, into `outcome`. */
async function refreshFiles(run: {
  writable: Target[];
  options: RefreshOptions;
  project: ProjectConfig | undefined;
  outcome: RefreshOutcome;
  signal: AbortSignal;
  cancelled: () => SsoenvError;
}): Promise<void> {
  const { writable, signal, cancelled } = run;
  const profiles = [...new Set(writable.map((target) => target.profile))];
  // Without a terminal (CI, a mise task's log), a line every 10 s (SSOENV_PROGRESS_INTERVAL) while
  // it waits: on AWS, on a login in another process, on a lock.
  let waitingFor = `getting credentials for ${profiles.join(", ")}`;
  const stopProgress = startPlainProgress(() => waitingFor);
  try {
    const signedIn = await signInProfiles(profiles, run.options, run.project);
    if (signal.aborted) throw cancelled();
    const endpoint = await startEndpointServer(writable, signedIn.sessions, signal, () => {
      waitingFor = "starting the background ssoenv serve";
    });
    if (signal.aborted) throw cancelled();
    let done = 0;
    waitingFor = `writing .env files: ${done}/${writable.length}`;
    const { outcome } = run;
    const order = (path: string) => outcome.indexOfPath.get(path) ?? 0;
    await forEachLimited(
      writable,
      WRITE_CONCURRENCY,
      async (target) => {
        const result = await writeTarget(target, signedIn, endpoint);
        if ("failure" in result) outcome.failed.push(result.failure);
        else {
          outcome.indexOfPath.set(result.written.path, order(target.path));
          if (result.profileWarning) outcome.profileWarnings.set(result.written.path, result.profileWarning);
          outcome.written.push(result.written);
        }
        waitingFor = `writing .env files: ${++done}/${writable.length}`;
      },
      signal,
    );
    if (signal.aborted) throw cancelled();
  } finally {
    stopProgress();
  }
}

/** One sign-in per sso-session: profiles sharing one log in once (core's ensureSessions). */
async function signInProfiles(
  profiles: string[],
  options: RefreshOptions,
  project: ProjectConfig | undefined,
): Promise<SignedIn> {
  const results = profiles.length
    ? await ensureSessionsFor({
        ...options,
        profiles,
        project: project ?? null,
        quietShortCredentials: true,
      })
    : [];
  const sessions = new Map<string, Session>();
  const failedProfiles = new Map<string, unknown>();
  for (const result of results) {
    if ("session" in result) sessions.set(result.profile, result.session);
    // A profile ssoenv.toml named (an entry's own, or its default when no --profile was typed).
    else
      failedProfiles.set(
        result.profile,
        project
          ? nameProjectProfile(result.error, {
              path: project.path,
              names: [
                ...project.envFiles.map((file) => file.profile),
                ...(options.profile ? [] : [project.profile]),
              ],
            })
          : result.error,
      );
  }
  // The default profile named by AWS_PROFILE (or SSOENV_PROFILE, AWS_DEFAULT_PROFILE) and missing from
  // the config: a leftover of another shell. Core, asked without a name, says so and to unset it.
  const named = options.profile ?? project?.profile;
  const notFound = failedProfiles.get(resolveProfileName({ profile: named }));
  if (!named && isSsoenvError(notFound, "PROFILE_NOT_FOUND")) {
    const fromEnv = await loadSsoProfile({}).then(
      () => notFound,
      (error: unknown) => error,
    );
    failedProfiles.set(resolveProfileName({}), fromEnv);
  }
  return { sessions, failedProfiles };
}

/** Files that get the endpoint need the background server, serving every profile they name. */
async function startEndpointServer(
  writable: Target[],
  sessions: Map<string, Session>,
  signal: AbortSignal,
  onStart: () => void,
): Promise<EndpointServer> {
  const endpointProfiles = [
    ...new Set(
      writable.filter((t) => t.credentials === "endpoint" && sessions.has(t.profile)).map((t) => t.profile),
    ),
  ];
  if (endpointProfiles.length === 0) return {};
  onStart();
  try {
    return {
      server: await ensureBackgroundServer({
        profiles: endpointProfiles,
        command: [process.execPath, "--", CLI_BIN],
        signal,
      }),
    };
  } catch (error) {
    return { serverError: error };
  }
}

/** Writes one target's keys (or the endpoint); its failure is this target's, not the command's. */
async function writeTarget(
  target: Target,
  signedIn: SignedIn,
  { server, serverError }: EndpointServer,
): Promise<{ written: Written; profileWarning?: string } | { failure: Failed }> {
  const failure = (error: unknown) => ({ failure: { path: target.path, profile: target.profile, error } });
  const session = signedIn.sessions.get(target.profile);
  if (!session) return failure(signedIn.failedProfiles.get(target.profile));
  if (target.credentials === "endpoint" && !server) return failure(serverError);
  const within = target.within ? { within: target.within } : {};
  try {
    const endpoint = server ? `${server.url}/profiles/${encodeURIComponent(target.profile)}` : undefined;
    const values = credentialEnv(session);
    const result =
      target.credentials === "endpoint" && server && endpoint
        ? await writeEndpointEnvFile({
            path: target.path,
            region: session.region,
            url: endpoint,
            token: server.token,
            keys: target.keys,
            ...within,
          })
        : await updateEnvFile({
            path: target.path,
            values: renameEnvKeys(values, target.keys),
            // A file ssoenv serve pointed at the endpoint: keys under the AWS names win over it in
            // every SDK, so it goes. Renamed keys leave the SDK's chain to the endpoint: it stays.
            remove: target.keys.AWS_ACCESS_KEY_ID ? [] : [...ENDPOINT_ENV_NAMES],
            // A profile without a region: the region ssoenv wrote for another one goes.
            owned: regionEnvNames(target.keys),
            // Recorded (no secret) so that ssoenv logout can take these keys back.
            credentials: {
              profile: target.profile,
              names: STATIC_CREDENTIAL_ENV_NAMES.filter((name) => Object.hasOwn(values, name)).map(
                (name) => target.keys[name] ?? name,
              ),
              accessKeyIdName: target.keys.AWS_ACCESS_KEY_ID ?? "AWS_ACCESS_KEY_ID",
              accessKeyId: session.credentials.accessKeyId,
            },
            ...within,
          });
    // Keys (or the endpoint) under the AWS names: an AWS_PROFILE beside them wins in the JS SDK.
    const profileWarning =
      target.credentials === "endpoint" || !target.keys.AWS_ACCESS_KEY_ID
        ? profileEnvWarning({
            path: result.path,
            profile: result.awsProfile,
            what: target.credentials === "endpoint" ? "endpoint" : "credentials",
          })
        : undefined;
    return {
      written: {
        path: result.path,
        profile: target.profile,
        accountId: session.accountId,
        roleName: session.roleName,
        expiresAt: session.credentialsExpireAt,
        ...(session.sessionEndsAt ? { sessionEndsAt: session.sessionEndsAt } : {}),
        created: result.created,
        changedKeys: result.changedKeys,
        ...(target.credentials === "endpoint" && endpoint ? { endpoint } : {}),
      },
      ...(profileWarning ? { profileWarning } : {}),
    };
  } catch (error) {
    // A file the system refused (EPERM, EROFS...) is this target's failure, not the command's.
    return failure(error);
  }
}

/** The summary, its warnings and the exit code. */
async function reportRefresh(report: {
  targets: Target[];
  outcome: RefreshOutcome;
  options: RefreshOptions;
  signal: AbortSignal;
  cancelled: () => SsoenvError;
}): Promise<void> {
  const { targets, options, signal } = report;
  const { written, failed, profileWarnings, indexOfPath } = report.outcome;
  const order = (path: string) => indexOfPath.get(path) ?? 0;
  written.sort((a, b) => order(a.path) - order(b.path));
  failed.sort((a, b) => order(a.path) - order(b.path));
  // The same error for several targets (one sign-in, one profile, one broken config file) is one
  // problem: said once, even when each profile raised its own copy. An unexpected error (a bug) is
  // a target's failure too: the targets already written are still reported.
  const problems = [
    ...new Map(
      failed.map((failure) => {
        const problem = describeError(failure.error);
        return [`${problem.code}\0${problem.message}`, problem] as const;
      }),
    ).values(),
  ];

  if (written.length === 0 && problems.length > 0) {
    // Nothing changed: each problem said once. Their exit code when they agree (2 usage, 3 login
    // needed, 1 failure), else 1: a mix has no single fix to point at. A script asking for JSON
    // still gets its document (every target under `failed`).
    if (options.json) printSummary({ written, failed, warnings: [], json: true, order });
    for (const problem of problems) printError(problem.message, problem.hint);
    const codes = new Set(problems.map((problem) => problem.exitCode));
    process.exitCode = codes.size === 1 ? [...codes][0] : 1;
    return;
  }

  // Every file is written, but git is still asked about them: a signal now says so, as during the writes.
  const states = await gitFileStates(
    written.map((file) => file.path),
    signal,
  );
  if (signal.aborted) throw report.cancelled();
  const warnings = written.flatMap((file) => {
    const warning = gitWarning(file.path, states.get(file.path));
    return warning ? [`${warning.problem}: ${warning.fix}`] : [];
  });
  for (const file of written) {
    const warning = profileWarnings.get(file.path);
    if (warning) warnings.push(warning);
  }
  for (const file of written) {
    const exposed = readableByOthers(file.path);
    if (exposed) warnings.push(exposed);
  }
  printSummary({ written, failed, warnings, json: Boolean(options.json), order });
  if (problems.length === 0) return;
  // Some targets were written, some not: "something failed" (1), whatever the failures were.
  for (const problem of problems) if (problem.hint) printInfo(`${stderrColors.dim("hint:")} ${problem.hint}`);
  printError(`${failed.length} of ${targets.length} refresh targets failed (the others were written)`);
  process.exitCode = 1;
}

/**
 * Targets: --env-file flags (the user's own choice: anywhere), else ssoenv.toml's [[env_files]] or the
 * .env beside it (inside the project only, checked before anything is fetched), else ./.env.
 */
async function refreshTargets(
  options: SessionCommandOptions & { envFile?: string[] },
  project: ProjectConfig | undefined,
): Promise<Target[]> {
  const defaultProfile = resolveProfileName({ profile: options.profile ?? project?.profile });
  if (options.envFile?.length) {
    return options.envFile.map((path) => ({
      path: resolve(path),
      profile: defaultProfile,
      keys: {},
      credentials: "keys" as const,
    }));
  }
  if (project) {
    return (await resolveProjectTargets({ project })).map((file) => ({
      path: file.path,
      profile: file.profile ?? defaultProfile,
      keys: file.keys,
      credentials: file.credentials,
      within: project.dir,
    }));
  }
  return projectEnvFiles({ project, cwd: process.cwd() }).map((file) => ({
    path: file.path,
    profile: defaultProfile,
    keys: file.keys,
    credentials: file.credentials,
  }));
}

/** Runs `fn` on every item, at most `limit` at a time; none starts once `signal` aborted. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function printSummary(summary: {
  written: Written[];
  failed: Failed[];
  warnings: string[];
  json: boolean;
  /** A target's place in the list. */
  order: (path: string) => number;
}): void {
  const { written, failed, warnings } = summary;
  if (summary.json) {
    const files = written.map((file) => ({
      path: file.path,
      profile: file.profile,
      accountId: file.accountId,
      roleName: file.roleName,
      credentialsExpireAt: file.expiresAt.toISOString(),
      sessionEndsAt: file.sessionEndsAt?.toISOString() ?? null,
      created: file.created,
      changedKeys: file.changedKeys,
      endpoint: file.endpoint ?? null,
    }));
    const failures = failed.map((failure) => {
      const { code, message, hint } = describeError(failure.error);
      return {
        path: failure.path,
        profile: failure.profile,
        // ssoenv's flags, and the command as the user's shell runs it (a mise task's), as on stderr.
        error: { code, message: asRunnable(message), ...(hint ? { hint: asRunnable(hint) } : {}) },
      };
    });
    process.stdout.write(`${JSON.stringify({ files, failed: failures, warnings }, null, 2)}\n`);
    return;
  }
  const lines = [
    ...written.map((file) => {
      const state = file.created ? "created" : file.changedKeys.length > 0 ? "updated" : "unchanged";
      const what = file.endpoint
        ? `endpoint ${file.endpoint} (renewed by ssoenv serve)`
        : `credentials until ${formatLocalTime(file.expiresAt)} (${formatLeft(file.expiresAt.getTime() - Date.now())})`;
      return {
        path: file.path,
        text: `${colors.green("✔")} ${pathFromCwd(file.path)} ${colors.dim(`(${state})`)}  ${file.profile}  ${file.accountId}  ${file.roleName}  ${what}`,
      };
    }),
    ...failed.map((failure) => ({
      path: failure.path,
      text: `${colors.red("✘")} ${pathFromCwd(failure.path)}  ${failure.profile}  ${asRunnable(describeError(failure.error).message)}`,
    })),
  ];
  // In the order of the targets, written or not.
  lines.sort((a, b) => summary.order(a.path) - summary.order(b.path));
  for (const line of lines) process.stdout.write(`${line.text}\n`);
  // The other clock that matters today: when the sign-in ends and refreshing needs a login again.
  const ends = new Map<number, Set<string>>();
  for (const file of written) {
    if (!file.sessionEndsAt) continue;
    const key = file.sessionEndsAt.getTime();
    ends.set(key, (ends.get(key) ?? new Set()).add(file.profile));
  }
  for (const [endMs, profiles] of ends) {
    // A day's refresh of twenty profiles: three named, the others counted, the line stays short.
    const names = someNames([...profiles]);
    process.stdout.write(
      `${colors.dim(`SSO sign-in of ${names} ends ${formatLocalTime(new Date(endMs))} (${formatLeft(endMs - Date.now())})`)}\n`,
    );
  }
  for (const warning of warnings) printWarning(warning);
}
