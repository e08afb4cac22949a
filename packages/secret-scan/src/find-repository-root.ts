import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { runGit } from "./run-git.js";

/**
 * The work tree root of the repository holding `cwd` (where staged mode's default baseline lives).
 *
 * The nearest folder holding a `.git` entry (a folder, or the file of a worktree or submodule) is
 * found with a few `stat` calls: a pre-commit hook runs this on every commit, and a git process
 * costs more than the scan. When GIT_DIR or GIT_WORK_TREE point elsewhere, or no `.git` is found
 * (bare repositories, no repository), git itself answers (and reports the errors).
 *
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function findRepositoryRoot(options: { cwd?: string } = {}): Promise<string> {
  const cwd = options.cwd ?? process.cwd();
  if (process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined) {
    try {
      for (let dir = resolve(cwd); ; dir = dirname(dir)) {
        if (statSync(join(dir, ".git"), { throwIfNoEntry: false })) return dir;
        if (dirname(dir) === dir) break;
      }
    } catch {
      // Unreadable folder on the way up: let git decide.
    }
  }
  const out = runGit({ cwd, args: ["rev-parse", "--show-toplevel"] });
  return out.toString("utf8").trim();
}
