import { randomBytes } from "node:crypto";
import { closeSync, constants, openSync, type Stats, unlinkSync } from "node:fs";
import { open, readFile, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface WriteFileAtomicOptions {
  /**
   * File mode of the result.
   * @default the existing file's mode, else 0o600 (these files hold credentials)
   */
  mode?: number;
  /**
   * Asked once the new content is on disk, right before the rename: false leaves `path` as it is
   * (the temp file is removed) and writeFileAtomic resolves false. For a caller that read `path` to
   * compute `data` and must not overwrite what another program wrote since.
   */
  stillCurrent?: () => Promise<boolean>;
  /**
   * Keep the file itself when other names share it (a hard link) or it cannot be replaced (a file
   * bind-mounted there: rename answers EBUSY), as editors do: the data are then written into it, once
   * the whole of them is on disk beside it (`.<name>.ssoenv-unfinished.tmp`); a writer killed while
   * writing the file leaves that copy, which finishUnfinishedWrite puts into the file.
   * @default false
   */
  keepLinks?: boolean;
}

/**
 * Replaces `path` with `data` so that readers (and a crash) see either the old or the new content,
 * never a partial file: writes a temporary file in the same folder (same file system, so the rename
 * is atomic), fsyncs it, renames it over `path`, then fsyncs the folder. A symlink at `path` is
 * followed (its target is replaced, the link stays). The file keeps its mode (unless `mode` says
 * otherwise) and, when ssoenv runs as root, its owner. Resolves true, or false when `stillCurrent` said no. The one atomic writer of ssoenv: the token
 * cache, the credentials cache, .env files and ~/.aws/config all go through it. With `keepLinks`, a
 * file with hard links or a bind mount on it is written in place instead (see there).
 *
 * @example await writeFileAtomic("/home/me/.aws/sso/cache/abc.json", json, { mode: 0o600 })
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<boolean> {
  const target = await realpath(path).catch(() => path);
  const existing = await stat(target).catch(() => undefined);
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : 0o600);
  const temp = join(
    dirname(target),
    `${atomicTempPrefix(target)}${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
  const untrack = trackTempFile(temp);
  try {
    return await writeThroughTemp({ temp, target, existing, mode, data, options });
  } finally {
    untrack();
  }
}

async function writeThroughTemp(write: {
  temp: string;
  target: string;
  existing: Stats | undefined;
  mode: number;
  data: string | Uint8Array;
  options: WriteFileAtomicOptions;
}): Promise<boolean> {
  const { temp, target, existing, mode, data, options } = write;
  // 0600 until complete: the umask may narrow it, never widen it. A writer killed mid-write leaves
  // the temp file (credentials in it) until the next write: only this user may read it.
  // Created synchronously: a SIGTERM handled meanwhile finds it on disk and in tempFiles, or neither
  // (an open() still running in the thread pool would create it after the handler had looked).
  closeSync(openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
  const handle = await open(temp, constants.O_WRONLY);
  try {
    try {
      await handle.writeFile(data);
      // The final mode once the data is in; chmod explicitly: the open() mode is filtered by the umask.
      await handle.chmod(mode);
      // `sudo ssoenv refresh` must not leave a user's file owned by root.
      if (existing && process.getuid?.() === 0) await handle.chown(existing.uid, existing.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.stillCurrent && !(await options.stillCurrent())) {
      await unlink(temp);
      return false;
    }
    if (options.keepLinks && existing && existing.nlink > 1) {
      await writeInPlace(temp, target, data);
      return true;
    }
    try {
      await rename(temp, target);
    } catch (error) {
      if (!options.keepLinks || !existing || (error as NodeJS.ErrnoException).code !== "EBUSY") throw error;
      await writeInPlace(temp, target, data);
      return true;
    }
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(target));
  return true;
}

/**
 * How the temporary files of writeFileAtomic for `path` begin (`.<name>.ssoenv-`), so that a writer
 * holding the file's lock can remove those a killed writer left behind.
 */
export function atomicTempPrefix(path: string): string {
  return `.${basename(path)}.ssoenv-`;
}

/**
 * Finishes a write into `path` itself (writeFileAtomic's keepLinks) whose writer was killed before
 * it ended: puts the copy it left beside the file into the file. Resolves true when there was one. For
 * a caller holding the file's lock, before it reads the file. A file deleted since is left deleted.
 */
export async function finishUnfinishedWrite(path: string): Promise<boolean> {
  const copy = unfinishedWritePath(path);
  const data = await readFile(copy).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (data === undefined) return false;
  const written = await overwrite(path, data).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );
  await unlink(copy);
  return written;
}

function unfinishedWritePath(path: string): string {
  return join(dirname(path), `${atomicTempPrefix(path)}unfinished.tmp`);
}

/**
 * Writes `data` into `target` itself (same inode: every hard link and mount of it sees the new
 * content). `temp` already holds the data, fsynced: renamed to the unfinished-write name first, it
 * exists under that name only whole, until the file holds them too.
 */
async function writeInPlace(temp: string, target: string, data: string | Uint8Array): Promise<void> {
  const copy = unfinishedWritePath(target);
  await rename(temp, copy);
  await syncDirectory(dirname(target));
  await overwrite(target, data);
  await unlink(copy);
}

async function overwrite(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, constants.O_WRONLY);
  try {
    await handle.writeFile(data);
    await handle.truncate(typeof data === "string" ? Buffer.byteLength(data) : data.byteLength);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Temp files being written. Ctrl-C, `timeout 30 ssoenv refresh`, a CI cancel or `kill` (SIGINT,
 * SIGTERM, SIGHUP) would end the process with them in the folder, credentials in them, where git sees
 * them (a `.env` rule does not cover their names): they are removed first. Then, when nothing else
 * listens to the signal, the process dies of it as it would have; a program that handles it (`ssoenv
 * serve`'s graceful stop, an app's shutdown; proper-lockfile's handler, which re-raises it) decides, and
 * is not handed the signal twice. Listening only while one is written, a few milliseconds, ahead of the
 * other listeners: a command that handles Ctrl-C itself (a login waiting) is not in one then.
 */
const tempFiles = new Set<string>();
const TERMINATING_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function trackTempFile(temp: string): () => void {
  if (tempFiles.size === 0)
    for (const signal of TERMINATING_SIGNALS) process.prependListener(signal, removeTempFiles);
  tempFiles.add(temp);
  return () => {
    tempFiles.delete(temp);
    if (tempFiles.size === 0) for (const signal of TERMINATING_SIGNALS) process.off(signal, removeTempFiles);
  };
}

function removeTempFiles(signal: NodeJS.Signals): void {
  for (const temp of tempFiles) {
    try {
      unlinkSync(temp);
    } catch {
      // not created yet, or renamed already
    }
  }
  tempFiles.clear();
  for (const each of TERMINATING_SIGNALS) process.off(each, removeTempFiles);
  // First to run (prepended): a `once` handler of the program is still counted here.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename durable; some file systems refuse fsync on a folder, so best effort.
  try {
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignore
  }
}
