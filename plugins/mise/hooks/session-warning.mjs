#!/usr/bin/env node
/**
 * Prints one quiet line on stderr when the AWS SSO session of this project's profiles ends within
 * `--within` (default 1h) or has ended (or there is none), and nothing otherwise. The end is known
 * for a session without a usable refresh token (its token's expiry) and for one ssoenv logged in
 * (its sign-in record and the session duration); see `dueSessions`.
 *
 * Run by hooks/session-warning from a mise `enter` hook, so it must be fast and must never break the
 * shell: it reads only the config and the SSO token cache (no network), and any error ends silently
 * with status 0.
 *
 * Usage: node session-warning.mjs [--within 1h] [--profile P]...
 * Profiles, first found: --profile flags; the `profile` and `env_files[].profile` of the ssoenv.toml
 * found upward from the working folder; SSOENV_PROFILE / AWS_PROFILE / AWS_DEFAULT_PROFILE /
 * "default" (as ssoenv resolves them).
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import module from "node:module";
import { dirname, isAbsolute, join } from "node:path";
import { parseArgs } from "node:util";

// Node >= 22.1 can cache compiled code between runs (a no-op on Node 20): this runs on every `cd`
// into the project, so start-up time matters. Hence the dynamic imports after enabling it.
module.enableCompileCache?.();

const DEFAULT_WITHIN_MS = 60 * 60 * 1000;
/** Answers the memo keeps (one per folder and environment), most recent first. */
const MEMO_ENTRIES = 32;

