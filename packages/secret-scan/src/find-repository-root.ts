import { resolve } from "node:path";
import { mayBeInGitDirectory, nearestWithGit } from "./nearest-with-git.js";
import { notARepository, runGit } from "./run-git.js";

/**
 * The work tree root of the repository holding `cwd` (where staged mode's default baseline lives).
 *
 * The nearest folder holding a `.git` entry (a folder, or the file of a worktree or submodule) is
 * found with a few `stat` calls: a pre-commit hook runs this on every commit, and a git process
 * costs more than the scan. When none is found on the way up, there is no work tree either, and no
 * git is run: path mode outside a repository (a downloaded folder, a build context) asks this
 * first, and a git process that can only fail cost it ~20 ms. When GIT_DIR or GIT_WORK_TREE point
 * elsewhere, or a folder on the way up cannot be read, git itself answers (and reports the errors);
 * so it does in what looks like a bare repository (no `.git` there: git says what it is).
 *
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `NO_WORK_TREE`, `GIT_FAILED`.
 */
export async function findRepositoryRoot(options: { cwd?: string } = {}): Promise<string> {
  const cwd = options.cwd ?? process.cwd();
  const askGit = () =>
    runGit({ cwd, args: ["rev-parse", "--show-toplevel"] })
      .toString("utf8")
      .trim();
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return askGit();
  let found: string | undefined;
  try {
    found = nearestWithGit(resolve(cwd));
    if (found === undefined && mayBeInGitDirectory(resolve(cwd))) return askGit();
  } catch {
    return askGit(); // a folder on the way up cannot be read: let git decide
  }
  if (found === undefined) throw notARepository(cwd);
  return found;
}
