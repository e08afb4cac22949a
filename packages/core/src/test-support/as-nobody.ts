import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Root ignores file modes, so as root the tests that need a permission error run ssoenv as uid 65534
 * ("nobody") through util-linux's setpriv. That user runs the checkout's code, so it must be able to
 * reach the checkout: a clone in `mktemp -d` (mode 700) is not, and those tests used to fail with
 * nothing but "expected 1 to be 2". `.ci/run` opens the way (`chmod o+x`); elsewhere they skip, naming
 * the folder and that command.
 */
export const NOBODY_UID = 65534;

/** The words that run a command as {@link NOBODY_UID}: `[...AS_NOBODY, command, ...args]`. */
export const AS_NOBODY: readonly [string, ...string[]] = [
  "setpriv",
  `--reuid=${NOBODY_UID}`,
  `--regid=${NOBODY_UID}`,
  "--clear-groups",
];

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/**
 * Whether this process may run commands as nobody: not root (the tests then run as this user), or
 * root with setpriv and a checkout nobody can reach. Otherwise it says why on stderr and returns
 * false (the caller skips `what`), or throws under SSOENV_REQUIRE_TOOLS=1 (CI), where a skip would
 * hide a broken set-up.
 */
export function canRunAsNobody(what: string): boolean {
  if (process.getuid?.() !== 0) return true;
  let problem: string | undefined;
  if (spawnSync("setpriv", ["--version"], { stdio: "ignore" }).error) {
    problem = "setpriv (util-linux) is not installed: root cannot drop to uid 65534";
  } else {
    const closed = folderNobodyCannotEnter(REPO_ROOT);
    if (closed !== undefined)
      problem = `uid ${NOBODY_UID} cannot reach the checkout through ${closed}: run chmod o+x ${closed} (as .ci/run does)`;
  }
  if (problem === undefined) return true;
  const message = `${problem}; skipping ${what}`;
  if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error(message);
  console.warn(message);
  return false;
}

/**
 * The first folder from `/` down to `path` (included) that nobody may not search, by its mode bits
 * (owner, group or others, as the kernel picks them); undefined when every one lets nobody through.
 */
export function folderNobodyCannotEnter(path: string): string | undefined {
  const folders: string[] = [];
  for (let folder = resolve(path); ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of folders) {
    const { uid, gid, mode } = statSync(folder);
    const searchBit = uid === NOBODY_UID ? 0o100 : gid === NOBODY_UID ? 0o010 : 0o001;
    if ((mode & searchBit) === 0) return folder;
  }
  return undefined;
}