try {
  // What the last runs learned (profile names and expiry times, nothing secret), one answer per
  // folder and environment, each with the stamps of every file it read: while none changed, a run
  // needs only node:fs, not the rest of @ssoenv/core and the SDK's config reader, which is most of
  // the hook's time. Several answers, so moving between folders or projects keeps using them.
  // The memo is this hook's own file, in ssoenv's folder ~/.aws/ssoenv: found from HOME without
  // importing @ssoenv/core, which was most of a memo hit's own work (27-31 ms of 36-40 ms at load 12-16);
  // core's aws-paths decides only when HOME is unset or relative (and refuses it).
  const home = process.env.HOME;
  const stateDir =
    home && isAbsolute(home)
      ? join(home, ".aws", "ssoenv")
      : (await import("@ssoenv/core/internal/aws-paths")).ssoenvStateDir(process.env);
  const memoPath = join(stateDir, "session-warning-memo.json");
  const { values } = parseArgs({
    options: {
      within: { type: "string" },
      profile: { type: "string", multiple: true },
    },
    strict: false,
  });
  const withinMs = values.within ? await withinOption(String(values.within)) : DEFAULT_WITHIN_MS;
  const flagProfiles = values.profile?.length ? values.profile.map(String) : undefined;
  const key = JSON.stringify({
    cwd: process.cwd(),
    profiles: flagProfiles ?? null,
    SSOENV_PROFILE: process.env.SSOENV_PROFILE ?? null,
    AWS_PROFILE: process.env.AWS_PROFILE ?? null,
    AWS_DEFAULT_PROFILE: process.env.AWS_DEFAULT_PROFILE ?? null,
    AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE ?? null,
    // The session's length, when ssoenv's login record gives its start (core's sessionDuration).
    SSOENV_SESSION_DURATION: process.env.SSOENV_SESSION_DURATION ?? null,
  });
  const entries = readMemoEntries(memoPath);
  const statuses =
    memoAnswer(entries, key) ?? (await learnStatuses({ key, flagProfiles, memoPath, entries }));
  const due = statuses ? dueSessions({ statuses, withinMs, now: Date.now() }) : [];
  if (due.length > 0) {
    // ssoenv's colour rule (NO_COLOR, FORCE_COLOR, TERM=dumb, CI) and its way of saying how long is
    // left ("7h 59m", as `ssoenv status`), loaded only when there is a line.
    const [{ wantsColors }, { formatTimeLeft }] = await Promise.all([
      import("@ssoenv/core/internal/text/wants-colors"),
      import("@ssoenv/core/internal/text/format-time-left"),
    ]);
    const color = wantsColors({ env: process.env, isTTY: process.stderr.isTTY });
    for (const line of due.map((session) => warning(session, formatTimeLeft)))
      process.stderr.write(`${color ? `\u001b[33m${line}\u001b[39m` : line}\n`);
  }
} catch {
  // A shell hook stays quiet on errors: `mise run aws:doctor` explains config problems.
}

/** The memo's answers ({ key, stamps, statuses }), or none when it is missing or not this version's. */
function readMemoEntries(memoPath) {
  try {
    const memo = JSON.parse(readFileSync(memoPath, "utf8"));
    return memo.version === 5 && Array.isArray(memo.entries) ? memo.entries : [];
  } catch {
    return [];
  }
}

/**
 * The statuses of the answer for `key` when no file it depends on changed and no access token it
 * read has expired since (`untilMs`); else undefined.
 */
function memoAnswer(entries, key) {
  try {
    const entry = entries.find((candidate) => candidate.key === key);
    if (!entry || (entry.untilMs !== null && Date.now() >= entry.untilMs)) return undefined;
    for (const [path, seen] of entry.stamps) if (stamp(path) !== seen) return undefined;
    return entry.statuses;
  } catch {
    return undefined;
  }
}

/** Reads config, ssoenv.toml and token cache through @ssoenv/core, and memoizes what it found. */
async function learnStatuses({ key, flagProfiles, memoPath, entries }) {
  let core;
  try {
    // The two offline modules only, not the package index (which loads the login and AWS SDK
    // plumbing too): this is the slow path of a shell hook. aws-paths finds ~/.aws/config as ssoenv
    // does (AWS_CONFIG_FILE, a leading ~/ expanded).
    const [status, project, paths] = await Promise.all([
      import("@ssoenv/core/internal/cached-session-status"),
      import("@ssoenv/core/internal/project-config"),
      import("@ssoenv/core/internal/aws-paths"),
    ]);
    core = { ...status, ...project, ...paths };
  } catch {
    return undefined; // not installed next to this file: nothing to say in a shell hook
  }
  const configPath = core.configFilePath(process.env);
  // Stamped before reading, so a change made while we read invalidates the memo.
  const watched = [configPath];
  if (!flagProfiles) watched.push(...projectConfigCandidates(process.cwd()));
  const stamps = watched.map((path) => [path, stamp(path)]);
  // The profile `mise run aws:login` logs in without --profile: ssoenv.toml's, else the environment's.
  const { profiles, defaultProfile } = flagProfiles
    ? { profiles: flagProfiles, defaultProfile: null }
    : await projectProfiles(core);
  const statuses = [];
  // An answer is memoized only when the stamped files explain it all.
  let memoize = true;
  // And only until an access token it read expires: past ssoenv's estimate, a sign-in core cannot tell
  // from a later one (a record of an AWS CLI login, or one without its client) has no known end while
  // that token works, and has ended once it expired unrenewed (core then gives the end): no file changed.
  let untilMs = null;
  for (const profile of profiles) {
    let status;
    try {
      status = await core.getCachedSessionStatus({ profile, env: process.env });
    } catch (error) {
      // An unusable token cache file is not stamped (its path comes with the status): a login that
      // writes it anew must be seen, so this answer is not kept.
      if (error?.code === "TOKEN_CACHE_INVALID") memoize = false;
      continue; // unknown profile or unreadable config: not this hook's business
    }
    stamps.push([status.tokenCachePath, stamp(status.tokenCachePath)]);
    const tokenEndMs = status.accessTokenExpiresAt?.getTime();
    if (tokenEndMs > Date.now() && (untilMs === null || tokenEndMs < untilMs)) untilMs = tokenEndMs;
    stamps.push([status.signInRecordPath, stamp(status.signInRecordPath)]);
    statuses.push({
      profile: status.profile ?? profile,
      // One sign-in per token cache file (sso-session): what one login renews.
      session: status.tokenCachePath,
      isDefault: profile === defaultProfile,
      // A token is cached (it may have expired: then the warning says so, with its end).
      loggedIn: status.accessTokenExpiresAt !== undefined,
      // The sign-in's end: a non-refreshable token's expiry, or ssoenv's estimate from its login, also
      // while a token renewed before that end still works (the end this hook warned of the hour before).
      endsAtMs: endOf(status),
    });
  }
  if (!memoize) return statuses;
  const others = entries.filter((entry) => entry.key !== key);
  const entry = { key, stamps, untilMs, statuses };
  writeMemo(memoPath, { version: 5, entries: [entry, ...others].slice(0, MEMO_ENTRIES) });
  return statuses;
}

/** The sign-in's end in epoch ms as `status` tells it, or null when unknown. */
function endOf(status) {
  if (status.sessionEndsAt) return status.sessionEndsAt.getTime();
  const outlived = status.outlived;
  return outlived?.lastTokenExpiresAt ? outlived.signedInAt.getTime() + outlived.durationMs : null;
}

/**
 * Not core's atomic writer (writeFileAtomic, with its lock and fsync): a lost or torn memo costs
 * one slow run, never a wrong answer (a memo that does not parse is ignored), and the hook stays
 * off core's index on its fast path.
 */
function writeMemo(memoPath, memo) {
  try {
    mkdirSync(dirname(memoPath), { recursive: true, mode: 0o700 });
    const temp = `${memoPath}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(memo), { mode: 0o600 });
    renameSync(temp, memoPath);
  } catch {
    // Only a speed-up: the next run reads the files again.
  }
}

/** What identifies a file's content cheaply; "-" when it does not exist. */
function stamp(path) {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return "-";
  }
}

/** Every ssoenv.toml that could be found from `cwd` upward: creating one nearer changes the answer. */
function projectConfigCandidates(cwd) {
  const paths = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    paths.push(join(dir, "ssoenv.toml"));
    if (dirname(dir) === dir) return paths;
  }
}

/**
 * The SSO sessions to warn about, one per session (profiles sharing a session share one line), each
 * with the login that renews it: `mise run aws:login` logs in the project's default profile, so
 * another session's line names one of its profiles.
 */
function dueSessions({ statuses, withinMs, now }) {
  const bySession = new Map();
  for (const status of statuses) {
    // A refreshable session whose login ssoenv did not see has no known end: the cached expiry is
    // only the access token's (1 h on AWS), and warning on it would cry wolf at every `cd`.
    if (status.loggedIn && status.endsAtMs === null) continue;
    const expiresAtMs = status.loggedIn ? status.endsAtMs : undefined;
    const leftMs = expiresAtMs === undefined ? 0 : expiresAtMs - now;
    if (leftMs > withinMs) continue;
    const entry = bySession.get(status.session) ?? { expiresAtMs, leftMs, profiles: [], isDefault: false };
    if (!entry.profiles.includes(status.profile)) entry.profiles.push(status.profile);
    entry.isDefault ||= status.isDefault;
    bySession.set(status.session, entry);
  }
  return [...bySession.values()];
}

/** The line for one session from dueSessions. */
function warning({ expiresAtMs, leftMs, profiles: names, isDefault }, formatTimeLeft) {
  const who = `${names.length > 1 ? "profiles" : "profile"} ${names.join(", ")}`;
  const login = `Run: mise run aws:login${isDefault ? "" : ` --profile ${shellWord(names[0])}`}`;
  if (expiresAtMs === undefined) return `ssoenv: no AWS SSO session for ${who}. ${login}`;
  if (leftMs <= 0) return `ssoenv: the AWS SSO session for ${who} has expired. ${login}`;
  return `ssoenv: the AWS SSO session for ${who} ends in ${formatTimeLeft(leftMs)} (at ${clock(expiresAtMs)}). ${login}`;
}

/** `word` as a shell reads it back whole: single-quoted unless it is only letters, digits and _ . / : @ % + = , - */
function shellWord(word) {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The profiles `ssoenv refresh` would use here: ssoenv.toml's default and each env file's, else
 * [undefined], which lets core resolve SSOENV_PROFILE / AWS_PROFILE / AWS_DEFAULT_PROFILE /
 * "default"; and the default among them (undefined when it is the environment's).
 */
async function projectProfiles(core) {
  const project = await core.loadProjectConfig({ cwd: process.cwd() }).catch(() => undefined);
  if (!project) return { profiles: [undefined], defaultProfile: undefined };
  const names = [project.profile, ...project.envFiles.map((file) => file.profile ?? project.profile)];
  return { profiles: [...new Set(names)], defaultProfile: project.profile };
}

/**
 * --within as ssoenv reads a duration typed by a person ("90m", "1h30m"; bare digits have no unit). A
 * bad value is the one thing this hook does not keep quiet about: it would otherwise never warn. One
 * line, then the default.
 */
async function withinOption(text) {
  const { parseDurationSetting } = await import("@ssoenv/core/internal/parse-duration-setting");
  try {
    return parseDurationSetting({ value: text, setting: "--within" });
  } catch (error) {
    process.stderr.write(`ssoenv session-warning: ${error.message} (${error.hint}); using 1h\n`);
    return DEFAULT_WITHIN_MS;
  }
}

function clock(ms) {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}
