import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitFileState, gitFileStates } from "./git-file-states.js";
import { gitWarning } from "./git-warning.js";

/** Names a pasted command or a .gitignore line could get wrong: shell and .gitignore specials. */
const HOSTILE = [
  ".env",
  ".env.$HOME",
  ".env.it's",
  '.env."q"',
  "#hash.env",
  "!bang.env",
  "-n",
  "st*r.env",
  "q?.env",
  "a[1].env",
  "back\\slash.env",
  "trailing.env ",
  ".env.ö",
  "new\nline.env",
  ":colon.env",
];
/** Files the .gitignore line of a hostile name must not match. */
const BYSTANDERS = ["stXr.env", "qx.env", "a1.env", "trailing.env", "backslash.env"];

let root: string;
let folder: string; // a folder whose name needs quoting too
const env = (): NodeJS.ProcessEnv => {
  const copy: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
  };
  for (const key of Object.keys(copy))
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|PREFIX)$/.test(key)) delete copy[key];
  return copy;
};
const git = (...args: string[]) => execFileSync("git", args, { cwd: folder, env: env(), stdio: "pipe" });
const pathsOf = (names: string[]) => names.map((name) => join(folder, name));

/** Runs the command in the fix's parentheses with sh, as a user pasting it would (from elsewhere). */
function paste(fix: string): void {
  const command = /\((.*)\)$/s.exec(fix)?.[1];
  expect(command, fix).toBeDefined();
  execFileSync("sh", ["-c", command as string], { cwd: tmpdir(), env: env(), stdio: "pipe" });
}

async function statesOf(names: string[]): Promise<GitFileState[]> {
  const states = await gitFileStates(pathsOf(names));
  return pathsOf(names).map((path) => states.get(path) as GitFileState);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "ssoenv-git-warning-"));
  folder = join(root, "my app's $dir");
  mkdirSync(folder);
  git("init", "-q");
  for (const name of [...HOSTILE, ...BYSTANDERS]) writeFileSync(join(folder, name), "A=1\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("gitWarning's fix, pasted into sh", () => {
  it("makes git ignore a file it did not, and no other file", async () => {
    expect(await statesOf(HOSTILE)).toEqual(HOSTILE.map(() => "not-ignored"));
    for (const path of pathsOf(HOSTILE)) paste(gitWarning(path, "not-ignored")?.fix ?? "");
    expect(await statesOf(HOSTILE)).toEqual(HOSTILE.map(() => "ignored"));
    expect(await statesOf(BYSTANDERS)).toEqual(BYSTANDERS.map(() => "not-ignored"));
  });

  it("untracks a tracked file and makes git ignore it, and no other file (a1.env stays tracked by a[1].env's fix)", async () => {
    git("add", "--", ...[...HOSTILE, ...BYSTANDERS].map((name) => `./${name}`));
    expect(await statesOf(HOSTILE)).toEqual(HOSTILE.map(() => "tracked"));
    for (const path of pathsOf(HOSTILE)) paste(gitWarning(path, "tracked")?.fix ?? "");
    expect(await statesOf(HOSTILE)).toEqual(HOSTILE.map(() => "ignored"));
    expect(await statesOf(BYSTANDERS)).toEqual(BYSTANDERS.map(() => "tracked"));
  });

  it("only untracks a tracked file .gitignore lists, and says .gitignore lists it", async () => {
    writeFileSync(join(folder, ".gitignore"), "*\n");
    git("add", "-f", "--", ...HOSTILE.map((name) => `./${name}`));
    expect(await statesOf(HOSTILE)).toEqual(HOSTILE.map(() => "tracked-ignored"));
    for (const path of pathsOf(HOSTILE)) {
      const warning = gitWarning(path, "tracked-ignored");
      expect(warning?.problem).toBe(
        `${path} is tracked by git although .gitignore lists it (git keeps committing a tracked file), so its credentials will be committed`,
      );
      paste(warning?.fix ?? "");
    }
    expect(await statesOf(HOSTILE)).toEqual(HOSTILE.map(() => "ignored"));
    expect(execFileSync("git", ["-C", folder, "diff", "--", ".gitignore"], { env: env() }).toString()).toBe(
      "",
    );
  });

  it("says git does not answer for the folder, and the command that shows why", async () => {
    const path = join(folder, ".env");
    const warning = gitWarning(path, "git-failed");
    expect(warning?.problem).toBe(
      `git does not answer for ${folder}: ssoenv cannot tell whether ${path} is git-ignored`,
    );
    const command = /\((.*)\)$/s.exec(warning?.fix ?? "")?.[1] ?? "";
    const why = spawnSync("sh", ["-c", command], {
      cwd: tmpdir(),
      env: { ...env(), GIT_TEST_ASSUME_DIFFERENT_OWNER: "1" },
      encoding: "utf8",
    });
    expect(why.stderr).toContain("dubious ownership");
  });
});
