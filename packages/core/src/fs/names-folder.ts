import { basename, resolve } from "node:path";
import { statPath } from "./stat-path.js";

/**
 * Whether a path given for a file names a folder: one written as a folder (see writtenAsFolder), or
 * one that exists (symlinks followed). A path that cannot be looked at (a symlink loop, a file where a
 * folder should be, no permission) is no folder: the writer says what is wrong with it.
 *
 * @example namesFolder({ path: "apps" }) // true when ./apps is a folder
 */
export function namesFolder(options: { path: string; cwd?: string }): boolean {
  if (writtenAsFolder(options.path)) return true;
  const path = resolve(options.cwd ?? process.cwd(), options.path);
  try {
    return statPath(path)?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/**
 * Whether a path is written as a folder (`apps/`, `.`, `..`), which resolve() would turn into a file
 * name to create.
 *
 * @example writtenAsFolder("apps/") // true
 */
export function writtenAsFolder(path: string): boolean {
  return /[\\/]$/.test(path) || [".", ".."].includes(basename(path));
}
