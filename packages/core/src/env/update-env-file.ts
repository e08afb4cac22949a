import { lstat, readdir, readFile, readlink, realpath, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isSsoenvError, SsoenvError } from "../errors.js";
import { replaceFile } from "./replace-file.js";
import { updateEnvText } from "./update-env-text.js";

/** Options of {@link updateEnvFile}. */
export interface UpdateEnvFileOptions {
  /** The .env file. Relative paths are resolved against `cwd`. A symlink is followed. */
  path: string;
  /** Keys to set and their values. Other keys are never touched. */
  values: Readonly<Record<string, string>>;
  /** Keys whose lines are removed (every occurrence), e.g. static keys in a file that gets the endpoint. */
  remove?: readonly string[];
  /** @default process.cwd() */
  cwd?: string;
  /** Mode of a file we create. An existing file keeps its mode. @default 0o600 */
  mode?: number;
  /** How long to wait for another writer of the same file. @default 30_000 */
  lockTimeoutMs?: number;
}

/** Result of {@link updateEnvFile}. */
export interface UpdateEnvFileResult {
  /** The file written (absolute, symlinks resolved). */
  path: string;
  /** True when the file did not exist before. */
  created: boolean;
  /** Keys whose value changed, that were added or removed (empty: the file was left as it was). */
  changedKeys: string[];
}

/**
 * Sets keys in a .env file, in place, like python-dotenv's `set_key` but safer — this is what
 * `ssoenv refresh` exists for, so it is written by hand rather than borrowed:
 * - only our keys' values change; every other byte stays (comments, order, blank lines, `export `,
 *   quoting, CRLF, BOM, a missing final newline, lines no reader can parse);
 * - every occurrence of a duplicated key gets our value (dotenv, python-dotenv and docker read the last);
 * - values are written so dotenv (npm), python-dotenv and docker `--env-file` read them back exactly
 *   (unquoted for AWS credentials, regions and dates);
 * - the write is atomic (temp file in the same folder, fsync, rename); a symlink is followed and stays
 *   a symlink; the file's mode is kept, new files are 0600;
 * - writers of the same file take turns (a lock next to it: `<file>.lock`, stale after 5 s), so concurrent refreshes
 *   lose nothing.
 * Nothing is written when no value changes.
 *
 * @throws SsoenvError ENV_FILE_INVALID (missing folder, not a file, read-only file, a value or key
 *   that cannot be written safely), ENV_FILE_WRITE_FAILED (the system refused the write), LOCK_TIMEOUT.
 * @example
 * await updateEnvFile({ path: ".env", values: { AWS_REGION: "eu-west-1" } });
 */
export async function updateEnvFile(options: UpdateEnvFileOptions): Promise<UpdateEnvFileResult> {
  const given = resolve(options.cwd ?? process.cwd(), options.path);
  const target = await resolveTarget(given);
  const folder = dirname(target);
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat?.isDirectory()) {
    throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${given}: the folder ${folder} does not exist`, {
      hint: `create it (mkdir -p ${folder}) or fix the path`,
    });
  }

  let release: (() => Promise<void>) | undefined;
  try {
    // Loaded on use: proper-lockfile (and graceful-fs) cost ~20 ms at startup, and most commands never write.
    const lockfile = await import("proper-lockfile");
    release = await lockfile.lock(target, {
      realpath: false,
      // A writer killed with -9 leaves its lock behind; it counts as stale after 5 s.
      stale: 5_000,
      update: 1_000,
      retries: {
        retries: Math.ceil((options.lockTimeoutMs ?? 30_000) / 100),
        minTimeout: 20,
        maxTimeout: 100,
      },
      // A lock taken over as stale is not worth crashing the process for: the write is atomic anyway.
      onCompromised: () => {},
    });
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
    const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw writeFailed(given, error);
    });
    if (existing && !existing.isFile()) {
      throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${given}: it is not a regular file`, {
        hint: "point the env file path at a file",
      });
    }
    if (existing && (existing.mode & 0o222) === 0) {
      throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${given}: the file is read-only`, {
        hint: `chmod u+w ${given} if ssoenv should keep it up to date`,
      });
    }
    await removeLeftoverTempFiles(target);
    // latin1 maps every byte to one char and back: bytes that are not UTF-8 survive untouched.
    const before = existing ? (await readFile(target)).toString("latin1") : "";
    const latin1Values = Object.fromEntries(
      Object.entries(options.values).map(([key, value]) => [
        key,
        Buffer.from(value, "utf8").toString("latin1"),
      ]),
    );
    const { text, changedKeys } = updateEnvText({
      text: before,
      values: latin1Values,
      ...(options.remove ? { remove: options.remove } : {}),
    });
    if (existing && text === before) return { path: target, created: false, changedKeys: [] };
    try {
      await replaceFile({
        path: target,
        data: Buffer.from(text, "latin1"),
        mode: existing ? existing.mode & 0o7777 : (options.mode ?? 0o600),
        owner: existing ? { uid: existing.uid, gid: existing.gid } : undefined,
      });
    } catch (error) {
      throw writeFailed(given, error);
    }
    return { path: target, created: !existing, changedKeys };
  } finally {
    await release?.().catch(() => {});
  }
}

/** Temp files of a writer that was killed mid-write. Safe to delete: we hold the lock of this file. */
async function removeLeftoverTempFiles(target: string): Promise<void> {
  const prefix = `.${basename(target)}.ssoenv-`;
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith(".tmp"))
      await unlink(join(dirname(target), name)).catch(() => {});
  }
}

/** Follows symlinks (also dangling ones, whose target we then create). */
async function resolveTarget(path: string): Promise<string> {
  let current = path;
  for (let depth = 0; depth < 40; depth++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info) {
      // Not there yet: resolve the folder's symlinks so the temp file lands next to the real target.
      const folder = await realpath(dirname(current)).catch(() => dirname(current));
      return resolve(folder, current.slice(dirname(current).length + 1));
    }
    if (!info.isSymbolicLink()) return realpath(current).catch(() => current);
    current = resolve(dirname(current), await readlink(current));
  }
  throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${path}: too many levels of symbolic links`, {
    hint: "point the env file path at a regular file",
  });
}

function writeFailed(path: string, error: unknown): SsoenvError {
  if (isSsoenvError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
  return new SsoenvError("ENV_FILE_WRITE_FAILED", `cannot write ${path}: ${code}`, {
    hint: "check the permissions of the file and its folder, and the free disk space",
    cause: error,
  });
}
