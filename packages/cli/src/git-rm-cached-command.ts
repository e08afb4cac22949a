import { shellWord } from "./shell-word.js";

/**
 * `git rm --cached -- PATH…` for the user to paste: untracks the files, keeps them on disk. Each path
 * is one shell word and names itself to git (a path starting with ":" would be pathspec magic:
 * "./:x.env" is not). With `folder`, git runs there (`git -C`): the command works from anywhere, a
 * file in a submodule included, with paths relative to that folder.
 *
 * @example gitRmCachedCommand(["my app.env"]) // "git rm --cached -- 'my app.env'"
 */
export function gitRmCachedCommand(paths: readonly string[], folder?: string): string {
  const words = paths.map((path) => shellWord(path.startsWith(":") ? `./${path}` : path));
  return `git${folder === undefined ? "" : ` -C ${shellWord(folder)}`} rm --cached -- ${words.join(" ")}`;
}
