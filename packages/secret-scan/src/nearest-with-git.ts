import { statSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The nearest folder at or above `dir` holding a `.git` that git would take (a git directory, or the
 * file of a worktree or submodule), or undefined: a few `stat` calls, where a git process costs
 * ~20 ms. A `.git` folder that is no git directory (empty: a failed clone, a copy that left its
 * content out) is passed by, as git passes it by. A `.git` file counts whatever it holds: git reads
 * it and stops there, with an error when it names no repository. Throws on EACCES.
 *
 * Every stat here and in scan-files.ts is a bigint one: a plain statSync fills a buffer the whole
 * process shares, which Node.js 20's realpathSync reads back for a path part it knows; after the
 * stat of a pipe, the module loader's next realpath stops short and a package imported later cannot
 * find its own dependencies. A bigint stat has a buffer of its own.
 */
export function nearestWithGit(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const dotGit = join(at, ".git");
    const info = statSync(dotGit, { throwIfNoEntry: false, bigint: true });
    if (info && (!info.isDirectory() || isGitDirectory(dotGit))) return at;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * Whether `dir` or a folder above it looks like a git directory: a bare repository (which has no
 * `.git` entry for nearestWithGit to find), or a `.git` folder. Only a hint that git should be
 * asked: git decides. Throws on EACCES.
 */
export function mayBeInGitDirectory(dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (isGitDirectory(at)) return true;
    if (dirname(at) === at) return false;
  }
}

/**
 * git's test of a git directory (setup.c is_git_directory): a `HEAD` file, with `objects` and `refs`
 * folders, or a `commondir` file naming where they are (a linked worktree's).
 */
function isGitDirectory(dir: string): boolean {
  const is = (name: string) => statSync(join(dir, name), { throwIfNoEntry: false, bigint: true });
  if (!is("HEAD")?.isFile()) return false;
  if (is("commondir")?.isFile()) return true;
  return is("objects")?.isDirectory() === true && is("refs")?.isDirectory() === true;
}
