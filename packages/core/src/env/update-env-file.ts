import { constants, type Stats } from "node:fs";
import { access, readdir, readFile, realpath, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isSsoenvError, SsoenvError } from "../errors.js";
import { isInsideFolder } from "../fs/is-inside-folder.js";
import { resolveRealPath } from "../fs/resolve-real-path.js";
import { atomicTempPrefix, finishUnfinishedWrite, writeFileAtomic } from "../fs/write-file-atomic.js";
import { callOption } from "../text/call-option.js";
import { validateOptions } from "../validate-options.js";
import { readEnvFileRecord, type WrittenCredentials, writeOwnedKeys } from "./owned-keys-record.js";
import { parseEnv } from "./parse-env.js";
import { updateEnvText } from "./update-env-text.js";

/** Options of {@link updateEnvFile}. */
export interface UpdateEnvFileOptions {
  /** The .env file. Relative paths are resolved against `cwd`. A symlink is followed. */
  path: string;
  /** Keys to set and their values. Other keys are never touched. */
  values: Readonly<Record<string, string>>;
  /** Keys whose lines are removed (every occurrence), e.g. static keys in a file that gets the endpoint. */
  remove?: readonly string[];
  /**
   * Keys this caller owns while it writes them (not secrets: the values written are recorded in
   * `~/.aws/ssoenv/env-files/`). A key written by an earlier call with `owned` and absent from this
   * call's `values` loses its lines when the file still holds the value written then; a value
   * changed by hand stays. `ssoenv refresh` owns the region keys: a file switched to a profile
   * without a region loses the region of the profile before, not one the user set.
   */
  owned?: readonly string[];
  /**
   * The role credentials `values` hands out, recorded without secrets (the profile, the names, the
   * access key id) so that `ssoenv logout` can take them back. A write without it forgets those of
   * an earlier write (an endpoint replacing them).
   */
  credentials?: WrittenCredentials;
  /**
   * Role credentials an earlier write handed out (its record's): their lines go when the file still
   * holds that access key id, so keys the user wrote there since stay. What `logout` does.
   */
  takeBack?: WrittenCredentials;
  /** Whose HOME holds the record of `owned` keys (`~/.aws/ssoenv/env-files/`). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default process.cwd() */
  cwd?: string;
  /** Mode of a file we create. An existing file keeps its mode. @default 0o600 */
  mode?: number;
  /** How long to wait for another writer of the same file. @default 30_000 */
  lockTimeoutMs?: number;
  /**
   * Refuse (ENV_FILE_INVALID) unless the file, symlinks followed, lands inside this folder: for
   * paths a project file names, which must not send credentials out of the project.
   */
  within?: string;
}

/** A .env file is a few hundred bytes; past this it is not one, and reading it whole would hurt. */
export const MAX_ENV_FILE_BYTES = 16 * 1024 * 1024;

/** Result of {@link updateEnvFile}. */
export interface UpdateEnvFileResult {
  /** The file written (absolute, symlinks resolved). */
  path: string;
  /** True when the file did not exist before. */
  created: boolean;
  /** Keys whose value changed, that were added or removed (empty: the file was left as it was). */
  changedKeys: string[];
  /**
   * The file's AWS_PROFILE after the write, when it sets one: beside credentials (or an endpoint)
   * under the AWS names, the AWS SDK for JavaScript uses that profile instead.
   */
  awsProfile?: string;
}

/**
 * Sets keys in a .env file, in place, like python-dotenv's `set_key` but safer — this is what
 * `ssoenv refresh` exists for, so it is written by hand rather than borrowed:
 * - only our keys' values change; every other byte stays (comments, order, blank lines, `export `,
 *   quoting, CRLF, BOM, a missing final newline, lines no reader can parse);
 * - every occurrence of a duplicated key gets our value (dotenv, python-dotenv, docker and Node.js read the last);
 *   a key Node.js's parser would misread where it stands is written again on a line of its own;
 * - values are written so dotenv (npm), python-dotenv and docker `--env-file` read them back exactly
 *   (unquoted for AWS credentials, regions and dates);
 * - the write is atomic (temp file in the same folder, fsync, rename); a symlink is followed and stays
 *   a symlink; the file's mode is kept, new files are 0600; a file with other hard links (or a file
 *   bind-mounted there) is written in place, as editors do, so every name of it gets the keys: once
 *   its whole new content is on disk beside it, which the next write puts in if this one was killed;
 * - writers of the same file take turns (a lock next to it: `<file>.lock`, stale after 5 s), so concurrent refreshes
 *   lose nothing; a file another program changed while we computed ours is read again (the rename
 *   waits on a check that it is still what we read), up to 10 times.
 * Nothing is written when no value changes.
 *
 * @throws SsoenvError ENV_FILE_INVALID (missing or unwritable folder, not a file, read-only or immutable file, a
 *   read-only file system, a value or key
 *   that cannot be written safely), ENV_FILE_WRITE_FAILED (the system refused the write, or another program
 *   changed the file each time), LOCK_TIMEOUT.
 * @example
 * await updateEnvFile({ path: ".env", values: { AWS_REGION: "eu-west-1" } });
 */
