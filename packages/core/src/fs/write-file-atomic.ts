import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { open, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface WriteFileAtomicOptions {
  /**
   * File mode of the result.
   * @default the existing file's mode, else 0o600 (these files hold credentials)
   */
  mode?: number;
}

/**
 * Replaces `path` with `data` so that readers see either the old or the new content, never a
 * partial file: writes a temporary file in the same folder, fsyncs it, renames it over `path`,
 * then fsyncs the folder. A symlink at `path` is followed (its target is replaced).
 *
 * @example await writeFileAtomic("/home/me/.aws/sso/cache/abc.json", json, { mode: 0o600 })
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const target = await realpath(path).catch(() => path);
  const mode =
    options.mode ??
    (await stat(target).then(
      (s) => s.mode & 0o7777,
      () => 0o600,
    ));
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    try {
      // chmod explicitly: the open() mode is filtered by the umask.
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(target));
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename durable; not supported everywhere (e.g. Windows), so best effort.
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
