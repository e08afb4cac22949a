import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { sendAws } from "../aws/send-aws.js";
import { awsCliCacheDir, ssoCacheDir } from "../config/aws-paths.js";
import {
  type ClientSettings,
  loadConfigProfiles,
  loadCurrentClientSettings,
  loadSsoProfileToSignIn,
  type SsoProfile,
} from "../config/load-sso-profile.js";
import { ssoSessionNotFound } from "../config/load-sso-sessions.js";
import { credentialsCacheFolder, credentialsCachePath } from "../credentials/credentials-cache.js";
import { credentialProcessFolder, pointerLocations } from "../credentials/credentials-pointer.js";
import { ownedKeysFolder, readEnvFileRecords } from "../env/owned-keys-record.js";
import { updateEnvFile } from "../env/update-env-file.js";
import { fromFileSystemError, isSsoenvError, SsoenvError } from "../errors.js";
import { asCancelled } from "../session/as-cancelled.js";
import { signInRecordPath, signInRecordsFolder } from "../session/sign-in-record.js";
import { canRefresh } from "../token/can-refresh.js";
import { listSignIns, type SignInInfo } from "../token/list-sign-ins.js";
import { refreshSsoToken } from "../token/refresh-sso-token.js";
import { parseCacheDate, readSsoToken, type SsoToken, tokenCachePath } from "../token/sso-token-cache.js";
import { validateOptions } from "../validate-options.js";
import { awsCliAssumeRoleCachePaths, awsCliCredentialsCachePath } from "./aws-cli-credentials-cache.js";
import { type LogoutServer, stopSignInServers } from "./stop-sign-in-servers.js";

export type { LogoutServer } from "./stop-sign-in-servers.js";