export async function updateEnvFile(options: UpdateEnvFileOptions): Promise<UpdateEnvFileResult> {
  validateOptions({
    fn: "updateEnvFile",
    options,
    kinds: {
      path: "string",
      values: "object",
      remove: "any",
      owned: "any",
      credentials: "object",
      takeBack: "object",
      env: "env",
      cwd: "string",
      mode: "number",
      lockTimeoutMs: "number",
      within: "string",
    },
    required: ["path", "values"],
    example: 'updateEnvFile({ path: ".env", values: credentialEnv(session) })',
  });
  const { given, target } = await resolveEnvFileTarget(options);

  let release: (() => Promise<void>) | undefined;
  try {
    // Loaded on use: proper-lockfile (and graceful-fs) cost ~20 ms at startup, and most commands never write.
    const lockfile = await import("proper-lockfile");
    const deadlineMs = Date.now() + (options.lockTimeoutMs ?? 30_000);
    for (let delayMs = 20; ; delayMs = Math.min(100, delayMs * 2)) {
      try {
        release = await lockfile.lock(target, {
          realpath: false,
          // A writer killed with -9 leaves its lock behind; it counts as stale after 5 s.
          stale: 5_000,
          update: 1_000,
          // A lock taken over as stale is not worth crashing the process for: the write is atomic anyway.
          onCompromised: () => {},
        });
        break;
      } catch (error) {
        // Only another writer's lock is worth waiting for (proper-lockfile's own retries would also
        // wait out EROFS, EACCES or EPERM, which never go away: 30 s for nothing).
        if ((error as NodeJS.ErrnoException).code !== "ELOCKED" || Date.now() >= deadlineMs) throw error;
        await sleep(delayMs * (0.5 + Math.random()));
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new SsoenvError("LOCK_TIMEOUT", `another process keeps ${given} locked`, {
        hint: `wait for it to finish, or remove ${target}.lock if no ssoenv is running`,
        cause: error,
      });
    }
    throw writeFailed(given, error);
  }
  try {
    const env = options.env ?? process.env;
    const keepsRecord = options.owned || options.credentials || options.takeBack;
    const record = keepsRecord ? await readEnvFileRecord({ path: target, env }) : undefined;
    const recorded = options.owned ? (record?.values ?? {}) : {};
    const result = await writeLocked({ options, given, target, recorded });
    if (keepsRecord) {
      const owned = (options.owned ?? []).filter((key) => Object.hasOwn(options.values, key));
      const values = options.owned
        ? Object.fromEntries(owned.map((key) => [key, options.values[key] as string]))
        : (record?.values ?? {});
      await writeOwnedKeys({
        path: target,
        values,
        recorded: record?.values ?? {},
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(record?.credentials ? { recordedCredentials: record.credentials } : {}),
        env,
      });
    }
    return result;
  } finally {
    await release?.().catch(() => {});
  }
}

/** The write itself, under the lock; `recorded`: what earlier writes of `owned` keys left. */
async function writeLocked(write: {
  options: UpdateEnvFileOptions;
  given: string;
  target: string;
  recorded: Readonly<Record<string, string>>;
}): Promise<UpdateEnvFileResult> {
  const { options, given, target, recorded } = write;
  // Another program (an editor, a script's `>>`) may write the file while we compute ours: the
  // rename goes ahead only if the file is still what we read, else we read it again.
  for (let attempt = 1; ; attempt++) {
    const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw writeFailed(given, error);
    });
    if (existing) await checkExistingTarget({ given, target, existing });
    // A writer killed while writing a hard-linked file in place: its whole new content goes in first.
    const finished = existing
      ? await finishUnfinishedWrite(target).catch((error: unknown) => {
          throw writeFailed(given, error);
        })
      : false;
    if (finished) continue;
    await removeLeftoverTempFiles(target);
    const beforeBytes = existing ? await readFile(target) : undefined;
    if (beforeBytes && isUtf16(beforeBytes)) throw utf16File(given);
    // latin1 maps every byte to one char and back: bytes that are not UTF-8 survive untouched.
    const before = beforeBytes ? beforeBytes.toString("latin1") : "";
    const latin1Values = Object.fromEntries(
      Object.entries(options.values).map(([key, value]) => [
        key,
        Buffer.from(value, "utf8").toString("latin1"),
      ]),
    );
    // Lines an earlier write of ours left that this one does not write, still as we wrote them.
    const readNow = parseEnv(before);
    const stale = Object.entries(recorded)
      .filter(
        ([key, value]) =>
          !Object.hasOwn(options.values, key) &&
          readNow[key] === Buffer.from(value, "utf8").toString("latin1"),
      )
      .map(([key]) => key);
    const takeBack = options.takeBack;
    const handedOut =
      takeBack && readNow[takeBack.accessKeyIdName] === takeBack.accessKeyId ? takeBack.names : [];
    const remove = [...(options.remove ?? []), ...stale, ...handedOut];
    const { text, changedKeys } = updateEnvTextOf(given, {
      text: before,
      values: latin1Values,
      ...(remove.length > 0 ? { remove } : {}),
    });
    const awsProfile = awsProfileIn(text);
    if (existing && text === before) return { path: target, created: false, changedKeys: [], ...awsProfile };
    let written: boolean;
    try {
      // An existing file keeps its mode and owner (writeFileAtomic's default); a new one gets ours.
      written = await writeFileAtomic(target, Buffer.from(text, "latin1"), {
        ...(existing ? {} : { mode: options.mode ?? 0o600 }),
        // A hard link (another name of the file) or a bind mount keeps seeing the file: written in place.
        keepLinks: true,
        stillCurrent: () => isStill(target, beforeBytes),
      });
    } catch (error) {
      throw writeFailed(given, error);
    }
    if (written) return { path: target, created: !existing, changedKeys, ...awsProfile };
    if (attempt === MAX_WRITE_ATTEMPTS) {
      throw new SsoenvError(
        "ENV_FILE_WRITE_FAILED",
        `cannot write ${given}: another program changed it each of the ${MAX_WRITE_ATTEMPTS} times ssoenv wrote it; nothing was written`,
        { hint: "stop the program that keeps writing it, then run the command again" },
      );
    }
  }
}

