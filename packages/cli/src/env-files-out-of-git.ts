import { basename, normalize } from "node:path";
import { gitFileStates } from "./git-file-states.js";
import { shellWord } from "./shell-word.js";

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
 * Undefined when there is none, or no git repository.
 */
export async function envFilesOutOfGitHint(files: readonly string[]): Promise<string | undefined> {
  const envFiles = files.filter(isEnvFileName);
  if (envFiles.length === 0) return undefined;
  const states = await gitFileStates(envFiles);
  // gitFileStates names files as path.join does ("./app.env" is "app.env").
  const stateOf = (file: string) => states.get(normalize(file));
  const committable = envFiles.filter((file) => ["not-ignored", "tracked"].includes(stateOf(file) ?? ""));
  if (committable.length === 0) return undefined;
  const tracked = committable.filter((file) => stateOf(file) === "tracked");
  const untrack =
    tracked.length > 0 ? `, and untrack it: \`git rm --cached -- ${tracked.map(shellWord).join(" ")}\`` : "";
  return `- a .env file stays out of git: list ${committable.map(shellWord).join(" ")} in .gitignore${untrack}`;
}