export interface LogoutOptions {
  /** Log out the sign-in this profile uses (its sso-session: every profile on it). @default resolveProfileName() */
  profile?: string;
  /** Log out this sso-session. */
  ssoSession?: string;
  /** Log out every sign-in: each sso-session and legacy start URL, and every token left in the cache. */
  all?: boolean;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Stops it with `CANCELLED` (the signal's reason as `cause`). */
  signal?: AbortSignal;
  /**
   * Told as it goes, for a caller that may cancel: `ending` (the sign-in's name) before AWS is asked to
   * end a sign-in, so a cancel from then on may find it ended there with its token still cached;
   * `done` once a sign-in's files are removed (servers are stopped at the end, for all at once).
   */
  onProgress?: (progress: { ending: string } | { done: LogoutOutcome }) => void;
}

/** What happened to one sign-in. */
export interface LogoutOutcome {
  /** The sso-session's name, else the start URL. */
  name: string;
  startUrl: string;
  /**
   * `signed-out`: AWS ended the sign-in (every token of it); `already-ended`: AWS no longer knew the
   * token; `no-token`: nothing was cached; `not-done`: AWS could not be reached (offline), only the
   * local files were removed; `not-a-sign-in` (with `all`, named "(local files)"): what belongs to no
   * one sign-in, ssoenv's other records and servers.
   */
  server: "signed-out" | "already-ended" | "no-token" | "not-done" | "not-a-sign-in";
  /** Files removed, each with what it held. */
  removed: LogoutFile[];
  /**
   * The .env files `ssoenv refresh` wrote this sign-in's role credentials into, from which they were
   * removed (every other line kept), or which could not be written (`error`). A file whose key the
   * user changed since is left alone and not listed.
   */
  envFiles: { path: string; error?: SsoenvError }[];
  /**
   * The `ssoenv serve` processes that served its profiles: stopped, or left running when they serve
   * another sign-in too. With `all`, the last outcome also lists servers of no sign-in of the config.
   */
  servers: LogoutServer[];
}

/** A local file a logout removed. */
export interface LogoutFile {
  path: string;
  /**
   * `sso-token`: the SSO token cache the AWS CLI and SDKs share; `sign-in-record`: ssoenv's record of
   * when the sign-in started; `credentials-cache`: role credentials ssoenv cached (one file per role);
   * `credential-process-record`: which cached answer serves a profile (one per profile);
   * `aws-cli-credentials`: role credentials the AWS CLI v2 cached (an SSO role's, a role chain's hop's); `env-file-record` (with `all`): the
   * region keys `refresh` wrote into a .env file (one per file).
   */
  kind:
    | "sso-token"
    | "sign-in-record"
    | "credentials-cache"
    | "credential-process-record"
    | "aws-cli-credentials"
    | "env-file-record";
}

/**
 * Ends sign-ins at AWS (SSO `Logout`, which ends every access and refresh token of the sign-in) and
 * removes every local trace of them: the token cache file the AWS CLI and SDKs share, ssoenv's sign-in
 * record, credentials cache and credential-process's records of it (role chains over the sign-in
 * included), and the role credentials the AWS CLI cached from them (`~/.aws/cli/cache`: the SSO
 * roles', and each AssumeRole of a role chain over them). Then it stops the `ssoenv serve` processes serving only those sign-ins'
 * profiles (every one with `all`). Without a network the local files are still removed and the
 * outcome says the server-side sign-out was not done.
 *
 * @example await logout({ ssoSession: "corp" })
 * @throws SsoenvError `INVALID_ARGUMENT` (more than one of profile/ssoSession/all, or an unknown
 *   sso-session), `PROFILE_NOT_FOUND`, `NOT_SSO_PROFILE`, `CONFIG_INVALID` (a malformed config, or
 *   an `[sso-session ...]` header the AWS CLI reads as `ssoSession` and the SDKs skip, named by its line), `FILE_ACCESS_FAILED` (a local
 *   file it may not remove), `CANCELLED`.
 */
export async function logout(options: LogoutOptions = {}): Promise<LogoutOutcome[]> {
  validateOptions({
    fn: "logout",
    options,
    kinds: {
      profile: "string",
      ssoSession: "string",
      all: "boolean",
      signal: "signal",
      env: "env",
      onProgress: "function",
    },
    example: 'logout({ profile: "dev" })',
  });
  try {
    return await logoutUncancelled(options);
  } catch (error) {
    // A file it cannot remove (EACCES, EROFS...): FILE_ACCESS_FAILED naming it, as the CLI says it.
    throw asCancelled(options.signal, error, "logout") ?? fromFileSystemError(error) ?? error;
  }
}

async function logoutUncancelled(options: LogoutOptions): Promise<LogoutOutcome[]> {
  const env = options.env ?? process.env;
  const chosen = [options.profile !== undefined, options.ssoSession !== undefined, options.all === true];
  if (chosen.filter(Boolean).length > 1) {
    throw new SsoenvError("INVALID_ARGUMENT", "logout() takes only one of profile, ssoSession and all", {
      hint: 'e.g. logout({ ssoSession: "corp" }), logout({ profile: "dev" }) or logout({ all: true })',
    });
  }
  const signIns = await listSignIns({ env });
  let targets: SignInInfo[];
  if (options.all) {
    targets = signIns;
  } else if (options.ssoSession !== undefined) {
    const found = signIns.find((s) => s.ssoSession === options.ssoSession);
    if (!found) {
      // Names a header the AWS CLI reads and the SDKs skip (`[sso-session  corp]`) when there is one.
      const known = signIns.flatMap((s) => (s.ssoSession ? [s.ssoSession] : []));
      throw await ssoSessionNotFound({ name: options.ssoSession, known, env });
    }
    targets = [found];
  } else {
    const profile = await loadSsoProfileToSignIn({
      ...(options.profile ? { profile: options.profile } : {}),
      env,
    });
    // The profile's sign-in (by its token cache file): a profile that only signs in is on none's list.
    const key = tokenCachePath({ profile, env });
    targets = signIns.filter((s) => s.tokenCachePath === key);
  }
  // Role chains over these sign-ins: their cached role credentials are a trace of the sign-in too.
  const chains = (await loadConfigProfiles({ env })).flatMap((entry) =>
    "profile" in entry && entry.profile.roleChain ? [entry.profile] : [],
  );
  // SSO Logout goes where the current profile's clients go, as `aws sso logout` makes its client there.
  const settings = await loadCurrentClientSettings({ profile: options.profile, env });
  const outcomes: LogoutOutcome[] = [];
  const told: Told = { signal: options.signal, onProgress: options.onProgress };
  for (const target of targets) outcomes.push(await logoutOne(target, chains, env, settings, told));
  if (options.all) outcomes.push(...(await logoutStrays(env, outcomes, settings, told)));
  if (options.all) await removeAllSsoenvState(env, outcomes);
  // A server of an ended sign-in serves nothing any more: it goes, with its token, as the files did.
  const servers = await stopSignInServers({
    signIns: targets.map((target) => ({
      profiles: new Set(profilesOn(target, chains).map((p) => p.name)),
      ...(target.ssoSession ? { ssoSession: target.ssoSession } : {}),
      startUrl: target.startUrl,
    })),
    all: options.all === true,
    env,
  });
  for (const [index, list] of servers.bySignIn.entries())
    (outcomes[index] as LogoutOutcome).servers.push(...list);
  if (servers.others.length > 0) localFilesOutcome(outcomes).servers.push(...servers.others);
  return outcomes;
}

/** The sign-in's profiles and the role chains over them. */
function profilesOn(target: SignInInfo, chains: SsoProfile[]): SsoProfile[] {
  const chainsHere = chains.filter((chain) =>
    target.ssoSession
      ? chain.ssoSession === target.ssoSession
      : !chain.ssoSession && chain.startUrl === target.startUrl,
  );
  return [...target.profiles, ...chainsHere];
}

/** The outcome that tells what belongs to no one sign-in (made the first time). */
function localFilesOutcome(outcomes: LogoutOutcome[]): LogoutOutcome {
  const found = outcomes.find((outcome) => outcome.server === "not-a-sign-in");
  if (found) return found;
  const made: LogoutOutcome = {
    name: "(local files)",
    startUrl: "",
    server: "not-a-sign-in",
    removed: [],
    envFiles: [],
    servers: [],
  };
  outcomes.push(made);
  return made;
}

async function logoutOne(
  target: SignInInfo,
  chains: SsoProfile[],
  env: NodeJS.ProcessEnv,
  settings: ClientSettings,
  told: Told,
): Promise<LogoutOutcome> {
  const profile = inCurrentProfile(standIn(target), settings);
  const name = target.ssoSession ?? target.startUrl;
  const token = await readSsoToken({ profile, env }).catch(() => undefined);
  if (token) told.onProgress?.({ ending: name });
  const server = token ? await endSignIn(profile, token, env, told.signal) : "no-token";
  const files: LogoutFile[] = [
    { path: target.tokenCachePath, kind: "sso-token" },
    { path: signInRecordPath({ profile, env }), kind: "sign-in-record" },
    ...profilesOn(target, chains).flatMap((p): LogoutFile[] => [
      { path: credentialsCachePath({ profile: p, env }), kind: "credentials-cache" },
      { path: pointerLocations({ profileName: p.name, env }).pointerPath, kind: "credential-process-record" },
    ]),
    ...target.profiles.map(
      (p): LogoutFile => ({ path: awsCliCredentialsCachePath(p, env), kind: "aws-cli-credentials" }),
    ),
    // The AWS CLI answers a chain from these until they expire, whatever became of the sign-in.
    ...profilesOn(target, chains).flatMap((p) =>
      awsCliAssumeRoleCachePaths(p, env).map((path): LogoutFile => ({ path, kind: "aws-cli-credentials" })),
    ),
  ];
  const removed = await removeFiles(files);
  const profiles = new Set(profilesOn(target, chains).map((p) => p.name));
  return doneWith(told, {
    name,
    startUrl: target.startUrl,
    server,
    removed,
    envFiles: await takeBackEnvKeys(env, (profile) => profiles.has(profile)),
    servers: [],
  });
}

/** What logoutOne and logoutStrays get of the options. */
interface Told {
  signal: AbortSignal | undefined;
  onProgress: LogoutOptions["onProgress"];
}

/** The outcome, once the caller is told of it. */
function doneWith(told: Told, outcome: LogoutOutcome): LogoutOutcome {
  told.onProgress?.({ done: outcome });
  return outcome;
}

/** SSO Logout with the token (refreshed first when only its refresh token still works). */
async function endSignIn(
  profile: SsoProfile,
  token: SsoToken,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<LogoutOutcome["server"]> {
  try {
    let accessToken = token.accessToken;
    // An expired access token cannot log out, but the sign-in lives on in its refresh token.
    if (token.expiresAt.getTime() <= Date.now() && canRefresh(token)) {
      const refreshed = await refreshSsoToken({ profile, env, token, signal });
      if (!refreshed) return "already-ended";
      accessToken = refreshed.accessToken;
    }
    await sendAws(
      { profile, env, signal },
      {
        service: "sso",
        operation: "SSO Logout",
        knownErrors: ["UnauthorizedException"],
        attempts: 2,
        command: (sso) => new sso.LogoutCommand({ accessToken }),
      },
    );
    return "signed-out";
  } catch (error) {
    if ((error as { name?: string })?.name === "UnauthorizedException") return "already-ended";
    if (isSsoenvError(error, "ENDPOINT_UNREACHABLE")) return "not-done";
    if (signal?.aborted) throw error;
    // Any other failure: the local files still go; say the server-side sign-out was not done.
    return "not-done";
  }
}

/** With --all: tokens in the cache that no config entry names (another config, a deleted profile). */
async function logoutStrays(
  env: NodeJS.ProcessEnv,
  done: LogoutOutcome[],
  settings: ClientSettings,
  told: Told,
): Promise<LogoutOutcome[]> {
  const dir = ssoCacheDir(env);
  const names = await readdir(dir).catch(() => [] as string[]);
  const removedAlready = new Set(done.flatMap((o) => o.removed.map((file) => file.path)));
  const outcomes: LogoutOutcome[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!name.endsWith(".json") || removedAlready.has(path)) continue;
    const raw = await readJson(path);
    // Every file holding an access token goes, as with aws sso logout (client registrations stay).
    if (typeof raw?.accessToken !== "string") continue;
    const startUrl = typeof raw.startUrl === "string" ? raw.startUrl : "";
    // The file goes whatever AWS answered (`server`).
    const strayOutcome = async (server: LogoutOutcome["server"]) =>
      doneWith(told, {
        name: startUrl || name,
        startUrl,
        server,
        removed: await removeFiles([{ path, kind: "sso-token" }]),
        envFiles: [],
        servers: [],
      });
    // Read as readSsoToken reads it: an older "…UTC" form is a date, not an ended sign-in.
    const expiresAt = parseCacheDate(raw.expiresAt) ?? new Date(0);
    if (typeof raw.region !== "string") {
      // Without its region no SSO Logout can be sent: the AWS CLI, too, only removes the file.
      outcomes.push(await strayOutcome(expiresAt.getTime() > Date.now() ? "not-done" : "already-ended"));
      continue;
    }
    // readSsoToken needs a profile whose cache file is this one; the file itself is all we have
    const token: SsoToken = {
      startUrl,
      region: raw.region,
      accessToken: raw.accessToken,
      expiresAt,
      ...(typeof raw.refreshToken === "string" ? { refreshToken: raw.refreshToken } : {}),
      ...(typeof raw.clientId === "string" ? { clientId: raw.clientId } : {}),
      ...(typeof raw.clientSecret === "string" ? { clientSecret: raw.clientSecret } : {}),
    };
    const profile: SsoProfile = {
      name: startUrl || name,
      startUrl,
      ssoRegion: raw.region,
      accountId: "",
      roleName: "",
      legacy: true,
      ...settings,
    };
    // a refresh would write to the legacy cache path of this start URL, so log out with what is here
    const live = token.expiresAt.getTime() > Date.now();
    if (live) told.onProgress?.({ ending: profile.name });
    outcomes.push(
      await strayOutcome(live ? await endSignIn(profile, token, env, told.signal) : "already-ended"),
    );
  }
  return outcomes;
}

/**
 * With --all: ssoenv's whole credentials cache, sign-in records, credential-process pointers and
 * records of the regions refresh wrote (they name the .env files that got credentials), and the AWS
 * CLI's SSO credentials.
 */
async function removeAllSsoenvState(env: NodeJS.ProcessEnv, outcomes: LogoutOutcome[]): Promise<void> {
  // Keys of profiles no config names any more go too, before their records do.
  const envFiles = await takeBackEnvKeys(env, () => true);
  if (envFiles.length > 0) localFilesOutcome(outcomes).envFiles.push(...envFiles);
  const files: LogoutFile[] = [];
  const folders: [string, LogoutFile["kind"]][] = [
    [credentialsCacheFolder(env), "credentials-cache"],
    [signInRecordsFolder(env), "sign-in-record"],
    [credentialProcessFolder(env), "credential-process-record"],
    [ownedKeysFolder(env), "env-file-record"],
  ];
  for (const [dir, kind] of folders) {
    for (const name of await readdir(dir).catch(() => [] as string[]))
      files.push({ path: join(dir, name), kind });
  }
  const cliCache = awsCliCacheDir(env);
  for (const name of await readdir(cliCache).catch(() => [] as string[])) {
    const path = join(cliCache, name);
    if ((await readJson(path))?.ProviderType === "sso") files.push({ path, kind: "aws-cli-credentials" });
  }
  const removed = await removeFiles(files);
  if (removed.length > 0) localFilesOutcome(outcomes).removed.push(...removed);
}

/** The profile with the current profile's client settings instead of its own. */
function inCurrentProfile(profile: SsoProfile, settings: ClientSettings): SsoProfile {
  const {
    useDualstackEndpoint: _d,
    useFipsEndpoint: _f,
    caBundle: _c,
    maxAttempts: _m,
    retryMode: _r,
    endpointConfig: _e,
    ...rest
  } = profile;
  return { ...rest, ...settings };
}

/** A profile-shaped key for the sign-in (the token cache and sign-in record are keyed by it). */
function standIn(target: SignInInfo): SsoProfile {
  return (
    target.profiles[0] ?? {
      name: target.ssoSession ?? target.startUrl,
      ...(target.ssoSession ? { ssoSession: target.ssoSession } : {}),
      startUrl: target.startUrl,
      ssoRegion: target.ssoRegion,
      accountId: "",
      roleName: "",
      legacy: !target.ssoSession,
    }
  );
}

/**
 * Removes from the .env files refresh wrote them into the role credentials of the profiles `of`
 * takes, where the file still holds the access key id written (a key the user wrote since stays),
 * through the writer refresh uses (every other line kept, atomic, locked). A file gone is skipped.
 */
async function takeBackEnvKeys(
  env: NodeJS.ProcessEnv,
  of: (profile: string) => boolean,
): Promise<LogoutOutcome["envFiles"]> {
  const done: LogoutOutcome["envFiles"] = [];
  for (const record of await readEnvFileRecords({ env })) {
    if (!record.credentials || !of(record.credentials.profile)) continue;
    if (
      !(await readFile(record.path).then(
        () => true,
        () => false,
      ))
    )
      continue;
    try {
      const result = await updateEnvFile({
        path: record.path,
        values: {},
        takeBack: record.credentials,
        env,
      });
      if (result.changedKeys.length > 0) done.push({ path: result.path });
    } catch (error) {
      if (!isSsoenvError(error)) throw error;
      done.push({ path: record.path, error });
    }
  }
  return done;
}

/** Removes the files (each path once); returns those that were there. */
async function removeFiles(files: LogoutFile[]): Promise<LogoutFile[]> {
  const removed: LogoutFile[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    const existed = await readFile(file.path).then(
      () => true,
      () => false,
    );
    await rm(file.path, { force: true });
    if (existed) removed.push(file);
  }
  return removed;
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, "utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