/** `{ awsProfile }` when the file's text (latin1 view) sets AWS_PROFILE, as readers read it (UTF-8). */
function awsProfileIn(text: string): { awsProfile?: string } {
  const profile = parseEnv(text).AWS_PROFILE;
  return profile ? { awsProfile: Buffer.from(profile, "latin1").toString("utf8") } : {};
}

/** Tries before giving up on a file another program keeps changing under us. */
const MAX_WRITE_ATTEMPTS = 10;

/** Whether the file holds `bytes` (undefined: there is no file). */
async function isStill(path: string, bytes: Buffer | undefined): Promise<boolean> {
  const now = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return now === undefined || bytes === undefined ? now === bytes : now.equals(bytes);
}

/**
 * Whether `path` can be a target of updateEnvFile, without writing or locking anything: what it would
 * refuse (ENV_FILE_INVALID: a NUL byte, outside `within`, a missing or unwritable folder, not a
 * regular file, read-only, immutable or unreadable, on a read-only file system, over 16 MB). For callers that must know before they fetch
 * what they would write (`ssoenv refresh` signs in first). A file that does not exist yet is fine.
 *
 * Returns the file a write would land on (absolute, symlinks followed), as updateEnvFile's result names it.
 *
 * @example const { path } = await checkEnvFileTarget({ path: "apps/api/.env" });
 * @throws SsoenvError ENV_FILE_INVALID; ENV_FILE_WRITE_FAILED when the file cannot be looked at.
 */
export async function checkEnvFileTarget(
  options: Pick<UpdateEnvFileOptions, "path" | "cwd" | "within">,
): Promise<{ path: string }> {
  const { given, target } = await resolveEnvFileTarget(options);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw writeFailed(given, error);
  });
  if (existing) await checkExistingTarget({ given, target, existing });
  return { path: target };
}

