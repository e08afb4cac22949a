import { runGit } from "./run-git.js";

/**
 * The environment for git run in a folder other than the working one (the folder scanned, a file's
 * folder). Git sets GIT_DIR, not GIT_WORK_TREE, for the hooks of a linked worktree, and runs them at
 * the work tree's root; git run elsewhere then takes the folder it runs in as the root (and reads a
 * relative GIT_DIR from there). So the git dir and work tree git sees from the working folder are
 * passed on. Undefined (the environment as it is) when neither is set, or when git cannot say: git
 * run in the other folder then reports what is wrong.
 *
 * @example execFile("git", args, { cwd: folder, env: gitEnvironment() })
 */
export function gitEnvironment(): NodeJS.ProcessEnv | undefined {
  if (process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined) return undefined;
  try {
    // One path each, ended by a newline (a path may hold one too): two calls, not one.
    const ask = (option: string) =>
      runGit({ cwd: process.cwd(), args: ["rev-parse", option] }).toString("utf8");
    const [gitDir, workTree] = [ask("--absolute-git-dir"), ask("--show-toplevel")];
    return { ...process.env, GIT_DIR: gitDir.slice(0, -1), GIT_WORK_TREE: workTree.slice(0, -1) };
  } catch {
    return undefined;
  }
}
