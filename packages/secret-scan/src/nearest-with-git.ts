import { statSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The nearest folder at or above `dir` holding a `.git` entry (a folder, or the file of a worktree
 * or submodule), or undefined: a few `stat` calls, where a git process costs ~20 ms. Throws on EACCES.
 */
export function nearestWithGit(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (statSync(join(at, ".git"), { throwIfNoEntry: false })) return at;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * Whether `dir` or a folder above it looks like a repository without a work tree (a bare one: a
 * `HEAD` file beside an `objects` folder), which has no `.git` entry for nearestWithGit to find.
 * Only a hint that git should be asked: git decides. Throws on EACCES.
 */
export function mayBeInBareRepository(dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (
      statSync(join(at, "HEAD"), { throwIfNoEntry: false })?.isFile() &&
      statSync(join(at, "objects"), { throwIfNoEntry: false })?.isDirectory()
    )
      return true;
    if (dirname(at) === at) return false;
  }
}