/** The path as given (absolute) and the file it lands on; refuses what no write could do (see checkEnvFileTarget). */
async function resolveEnvFileTarget(
  options: Pick<UpdateEnvFileOptions, "path" | "cwd" | "within">,
): Promise<{ given: string; target: string }> {
  if (options.path.includes("\0")) {
    throw new SsoenvError(
      "ENV_FILE_INVALID",
      `cannot write ${JSON.stringify(options.path)}: the path contains a NUL byte`,
      {
        hint: "fix the env file path",
      },
    );
  }
  const given = resolve(options.cwd ?? process.cwd(), options.path);
  const target = await resolveRealPath(given);
  if (options.within !== undefined) {
    const folder = await realpath(options.within).catch(() => resolve(options.within as string));
    if (!isInsideFolder(folder, target)) {
      throw new SsoenvError(
        "ENV_FILE_INVALID",
        `cannot write ${given}: it resolves to ${target}, outside ${folder}`,
        {
          hint: `a project may only name .env files inside its own folder; pass ${callOption("path")} yourself to write elsewhere`,
        },
      );
    }
  }
  const folder = dirname(target);
  const folderStat = await stat(folder).catch(() => undefined);
  if (folderStat && !folderStat.isDirectory()) {
    throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${given}: ${folder} is a file, not a folder`, {
      hint: "fix the env file path",
    });
  }
  if (!folderStat) {
    throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${given}: the folder ${folder} does not exist`, {
      hint: `create it (mkdir -p ${folder}) or fix the path`,
    });
  }
  // The lock and the atomic write's temp file go beside the file: a folder this user may not write
  // is a setting to fix (exit 2), even for a file it may write; so is a read-only mount.
  const folderDenied = await access(folder, constants.W_OK).then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error.code,
  );
  if (folderDenied === "EROFS") throw readOnlyFileSystem(given, folder);
  if (folderDenied === "EACCES") {
    throw new SsoenvError(
      "ENV_FILE_INVALID",
      `cannot write ${given}: this user may not create files in ${folder} (ssoenv writes a temp file and a lock beside the file)`,
      {
        hint: `make the folder writable (chmod u+w ${folder}), or name a .env file in a folder you can write`,
      },
    );
  }

  return { given, target };
}

/** An existing target: a regular file this user may read and write, of a .env's size. */
async function checkExistingTarget(file: { given: string; target: string; existing: Stats }): Promise<void> {
  const { given, target, existing } = file;
  if (existing.isDirectory()) {
    throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${given}: it is a folder, not a .env file`, {
      hint: `name a file in it, e.g. ${join(given, ".env")}`,
    });
  }
  if (!existing.isFile()) {
    throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${given}: it is not a regular file`, {
      hint: "point the env file path at a file",
    });
  }
  const denied = await deniedAccess({ path: target, shown: given, mode: existing.mode });
  if (denied === "EROFS") throw readOnlyFileSystem(given, dirname(target));
  if (denied === "EPERM") {
    throw new SsoenvError(
      "ENV_FILE_INVALID",
      `cannot write ${given}: the file is immutable (EPERM; lsattr shows its i flag)`,
      { hint: `chattr -i ${given} (as root) if ssoenv should keep it up to date, or name another file` },
    );
  }
  if (denied) {
    throw new SsoenvError("ENV_FILE_INVALID", denied, {
      hint: `chmod 600 ${given} if ssoenv should keep it up to date`,
    });
  }
  if (existing.size > MAX_ENV_FILE_BYTES) {
    throw new SsoenvError(
      "ENV_FILE_INVALID",
      `cannot update ${given}: it is ${formatBytes(existing.size)}, more than the ${formatBytes(MAX_ENV_FILE_BYTES)} a .env file may be`,
      { hint: "point the env file path at a real .env file" },
    );
  }
}

/**
 * Temp files of a writer that was killed mid-write. Safe to delete: we hold the lock of this file.
 * A folder is listed once per LISTING_TTL_MS, not once per file: a refresh of 10,000 files in one
 * folder would otherwise read it 10,000 times (quadratic time, and gigabytes of names at once).
 */
