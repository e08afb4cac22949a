/**
 * True while a merge is being committed: `git merge` and `git pull` run pre-merge-commit before they
 * write MERGE_HEAD, with GIT_REFLOG_ACTION "merge …" / "pull …"; a conflicted merge finished with
 * `git commit` has MERGE_HEAD. For what a refused commit is told to do (a key from the merged branch
 * is in its history whatever the merge commit holds).
 *
 * @example isMerging() // in a pre-merge-commit hook: true
 */
export function isMerging(options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): boolean {
  const env = options.env ?? process.env;
  if (/^(?:merge|pull)\b/.test(env.GIT_REFLOG_ACTION ?? "")) return true;
  const { spawnSync } = process.getBuiltinModule("node:child_process");
  return (
    spawnSync("git", ["rev-parse", "-q", "--verify", "MERGE_HEAD"], {
      cwd: options.cwd ?? process.cwd(),
      env,
      stdio: "ignore",
    }).status === 0
  );
}
