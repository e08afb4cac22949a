import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * `git rm --cached -- PATH…` for the user to paste: untracks the files, keeps them on disk. Each path
 * is one shell word and names that file alone to git: a path git would read as a pattern (`a[1].env`
 * also matches a1.env, `back\slash.env` backslash.env) or as pathspec magic (a leading ":") is given as
 * `:(literal)PATH`. With `folder`, git runs there (`git -C`): the command works from anywhere, a file
 * in a submodule included, with paths relative to that folder.
 *
 * @example gitRmCachedCommand(["my app.env"]) // "git rm --cached -- 'my app.env'"
 * @example gitRmCachedCommand(["a[1].env"]) // "git rm --cached -- ':(literal)a[1].env'"
 */
export function gitRmCachedCommand(paths: readonly string[], folder?: string): string {
  const words = paths.map((path) => shellWord(/^:|[*?[\\]/.test(path) ? `:(literal)${path}` : path));
  return `git${folder === undefined ? "" : ` -C ${shellWord(folder)}`} rm --cached -- ${words.join(" ")}`;
}
