import { basename, normalize } from "node:path";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { gitFileStates } from "./git-file-states.js";
import { gitRmCachedCommand } from "./git-rm-cached-command.js";

/** Files meant to be committed as examples: a key there goes, but the file stays in git. */
const TEMPLATE_SUFFIXES = [".example", ".sample", ".template", ".dist"];

/**
 * A .env-like name: `.env`, `.env.local`, `app.env`; not a template such as `.env.example`.
 *
 * @example isEnvFileName("config/.env.local") // true
 */
export function isEnvFileName(path: string): boolean {
  const name = basename(path);
  if (TEMPLATE_SUFFIXES.some((suffix) => name.endsWith(suffix))) return false;
  return name === ".env" || name.startsWith(".env.") || name.endsWith(".env");
}

/**
 * The hint line for .env files holding keys that git would commit (not ignored, or tracked), as a
 * blocked commit's hint says it: rotating a key in a file git takes leaves the next one there too.
 * A tracked file that .gitignore lists already is only to be untracked (git keeps committing it).
 * `shown` names a file for the user (from the folder they stand in). Undefined when there is none,
 * or no git repository.
 */
export async function envFilesOutOfGitHint(
  files: readonly string[],
  shown: (file: string) => string = (file) => file,
): Promise<string | undefined> {
  const envFiles = files.filter(isEnvFileName);
  if (envFiles.length === 0) return undefined;
  const states = await gitFileStates(envFiles);
  // gitFileStates names files as path.join does ("./app.env" is "app.env").
  const stateOf = (file: string) => states.get(normalize(file));
  const inState = (...wanted: string[]) => envFiles.filter((file) => wanted.includes(stateOf(file) ?? ""));
  const toList = inState("not-ignored", "tracked");
  const tracked = inState("tracked", "tracked-ignored");
  const listed = inState("tracked-ignored");
  if (toList.length === 0 && tracked.length === 0) return undefined;
  const words = (names: string[]) => names.map((name) => shellWord(shown(name))).join(" ");
  const untrack =
    tracked.length === 0
      ? ""
      : `untrack it: \`${gitRmCachedCommand(tracked.map(shown))}\`${listed.length > 0 ? ` (.gitignore lists ${words(listed)}, but git keeps committing a tracked file)` : ""}`;
  if (toList.length === 0) return `- a .env file stays out of git: ${untrack}`;
  return `- a .env file stays out of git: list ${words(toList)} in .gitignore${untrack ? `, and ${untrack}` : ""}`;
}
