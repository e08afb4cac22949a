import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Absolute path of an executable on PATH, or undefined (a test then skips, naming the tool). */
export function findTool(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Says on stderr which tool is missing, so a skip never passes silently. */
export function warnMissing(tool: string, what: string): void {
  console.warn(`[test/container] ${tool} not found on PATH: skipping ${what}`);
}
