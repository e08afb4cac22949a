import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { gitFileStates } from "./git-file-states.js";

let base: string;
let dir: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: gitEnv(), stdio: "pipe" });
/** No user or system git config, no GIT_* of a hook the tests might run in. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
  for (const key of Object.keys(env))
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|PREFIX)$/.test(key)) delete env[key];
  return env;
}
const touch = (...names: string[]) => {
  for (const name of names) writeFileSync(join(dir, name), "A=1\n");
};
const statesOf = async (...names: string[]) => {
  const states = await gitFileStates(names.map((name) => join(dir, name)));
  return Object.fromEntries(names.map((name) => [name, states.get(join(dir, name))]));
};

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "ssoenv-git-states-"));
  dir = join(base, "repo");
  mkdirSync(dir);
  git("init", "-q");
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe("gitFileStates", () => {
  it("sees ignored files whose names git quotes (not ASCII, quotes, spaces, a newline)", async () => {
    const names = [".env.ö", '.env."q"', ".env.a b", ".env.new\nline", ".env.tab\tx", ".env.back\\slash"];
    touch(...names, ".env.loose");
    writeFileSync(join(dir, ".gitignore"), ".env.*\n!.env.loose\n");
    expect(await statesOf(...names, ".env.loose")).toEqual({
      ...Object.fromEntries(names.map((name) => [name, "ignored"])),
      ".env.loose": "not-ignored",
    });
  });

  it("reads a name starting with ':' as a name, not as git's pathspec magic", async () => {
    touch(":tracked.env", ":ignored.env");
    writeFileSync(join(dir, ".gitignore"), ":ignored.env\n");
    git("add", "--", "./:tracked.env");
    expect(await statesOf(":tracked.env", ":ignored.env")).toEqual({
      ":tracked.env": "tracked",
      ":ignored.env": "ignored",
    });
  });

  it("tells a tracked file .gitignore lists from one it does not", async () => {
    mkdirSync(join(dir, "sub"));
    touch("sub/listed.env", "sub/unlisted.env");
    writeFileSync(join(dir, ".gitignore"), "listed.env\n");
    git("add", "-f", "sub/listed.env", "sub/unlisted.env");
    expect(await statesOf("sub/listed.env", "sub/unlisted.env")).toEqual({
      "sub/listed.env": "tracked-ignored",
      "sub/unlisted.env": "tracked",
    });
  });

  it("names a glob-like file only for itself", async () => {
    touch("a[1].env", "a1.env");
    git("add", "a1.env");
    expect(await statesOf("a[1].env", "a1.env")).toEqual({ "a[1].env": "not-ignored", "a1.env": "tracked" });
  });
});

describe("gitFileStates where git does not answer", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("says git failed, not that there is no repository, when git refuses one (owned by another user)", async () => {
    touch(".env");
    // git's own switch for the check it makes on a repository owned by another user (safe.directory).
    vi.stubEnv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1");
    expect(await statesOf(".env")).toEqual({ ".env": "git-failed" });
  });

  it("says git failed, not that there is no repository, for a worktree whose repository was moved", async () => {
    // git says "fatal: not a git repository: /…/moved/.git/worktrees/repo": a repository is there,
    // broken, and a .env in it is not known to be ignored. Its English words used to make it "no-repo".
    rmSync(join(dir, ".git"), { recursive: true });
    writeFileSync(join(dir, ".git"), `gitdir: ${join(base, "moved", ".git", "worktrees", "repo")}\n`);
    touch(".env");
    expect(await statesOf(".env")).toEqual({ ".env": "git-failed" });
  });

  it("says there is no repository outside one", async () => {
    rmSync(join(dir, ".git"), { recursive: true });
    touch(".env");
    vi.stubEnv("GIT_CEILING_DIRECTORIES", base); // no repository above the temp folder either
    expect(await statesOf(".env")).toEqual({ ".env": "no-repo" });
  });

  it("says there is no repository outside one when git speaks another language", async () => {
    rmSync(join(dir, ".git"), { recursive: true });
    touch(".env");
    vi.stubEnv("GIT_CEILING_DIRECTORIES", base);
    // Debian's git speaks German here ("Kein Git-Repository"), with no German locale installed.
    vi.stubEnv("LC_ALL", "");
    vi.stubEnv("LANG", "C.UTF-8");
    vi.stubEnv("LANGUAGE", "de");
    expect(await statesOf(".env")).toEqual({ ".env": "no-repo" });
  });
});

describe("gitFileStates with GIT_DIR set, as git sets it for the hooks of a linked worktree or a submodule", () => {
  const before = process.cwd();
  afterEach(() => {
    process.chdir(before);
    vi.unstubAllEnvs();
  });

  it.each([
    ["a linked worktree (absolute GIT_DIR)", "worktree"],
    ["a submodule (core.worktree)", "submodule"],
    ["a repository named by a relative GIT_DIR", "relative"],
  ])("in %s, judges files in subfolders as git does from the work tree's root", async (_, kind) => {
    writeFileSync(join(dir, ".gitignore"), "api/.env\n");
    mkdirSync(join(dir, "api"));
    touch("api/.env", "api/tracked.env");
    git("add", ".gitignore", "api/tracked.env");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "init");
    let top = dir;
    let gitDir = join(dir, ".git");
    if (kind === "worktree") {
      top = join(base, "worktree");
      git("worktree", "add", "-q", top);
      gitDir = join(dir, ".git", "worktrees", "worktree");
    } else if (kind === "submodule") {
      top = join(base, "super");
      mkdirSync(top);
      execFileSync("git", ["init", "-q"], { cwd: top, env: gitEnv() });
      execFileSync("git", ["-c", "protocol.file.allow=always", "submodule", "add", "-q", dir, "m"], {
        cwd: top,
        env: gitEnv(),
        stdio: "pipe",
      });
      gitDir = join(top, ".git", "modules", "m");
      top = join(top, "m");
    }
    writeFileSync(join(top, "api/.env"), "A=1\n");
    process.chdir(top);
    vi.stubEnv("GIT_DIR", kind === "relative" ? ".git" : gitDir);
    const states = await gitFileStates([join(top, "api/.env"), join(top, "api/tracked.env")]);
    expect(Object.fromEntries(states)).toEqual({
      [join(top, "api/.env")]: "ignored",
      [join(top, "api/tracked.env")]: "tracked",
    });
  });
});
