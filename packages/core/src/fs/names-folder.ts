import { statSync } from "node:fs";
import { basename, resolve } from "node:path";

/**
 * Whether a path given for a file names a folder: one that exists (symlinks followed), or one written
 * as a folder (`apps/`, `.`, `..`), which resolve() would turn into a file name to create.
 *
 * @example namesFolder({ path: "apps/" }) // true
 */
export function namesFolder(options: { path: string; cwd?: string }): boolean {
  const { path } = options;
  if (/[\\/]$/.test(path) || [".", ".."].includes(basename(path))) return true;
  return (
    statSync(resolve(options.cwd ?? process.cwd(), path), { throwIfNoEntry: false })?.isDirectory() ?? false
  );
}
