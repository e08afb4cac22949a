import { lstat, readlink, realpath } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { SsoenvError } from "../errors.js";

/**
 * Where a write to `path` would land: symlinks followed (also dangling ones, whose target a write
 * creates), and for a path that does not exist yet, its nearest existing folder's real path joined
 * with the rest.
 *
 * @throws SsoenvError `ENV_FILE_INVALID` on a symlink loop.
 */
export async function resolveRealPath(path: string): Promise<string> {
  let current = resolve(path);
  for (let depth = 0; depth < 40; depth++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info) return realParent(current);
    if (!info.isSymbolicLink()) return realpath(current).catch(() => current);
    current = resolve(dirname(current), await readlink(current));
  }
  throw new SsoenvError("ENV_FILE_INVALID", `cannot write ${path}: too many levels of symbolic links`, {
    hint: "point the env file path at a regular file",
  });
}

/** The real path of a missing file: its nearest existing ancestor resolved, the rest appended. */
async function realParent(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    const real = await realpath(current).catch(() => undefined);
    if (real !== undefined) return resolve(real, ...missing);
    const parent = dirname(current);
    if (parent === current) return path;
    missing.unshift(current.slice(parent.length).replace(/^[\\/]/, ""));
    current = parent;
  }
}
