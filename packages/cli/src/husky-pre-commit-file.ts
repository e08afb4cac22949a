import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * When husky manages the hooks folder, the file the team's pre-commit commands go in (where
 * `ssoenv scan --staged` belongs), else undefined. husky 9 points core.hooksPath at `.husky/_`,
 * whose generated hooks find the team's script by their own name (`.husky/` + `basename $0`): a
 * hook chained under another name would silently run nothing, and husky rewrites that folder on
 * every install. husky 5-8 point it at `.husky` (a committed folder), husky 4 writes
 * `.git/hooks/husky.sh` and reads the commands from package.json.
 */
export function huskyPreCommitFile(options: {
  hooksDir: string;
  current: string | undefined;
}): string | undefined {
  const { hooksDir, current } = options;
  const husky9 = basename(hooksDir) === "_" && existsSync(join(hooksDir, "h"));
  if (husky9) return join(dirname(hooksDir), "pre-commit");
  if (existsSync(join(hooksDir, "_", "husky.sh"))) return join(hooksDir, "pre-commit");
  if (existsSync(join(hooksDir, "husky.sh")) || current?.includes("husky")) {
    return "the pre-commit command of husky's configuration (package.json)";
  }
  return undefined;
}
