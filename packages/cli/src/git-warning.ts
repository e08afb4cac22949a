import { basename, dirname } from "node:path";
import type { GitFileState } from "./git-file-states.js";

/** The warning to print for a file holding credentials, given how git sees it (gitFileStates), if any. */
export function gitWarning(path: string, state: GitFileState | undefined): string | undefined {
  if (state === "tracked") {
    return `${path} is tracked by git: its credentials will be committed. Run: git rm --cached ${path} && echo ${basename(path)} >> ${dirname(path)}/.gitignore`;
  }
  if (state === "not-ignored") {
    return `${path} is not git-ignored: add it to .gitignore (echo ${basename(path)} >> ${dirname(path)}/.gitignore)`;
  }
  return undefined;
}
