import { basename, dirname, join } from "node:path";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import type { GitFileState } from "./git-file-states.js";
import { gitRmCachedCommand } from "./git-rm-cached-command.js";

/** What is wrong with where a file holding credentials stands in git, and the fix as commands to paste. */
export interface GitWarning {
  /** e.g. "/app/.env is not git-ignored" */
  problem: string;
  /** e.g. "add it to .gitignore (echo .env >> /app/.gitignore)" */
  fix: string;
}

/**
 * The warning for a file holding credentials, given how git sees it (gitFileStates), if any. Its
 * commands work when pasted into a POSIX shell whatever the name (spaces, quotes, `$`, `*`, `#`...).
 *
 * @example gitWarning("/app/.env", "not-ignored")?.fix // "add it to .gitignore (echo .env >> /app/.gitignore)"
 */
export function gitWarning(path: string, state: GitFileState | undefined): GitWarning | undefined {
  const untrack = gitRmCachedCommand([basename(path)], dirname(path));
  if (state === "tracked") {
    return {
      problem: `${path} is tracked by git, so its credentials will be committed`,
      fix: `untrack it and list it in .gitignore (${untrack} && ${appendToGitignore(path)})`,
    };
  }
  if (state === "tracked-ignored") {
    // .gitignore keeps only untracked files out: "list it" would send the user to a line already there.
    return {
      problem: `${path} is tracked by git although .gitignore lists it (git keeps committing a tracked file), so its credentials will be committed`,
      fix: `untrack it (${untrack})`,
    };
  }
  if (state === "git-failed") {
    // git's own message says why (and the safe.directory command for a repository of another user).
    const folder = dirname(path);
    return {
      problem: `git does not answer for ${folder}: ssoenv cannot tell whether ${path} is git-ignored`,
      fix: `see why (git -C ${shellWord(folder)} status)`,
    };
  }
  if (state === "not-ignored") {
    return {
      problem: `${path} is not git-ignored`,
      fix: `add it to .gitignore (${appendToGitignore(path)})`,
    };
  }
  return undefined;
}

/** The command adding a line for `path` to the .gitignore of its folder. */
function appendToGitignore(path: string): string {
  const pattern = gitignorePattern(basename(path));
  // zsh's and dash's echo read backslashes as escapes; printf '%s\n' writes them as they are.
  const write = pattern.includes("\\")
    ? `printf '%s\\n' ${shellWord(pattern)}`
    : `echo ${shellWord(pattern)}`;
  return `${write} >> ${shellWord(join(dirname(path), ".gitignore"))}`;
}

/**
 * A .gitignore line matching the file `name` and no other: `*?[\` escaped, a leading `#` (comment),
 * `!` (negation) or `-` (an option to echo) escaped, trailing spaces kept (git drops them unescaped).
 */
function gitignorePattern(name: string): string {
  return (
    name
      .replace(/[\\*?[]/g, "\\$&")
      .replace(/^[#!-]/, "\\$&")
      .replace(/ +$/, (spaces) => "\\ ".repeat(spaces.length))
      // A .gitignore line cannot hold a newline: "?" stands for it.
      .replaceAll("\n", "?")
  );
}
