import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { statPath } from "./stat-path.js";

/**
 * The programs named `name` on `env.PATH` (`Path` as Windows may spell it), in PATH order: each an
 * executable regular file, so a folder or a file without its x bit so named is not one; on Windows
 * `name.exe` and `name.cmd` too. Empty PATH entries are skipped (execvp would look in the working
 * folder: only cannot-run.ts, which says what execvp ran, follows it there).
 *
 * @example executablesOnPath("aws", process.env) // ["/home/me/.local/bin/aws", "/usr/bin/aws"]
 */
export function executablesOnPath(name: string, env: NodeJS.ProcessEnv): string[] {
  const dirs = (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean);
  const extensions = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  return dirs.flatMap((dir) => extensions.map((ext) => join(dir, name + ext))).filter(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statPath(path)?.isFile() ?? false;
  } catch {
    return false;
  }
}
