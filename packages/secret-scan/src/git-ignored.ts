import { sep } from "node:path";
import { gitEnvironment } from "./git-environment.js";
import { nearestWithGit } from "./nearest-with-git.js";
import { pathFromBytes, pathToBytes } from "./path-bytes.js";
import { runGit } from "./run-git.js";

/**
 * What git ignores under `dir` (absolute paths; a folder stands for everything in it), from one
 * `git ls-files --others --ignored --exclude-standard --directory`: .gitignore files,
 * .git/info/exclude and core.excludesFile, as `git status` applies them. Files git tracks are never
 * in it (a force-added file is committed: it is scanned), and git lists a folder only when nothing
 * in it is tracked or could be added.
 *
 * Empty when a pattern matches `dir` itself: a folder named is scanned whole. Empty outside a git
 * work tree, without running git: the few `stat` calls of nearestWithGit decide it (path mode
 * outside a repository runs no git). Empty as well when git cannot answer (not
 * installed, a repository it refuses as unsafe...): then everything is scanned, as before.
 */
export function gitIgnoredUnder(dir: string): Set<string> {
  const ignored = new Set<string>();
  if (process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined) {
    try {
      if (nearestWithGit(dir) === undefined) return ignored;
    } catch {
      // A folder on the way up cannot be read: git decides.
    }
  }
  let listed: string;
  try {
    listed = pathFromBytes(
      runGit({
        cwd: dir,
        args: ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
        // GIT_DIR set (a worktree's hook): `dir` is not the work tree's root.
        env: gitEnvironment(),
      }),
    );
  } catch {
    return ignored;
  }
  const parent = dir.endsWith(sep) ? dir : dir + sep;
  for (const entry of listed.split("\0")) {
    // "./" is `dir` itself: git lists it when a pattern matches it (then alone: a folder named is
    // scanned whole, as ripgrep searches an ignored folder it is given), and when all it holds is
    // ignored (then with what it holds, left out as usual).
    if (entry === "" || entry === "./") continue;
    // Names relative to `dir` (git's cwd), with `/`; a folder ends with one.
    const path = entry.endsWith("/") ? entry.slice(0, -1) : entry;
    ignored.add(parent + (sep === "/" ? path : path.split("/").join(sep)));
  }
  return ignored;
}

/**
 * True when the ignore rules (.gitignore, .git/info/exclude, core.excludesFile) match every file,
 * tracked or not (`git check-ignore --no-index`). `files` are named from `cwd` (the repository root
 * for staged findings). False when git cannot tell.
 *
 * @example areAllGitIgnored({ cwd: root, files: [".env"] }) // true when .gitignore lists .env
 */
export function areAllGitIgnored(options: { cwd: string; files: readonly string[] }): boolean {
  const { spawnSync } = process.getBuiltinModule("node:child_process");
  const r = spawnSync("git", ["check-ignore", "--no-index", "-z", "--stdin"], {
    cwd: options.cwd,
    // Names as bytes: one that is not UTF-8 (pathFromBytes) reaches git as the file's name.
    input: Buffer.concat(options.files.map((file) => Buffer.concat([pathToBytes(file), Buffer.of(0)]))),
    stdio: ["pipe", "pipe", "ignore"],
  });
  if (r.status !== 0) return false; // 1: none ignored; 128: git could not tell
  const ignored = new Set(pathFromBytes(r.stdout).split("\0"));
  return options.files.every((file) => ignored.has(file));
}
