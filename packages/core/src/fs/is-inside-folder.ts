import { isAbsolute, relative, sep } from "node:path";

/**
 * True when `path` is `folder` or inside it (both absolute and real: resolve them with
 * resolveRealPath first, or a symlink leads out).
 */
export function isInsideFolder(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}
