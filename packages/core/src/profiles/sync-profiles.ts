import { constants } from "node:fs";
import { access, readFile, realpath, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { configFilePath } from "../config/aws-paths.js";
import { loadCurrentClientSettings } from "../config/load-sso-profile.js";
import {
  loadSsoSessions,
  type SsoSessionConfig,
  ssoSessionAsProfile,
  ssoSessionNotFound,
} from "../config/load-sso-sessions.js";
import { loginTarget } from "../config/login-target.js";
import { isRegionName } from "../config/region-name.js";
import { isSsoenvError, SsoenvError } from "../errors.js";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { asCancelled } from "../session/as-cancelled.js";
import { ensureSsoToken } from "../session/ensure-sso-token.js";
import { isInteractive } from "../session/is-interactive.js";
import type { LoginMethod, LoginPrompt, SessionEvent } from "../session/session-types.js";
import { TokenRejectedError } from "../session/token-rejected-error.js";
import { callOption } from "../text/call-option.js";
import { validateOptions } from "../validate-options.js";
import {
  assertOnlyGeneratedSections,
  findGeneratedBlocks,
  type GeneratedBlock,
  type GeneratedProfile,
} from "./generated-block.js";
import type { AccountRole, ListingProgress } from "./list-account-roles.js";
import { type ProfilesSyncPlan, planProfilesSync } from "./plan-profiles-sync.js";
import { NAME_TEMPLATE_OPTION, type NameTemplate, parseNameTemplate } from "./profile-name-template.js";
import { NAME_TEMPLATE_KEY } from "./sync-defaults.js";

/** Options of {@link syncProfiles}. */
export interface SyncProfilesOptions {
  /** The sso-session to sync. @default every sso-session of the config file, in file order */
  ssoSession?: string;
  /** Remove generated profiles whose account or role is no longer assigned. @default false */
  prune?: boolean;
  /** Compute and return the diff; write nothing. @default false */
  dryRun?: boolean;
  /**
   * Profile name template (placeholders {account_name}, {account_id}, {role_name}, {sso_session}), recorded
   * in the block so that the next syncs keep it.
   * @default the sso-session's `ssoenv_profile_name_template`, else the template the block records, else
   *   "{account_name}.{role_name}"
   */
  nameTemplate?: string;
  /**
   * `region` of every generated profile, recorded in the block for the next syncs.
   * @default each keeps the region it had; new ones get the region the block records (none before a --region)
   */
  region?: string;
  /** Requests in flight at once. @default 8 */
  concurrency?: number;
  /** A user is present to log in. @default stdin and stderr are terminals and this is no CI job (as ensureSession) */
  interactive?: boolean;
  /** How to log in when needed; `false` never logs in. @default "auto" */
  login?: LoginMethod | false;
  /** Never open a browser for a login; show the URL and code only (device code). @default false */
  noBrowser?: boolean;
  /** How long to wait for another sync of the same file. @default 30_000 */
  lockTimeoutMs?: number;
  /** Shows the URL (and the device code) of a native login. @default prints them on stderr */
  onPrompt?: (prompt: LoginPrompt) => void;
  /** Progress, for spinners and logs (see `SessionEvent`). */
  onEvent?: (event: SessionEvent) => void;
  /** Called as accounts' roles are listed. */
  onProgress?: (progress: ListingProgress & { ssoSession: string }) => void;
  /** Stops the listing, a login or a wait for a lock with `CANCELLED` (the signal's reason as `cause`). */
  signal?: AbortSignal;
  /** HOME, AWS_CONFIG_FILE, AWS_ENDPOINT_URL_SSO... @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** What a sync did (or, dry, would do) to one sso-session's block: its plan, without the file's text. */
export interface SyncedSession extends Omit<ProfilesSyncPlan, "text"> {
  ssoSession: string;
}

/** Result of {@link syncProfiles}. */
export interface SyncProfilesResult {
  configPath: string;
  /** True when the file was rewritten (never in a dry run, nor when nothing changed). */
  written: boolean;
  /** Dry run: the unified diff of the config file (empty when nothing would change); otherwise "". */
  diff: string;
  sessions: SyncedSession[];
  /**
   * Blocks whose sso-session the file no longer has, left as they are (none took them over: several such
   * blocks or sso-sessions without one, or none of its roles listed): their profiles do not work (the AWS
   * CLI: "The specified sso-session does not exist").
   */
  orphanedBlocks: { ssoSession: string; profiles: number }[];
}

/**
 * `ssoenv profiles sync`: a profile for every account x role you are assigned, in a marked block per
 * sso-session of `~/.aws/config` (or `AWS_CONFIG_FILE`). Logs in first when needed (as every command),
 * lists every account and role (all pages, in parallel, retrying throttling), then rewrites only the
 * block, atomically, under a lock against a concurrent sync, keeping the file's mode. Every byte
 * outside the block stays, and so do the lines you added to a generated profile (`output = json`); a role that a hand-written profile on the same sso-session already covers
 * is not generated; a second run with nothing changed writes nothing.
 *
 * @example const { sessions } = await syncProfiles({ ssoSession: "corp", prune: true });
 * @throws SsoenvError `INVALID_ARGUMENT` (unknown sso-session, bad template or region),
 *   `CONFIG_INVALID` (no sso-session, a broken generated block, a bad template key),
 *   `CONFIG_UNWRITABLE`, `LOCK_TIMEOUT`, `LOGIN_REQUIRED`, `ENDPOINT_UNREACHABLE`, `CANCELLED` (the `signal`
 *   aborted; its reason is the `cause`), and login errors.
 *   The file is unchanged when it throws.
 */
export async function syncProfiles(options: SyncProfilesOptions = {}): Promise<SyncProfilesResult> {
  validateOptions({
    fn: "syncProfiles",
    options,
    kinds: {
      ssoSession: "string",
      prune: "boolean",
      dryRun: "boolean",
      nameTemplate: "string",
      region: "string",
      concurrency: "number",
      interactive: "boolean",
      login: "any",
      noBrowser: "boolean",
      lockTimeoutMs: "number",
      onProgress: "function",
      onPrompt: "function",
      onEvent: "function",
      signal: "signal",
      env: "env",
    },
    example: 'syncProfiles({ ssoSession: "corp" })',
  });
  try {
    return await syncProfilesUncancelled(options);
  } catch (error) {
    throw asCancelled(options.signal, error, "syncProfiles") ?? error;
  }
}

async function syncProfilesUncancelled(options: SyncProfilesOptions): Promise<SyncProfilesResult> {
  const env = options.env ?? process.env;
  const configPath = configFilePath(env);
  const { sessions, all } = await selectSessions(options.ssoSession, env);
  if (options.region !== undefined && !isRegionName(options.region)) {
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${callOption("region", options.region)} is not an AWS region`,
      {
        hint: "use a region code such as eu-west-1 or us-east-1",
      },
    );
  }
  // Checked before any request: a bad file fails in milliseconds, not after a login and a listing.
  const original = await readConfigText(configPath);
  const blocks = findGeneratedBlocks({ text: original, configPath });
  const adoptions = findAdoptions(blocks, all);
  // Left out: a block taken over now, or one an sso-session not synced this time may take over.
  const orphanedBlocks = (synced: SyncedSession[]) =>
    blocks
      .filter((b) => !all.some((s) => s.name === b.ssoSession))
      .filter((b) => !synced.some((s) => s.adoptedFrom === b.ssoSession))
      .filter(
        (b) =>
          ![...adoptions].some(
            ([heir, from]) => from === b.ssoSession && !synced.some((s) => s.ssoSession === heir),
          ),
      )
      .map((b) => ({ ssoSession: b.ssoSession, profiles: b.profiles.length }));
  const blockOf = (session: string) =>
    blocks.find((b) => b.ssoSession === session) ??
    blocks.find((b) => b.ssoSession === adoptions.get(session));
  for (const block of blocks) {
    if (!sessions.some((s) => blockOf(s.name) === block)) continue;
    assertOnlyGeneratedSections(block, configPath);
    if (block.settings.region !== undefined && !isRegionName(block.settings.region)) {
      throw new SsoenvError(
        "CONFIG_INVALID",
        `${configPath}: the generated block of sso-session ${block.ssoSession} records region "${block.settings.region}", which is not an AWS region`,
        { hint: "run ssoenv profiles sync --region REGION to record another, e.g. --region eu-west-1" },
      );
    }
  }
  const templates = new Map(
    sessions.map((s) => [s.name, templateFor(s, options.nameTemplate, configPath, blockOf(s.name))]),
  );
  if (!options.dryRun) await assertWritable(configPath);

  const interactive = options.interactive ?? isInteractive();
  const listings = new Map<string, AccountRole[]>();
  for (const session of sessions) {
    try {
      listings.set(session.name, await listSession(session, { ...options, env, interactive }));
    } catch (error) {
      throw options.ssoSession === undefined ? withSyncOthersHint(error, session, sessions) : error;
    }
  }

  const apply = (text: string) => {
    const synced: SyncedSession[] = [];
    for (const session of sessions) {
      const template = templates.get(session.name) as NameTemplate;
      const plan = planProfilesSync({
        text,
        configPath,
        ssoSession: { name: session.name, startUrl: session.startUrl },
        // The file is handled as latin1 (one char per byte, so unknown bytes survive): names too.
        listing: (listings.get(session.name) ?? []).map((pair) => ({
          accountId: pair.accountId,
          accountName: toLatin1(pair.accountName),
          roleName: toLatin1(pair.roleName),
        })),
        template,
        templateErrorCode: template.source === NAME_TEMPLATE_OPTION ? "INVALID_ARGUMENT" : "CONFIG_INVALID",
        region: options.region,
        prune: Boolean(options.prune),
        adopt: adoptions.get(session.name),
      });
      text = plan.text;
      synced.push({
        ssoSession: session.name,
        profiles: plan.profiles.map(fromLatin1Profile),
        added: plan.added,
        unchanged: plan.unchanged,
        updated: plan.updated,
        lost: plan.lost.map(fromLatin1Profile),
        removed: plan.removed.map(fromLatin1Profile),
        handWritten: plan.handWritten.map(fromLatin1),
        replacedByHand: plan.replacedByHand.map(fromLatin1Profile),
        renamed: plan.renamed,
        brokenSourceProfiles: plan.brokenSourceProfiles,
        ...(plan.adoptedFrom !== undefined ? { adoptedFrom: plan.adoptedFrom } : {}),
      });
    }
    return { text, synced };
  };

  if (options.dryRun) {
    const { text, synced } = apply(original);
    return {
      configPath,
      written: false,
      diff: await unifiedDiff(configPath, original, text),
      sessions: synced,
      orphanedBlocks: orphanedBlocks(synced),
    };
  }
  return withConfigLock(configPath, options.lockTimeoutMs ?? 30_000, async () => {
    // Read again under the lock: another sync (or an editor) may have written meanwhile.
    const before = await readConfigText(configPath);
    const { text, synced } = apply(before);
    if (text === before) {
      return {
        configPath,
        written: false,
        diff: "",
        sessions: synced,
        orphanedBlocks: orphanedBlocks(synced),
      };
    }
    try {
      await writeFileAtomic(configPath, Buffer.from(text, "latin1"));
    } catch (error) {
      // Ctrl-C mid-write: the signal's handler removed the temp file (the config is left as it was),
      // so the rename failed: the cancel, not the file, is the cause.
      throw asCancelled(options.signal, error, "syncProfiles") ?? unwritable(configPath, error);
    }
    // The diff is for dry runs: on 900 profiles it costs more than the write.
    return { configPath, written: true, diff: "", sessions: synced, orphanedBlocks: orphanedBlocks(synced) };
  });
}

async function selectSessions(
  name: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ sessions: SsoSessionConfig[]; all: SsoSessionConfig[] }> {
  const all = await loadSsoSessions({ env });
  const sessions = name === undefined ? all : all.filter((s) => s.name === name);
  if (sessions.length > 0) return { sessions, all };
  // Names a header the AWS CLI reads and the SDKs skip (`[sso-session  corp]`) when there is one.
  throw await ssoSessionNotFound({ name, known: all.map((s) => s.name), env });
}

/**
 * A sync of every sso-session writes none when one of them needs a login (an old portal, a sign-in that
 * ended): its hint also says so, and how to sync the others without it.
 */
function withSyncOthersHint(
  error: unknown,
  failed: SsoSessionConfig,
  sessions: readonly SsoSessionConfig[],
): unknown {
  const others = sessions.filter((s) => s !== failed).map((s) => s.name);
  if (!isSsoenvError(error, "LOGIN_REQUIRED") || others.length === 0) return error;
  const syncOthers =
    others.length === 1
      ? `to sync ${others[0]} without it, ssoenv profiles sync --sso-session ${others[0]}`
      : `to sync the others without it, ssoenv profiles sync --sso-session NAME for each of ${others.join(", ")}`;
  return new SsoenvError(error.code, error.message, {
    hint: `${error.hint ? `${error.hint}; ` : ""}nothing was synced: ${syncOthers}`,
    cause: error,
  });
}

/**
 * A renamed sso-session (`[sso-session corp]` now `[sso-session acme]`) leaves a block whose profiles name
 * an sso-session the file no longer has: they no longer work, and their names would push the new block's
 * to `-<account id>`. When that is unambiguous (one such block, one sso-session without a block), the
 * new name takes the block over. Returns sso-session -> the block's sso-session.
 */
function findAdoptions(
  blocks: readonly GeneratedBlock[],
  all: readonly SsoSessionConfig[],
): Map<string, string> {
  const orphans = blocks.filter((b) => !all.some((s) => s.name === b.ssoSession));
  const withoutBlock = all.filter((s) => !blocks.some((b) => b.ssoSession === s.name));
  const [orphan] = orphans;
  const [heir] = withoutBlock;
  return orphans.length === 1 && withoutBlock.length === 1 && orphan && heir
    ? new Map([[heir.name, orphan.ssoSession]])
    : new Map();
}

/** The flag, else the sso-session's key, else the template the block records (the last flag), else the default. */
function templateFor(
  session: SsoSessionConfig,
  flag: string | undefined,
  configPath: string,
  block: GeneratedBlock | undefined,
): NameTemplate {
  if (flag !== undefined) return parseNameTemplate({ template: flag });
  const key = session.values[NAME_TEMPLATE_KEY];
  if (key !== undefined) {
    return parseNameTemplate({
      template: key,
      source: `${NAME_TEMPLATE_KEY} of [sso-session ${session.name}] in ${configPath}`,
      code: "CONFIG_INVALID",
    });
  }
  const recorded = block?.settings.nameTemplate;
  if (recorded === undefined) return parseNameTemplate({ template: undefined });
  return parseNameTemplate({
    template: recorded,
    source: `the name template the generated block of sso-session ${session.name} records in ${configPath}`,
    code: "CONFIG_INVALID",
  });
}

/** Logs in if needed and lists the session's roles; a refused token is refreshed (or logged in) once. */
async function listSession(
  session: SsoSessionConfig,
  options: SyncProfilesOptions & { env: NodeJS.ProcessEnv; interactive: boolean },
): Promise<AccountRole[]> {
  // The login and the listing make their clients in the current profile, as `aws sso login` does.
  const settings = await loadCurrentClientSettings({ env: options.env });
  const profile = ssoSessionAsProfile(session, settings);
  const tokenOptions = {
    profile,
    env: options.env,
    interactive: options.interactive,
    ...(options.login !== undefined ? { login: options.login } : {}),
    ...(options.noBrowser !== undefined ? { noBrowser: options.noBrowser } : {}),
    onPrompt: options.onPrompt,
    onEvent: options.onEvent,
    signal: options.signal,
  };
  // The listing (the SSO client, its call loop and rate limiter) loads when it runs, as sendAws loads
  // what sends a request: a script that imports @ssoenv/core pays for none of it.
  const { listAccountRoles } = await import("./list-account-roles.js");
  const list = (accessToken: string) =>
    listAccountRoles({
      accessToken,
      region: session.ssoRegion,
      env: options.env,
      settings,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      signal: options.signal,
      onProgress: options.onProgress && ((p) => options.onProgress?.({ ...p, ssoSession: session.name })),
      onRetry: (info) =>
        options.onEvent?.({
          type: "retrying",
          operation: info.operation,
          attempt: info.attempt,
          delayMs: info.delayMs,
          message: `${info.operation} was throttled or failed; retrying in ${info.delayMs} ms`,
        }),
    });
  const token = await ensureSsoToken(tokenOptions);
  try {
    return await list(token.accessToken);
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) throw error;
    const again = await ensureSsoToken({ ...tokenOptions, rejected: token });
    try {
      return await list(again.accessToken);
    } catch (second) {
      if (!(second instanceof TokenRejectedError)) throw second;
      throw new SsoenvError(
        "LOGIN_REQUIRED",
        `SSO no longer accepts the session of sso-session "${session.name}"`,
        {
          hint: loginTarget({ name: session.name, sessionOnly: true, ssoSession: session.name }).login,
          cause: second,
        },
      );
    }
  }
}

/** The config file as latin1 (one char per byte, so every byte comes back as it was); "" when absent. */
async function readConfigText(configPath: string): Promise<string> {
  try {
    return (await readFile(configPath)).toString("latin1");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw unwritable(configPath, error);
  }
}

/** Refuses a read-only file (even for root, who could replace it) or a folder we cannot write in. */
async function assertWritable(configPath: string): Promise<void> {
  const target = await realpath(configPath).catch(() => configPath);
  const info = await stat(target).catch(() => undefined);
  if (info && !info.isFile()) {
    throw new SsoenvError("CONFIG_UNWRITABLE", `cannot write ${configPath}: it is not a regular file`, {
      hint: "point AWS_CONFIG_FILE at a file",
    });
  }
  if (info && (info.mode & 0o222) === 0) {
    throw new SsoenvError("CONFIG_UNWRITABLE", `cannot write ${configPath}: the file is read-only`, {
      hint: `chmod u+w ${configPath}, or use ${callOption("dryRun", true)} to see the changes`,
    });
  }
  try {
    await access(dirname(target), constants.W_OK);
    if (info) await access(target, constants.W_OK);
  } catch (error) {
    throw unwritable(configPath, error);
  }
}

function unwritable(configPath: string, error: unknown): SsoenvError {
  if (isSsoenvError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
  return new SsoenvError("CONFIG_UNWRITABLE", `cannot write ${configPath}: ${code}`, {
    hint: `check the permissions of ${configPath} and its folder, or use ${callOption("dryRun", true)} to see the changes`,
    cause: error,
  });
}

/** One sync at a time per config file (a lock next to it: `<file>.lock`, stale after 10 s). */
async function withConfigLock<T>(configPath: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  // Loaded on use: proper-lockfile costs ~20 ms at startup.
  const lockfile = await import("proper-lockfile");
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(configPath, {
      realpath: false,
      stale: 10_000,
      update: 2_000,
      retries: { retries: Math.ceil(timeoutMs / 100), minTimeout: 20, maxTimeout: 100 },
      onCompromised: () => {},
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new SsoenvError("LOCK_TIMEOUT", `another ssoenv profiles sync keeps ${configPath} locked`, {
        hint: `wait for it to finish, or remove ${configPath}.lock if no sync is running`,
        cause: error,
      });
    }
    throw unwritable(configPath, error);
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}

async function unifiedDiff(configPath: string, before: string, after: string): Promise<string> {
  if (before === after) return "";
  const { createTwoFilesPatch } = await import("diff");
  return createTwoFilesPatch(configPath, configPath, fromLatin1(before), fromLatin1(after), "", "", {
    context: 3,
  });
}

function toLatin1(value: string): string {
  return Buffer.from(value, "utf8").toString("latin1");
}

function fromLatin1(value: string): string {
  return Buffer.from(value, "latin1").toString("utf8");
}

function fromLatin1Profile(profile: GeneratedProfile): GeneratedProfile {
  return {
    ...profile,
    accountName: fromLatin1(profile.accountName),
    roleName: fromLatin1(profile.roleName),
    ...(profile.otherLines ? { otherLines: profile.otherLines.map(fromLatin1) } : {}),
  };
}
