import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `path` with `data` atomically: a temp file in the same folder (same file system, so the
 * rename is atomic), fsync, rename over the target, fsync the folder. A reader or a crash sees the old
 * file or the new one, never a torn one.
 *
 * Kept private to the .env writer: core's `writeFileAtomic` is the shared one; this one also keeps
 * the owner of a file it replaces when run as root.
 */
export async function replaceFile(options: {
  path: string;
  data: Buffer;
  mode: number;
  owner?: { uid: number; gid: number };
}): Promise<void> {
  const { path, data, mode, owner } = options;
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.ssoenv-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.chmod(mode); // the umask may have narrowed the mode given to open()
      if (owner && process.getuid?.() === 0) await handle.chown(owner.uid, owner.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  // Make the rename itself durable. Some file systems refuse fsync on a folder: that is fine.
  const dir = await open(folder, "r").catch(() => undefined);
  if (dir) {
    await dir.sync().catch(() => {});
    await dir.close();
  }
}