async function removeLeftoverTempFiles(target: string): Promise<void> {
  const prefix = atomicTempPrefix(target);
  const folder = dirname(target);
  for (const name of await folderListing(folder)) {
    if (name.startsWith(prefix) && name.endsWith(".tmp")) await unlink(join(folder, name)).catch(() => {});
  }
}

const LISTING_TTL_MS = 10_000;
const listings = new Map<string, { listedAtMs: number; names: Promise<string[]> }>();

function folderListing(folder: string): Promise<string[]> {
  const cached = listings.get(folder);
  if (cached && Date.now() - cached.listedAtMs < LISTING_TTL_MS) return cached.names;
  // Only the names a leftover can have: the listing of a folder of thousands stays small.
  const names = readdir(folder)
    .then((all) => all.filter((name) => name.startsWith(".") && name.endsWith(".tmp")))
    .catch(() => [] as string[]);
  listings.set(folder, { listedAtMs: Date.now(), names });
  return names;
}

/** A UTF-16 byte order mark (FF FE or FE FF) first: Windows PowerShell 5's `>` and Out-File write such files. */
function isUtf16(bytes: Buffer): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function utf16File(given: string): SsoenvError {
  // Node.js, python-dotenv, dotenv (npm) and docker read .env files as UTF-8: our lines, written into
  // it, would make it a mix no editor shows right, and none of them reads its own lines anyway.
  return new SsoenvError(
    "ENV_FILE_INVALID",
    `cannot update ${given}: it is UTF-16 (Windows PowerShell 5's > and Out-File write that), which no .env reader reads; nothing was written`,
    {
      hint: `convert it to UTF-8 (iconv -f UTF-16 -t UTF-8 ${given} > ${given}.utf8 && cat ${given}.utf8 > ${given} && rm ${given}.utf8), then run the command again`,
    },
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
    : bytes >= 1024 ** 2
      ? `${(bytes / 1024 ** 2).toFixed(0)} MB`
      : `${bytes} bytes`;
}

/** updateEnvText, its refusals naming the file. */
function updateEnvTextOf(given: string, options: Parameters<typeof updateEnvText>[0]) {
  try {
    return updateEnvText(options);
  } catch (error) {
    if (!isSsoenvError(error, "ENV_FILE_INVALID")) throw error;
    throw new SsoenvError("ENV_FILE_INVALID", `cannot update ${given}: ${error.message}`, {
      // updateEnvText knows no path: its hints say <file>, which the command to copy names here.
      ...(error.hint ? { hint: error.hint.replaceAll("<file>", given) } : {}),
      cause: error,
    });
  }
}

function writeFailed(path: string, error: unknown): SsoenvError {
  if (isSsoenvError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
  return new SsoenvError("ENV_FILE_WRITE_FAILED", `cannot write ${path}: ${code}`, {
    hint: "check the permissions of the file and its folder, and the free disk space",
    cause: error,
  });
}

/**
 * What this process may not do to an existing file, as the error says it (naming it `shown`), or
 * the code of a write the system refuses whatever the mode (EPERM: an immutable file; EROFS: a
 * read-only mount); undefined when it may read and write it. A file without any write bit counts as
 * read-only even for root, who could write it anyway: its owner made it so.
 */
async function deniedAccess(file: {
  path: string;
  shown: string;
  mode: number;
}): Promise<string | undefined> {
  // access() answers EPERM for an immutable file and EROFS on a read-only mount, root included.
  const refusal = (how: number) =>
    access(file.path, how).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error.code,
    );
  const readRefusal = await refusal(constants.R_OK);
  const writeRefusal = await refusal(constants.W_OK);
  if (writeRefusal === "EPERM" || writeRefusal === "EROFS") return writeRefusal;
  const readable = readRefusal !== "EACCES";
  const writable = (file.mode & 0o222) !== 0 && writeRefusal !== "EACCES";
  if (!readable && !writable) return `cannot read or write ${file.shown}: this user may do neither`;
  if (!readable) return `cannot read ${file.shown}: this user may not read it`;
  if (!writable) return `cannot write ${file.shown}: the file is read-only`;
  return undefined;
}

function readOnlyFileSystem(given: string, folder: string): SsoenvError {
  return new SsoenvError(
    "ENV_FILE_INVALID",
    `cannot write ${given}: ${folder} is on a read-only file system (EROFS)`,
    { hint: "name a .env file on a writable file system, or mount this one read-write" },
  );
}
