import { resolve } from "node:path";
import { mayBeInGitDirectory, nearestWithGit } from "./nearest-with-git.js";

/**
 * What git finds at a folder: a work tree; a bare repository (no work tree, no index); git's own
 * folder (`.git`, or inside it); no repository; or one git refuses to open (owned by another user,
 * a `.git` file naming a folder that is gone). `gitSays` is the first line git wrote on a refusal,
 * in the user's language.
 */
export interface RepositoryKind {
  kind: "work-tree" | "bare" | "git-dir" | "none" | "refused";
  /** The repository's git directory, absolute (a bare repository's own folder), when git opened it. */
  gitDir?: string;
  gitSays?: string;
}

/**
 * Where `cwd` stands for git, told by exit codes and `.git` entries, never by git's words (they come
 * in the user's language, and change between versions). With no `.git` above and nothing that looks
 * like a git directory (nor GIT_DIR or GIT_WORK_TREE), it is "none" without running git: path mode
 * outside a repository asks, and a git process costs ~20 ms. Else `git rev-parse` answers, in any
 * repository it opens; when it fails, no `.git` above means no repository, and a `.git` there means
 * git refuses the one found.
 *
 * @example repositoryKind({ cwd: "/srv/app.git/hooks" }) // { kind: "bare", gitDir: "/srv/app.git" }
 */
export function repositoryKind(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv | undefined;
}): RepositoryKind {
  const env = options.env ?? process.env;
  const cwd = resolve(options.cwd);
  const envNamesRepository = env.GIT_DIR !== undefined || env.GIT_WORK_TREE !== undefined;
  const hasGitAbove = () => {
    try {
      return nearestWithGit(cwd) !== undefined;
    } catch {
      return true; // a folder on the way up cannot be read: git's words count
    }
  };
  if (!envNamesRepository && !hasGitAbove()) {
    let gitDirectoryAbove = true;
    try {
      gitDirectoryAbove = mayBeInGitDirectory(cwd);
    } catch {}
    if (!gitDirectoryAbove) return { kind: "none" };
  }
  const answer = process
    .getBuiltinModule("node:child_process")
    .spawnSync("git", ["rev-parse", "--is-bare-repository", "--is-inside-git-dir", "--absolute-git-dir"], {
      cwd: options.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
  if (answer.status === 0) {
    const [bare, insideGitDir, gitDir] = answer.stdout.toString("utf8").split("\n");
    const kind = bare === "true" ? "bare" : insideGitDir === "true" ? "git-dir" : "work-tree";
    return gitDir ? { kind, gitDir } : { kind };
  }
  if (!envNamesRepository && !hasGitAbove()) return { kind: "none" };
  const said = answer.stderr?.toString("utf8").trim().split("\n")[0];
  return said ? { kind: "refused", gitSays: said } : { kind: "refused" };
}
