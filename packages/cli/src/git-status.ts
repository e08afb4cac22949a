import { execFile } from "node:child_process";
import { basename, dirname } from "node:path";

/** How git sees a file: tracked (will be committed), ignored, not ignored, or no git repository here. */
export type GitFileState = "tracked" | "ignored" | "not-ignored" | "no-repo";

/**
 * `git ls-files` / `git check-ignore` for one file. Missing git counts as "no-repo": a warning about
 * .gitignore is only useful where git is.
 */
export async function gitFileState(path: string): Promise<GitFileState> {
  const cwd = dirname(path);
  const name = basename(path);
  const tracked = await git(["ls-files", "--error-unmatch", "--", name], cwd);
  if (tracked === 0) return "tracked";
  if (tracked === undefined || tracked === 128) return "no-repo";
  const ignored = await git(["check-ignore", "-q", "--", name], cwd);
  if (ignored === 0) return "ignored";
  return ignored === 1 ? "not-ignored" : "no-repo";
}

/** The warning to print for a file holding credentials, if any. */
export function gitWarning(path: string, state: GitFileState): string | undefined {
  if (state === "tracked") {
    return `${path} is tracked by git: its credentials will be committed. Run: git rm --cached ${path} && echo ${basename(path)} >> ${dirname(path)}/.gitignore`;
  }
  if (state === "not-ignored") {
    return `${path} is not git-ignored: add it to .gitignore (echo ${basename(path)} >> ${dirname(path)}/.gitignore)`;
  }
  return undefined;
}

function git(args: string[], cwd: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd }, (error) => {
      if (!error) return resolve(0);
      const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
      resolve(typeof code === "number" ? code : undefined);
    });
  });
}
