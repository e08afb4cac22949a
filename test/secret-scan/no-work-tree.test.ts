/**
 * `ssoenv scan --staged` where git has no work tree to take a commit from (a bare repository) or
 * cannot open the repository: what it says names the place and the fix, through
 * real git, whatever language git speaks.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTempRepo, runSsoenv } from "./helpers.js";

describe("ssoenv scan --staged without a work tree", () => {
  it("says a bare repository is one, and to run it in a clone", () => {
    const bare = createTempRepo(false);
    try {
      bare.git("init", "-q", "--bare");
      const r = runSsoenv(["scan", "--staged"], { cwd: bare.dir, env: bare.env });
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `ssoenv: ${bare.dir} is a bare repository: it has no work tree or index, so nothing is staged or committed in it`,
        "hint: run `ssoenv scan --staged` (or ssoenv hook install) in a clone, where commits are made: git clone PATH",
      ]);
      expect(r.status).toBe(2);
    } finally {
      bare.cleanup();
    }
  });

  it("says git cannot open the repository, the same way in any language git speaks", () => {
    // A linked worktree whose repository was moved away: its .git file names a folder that is gone,
    // and git stops there. Before, git's English was read to tell this from "not inside a git
    // repository"; the German "Schwerwiegend" came out as another failure.
    const broken = createTempRepo(false);
    try {
      writeFileSync(
        join(broken.dir, ".git"),
        `gitdir: ${join(broken.dir, "..", "moved", ".git", "worktrees", "repo")}\n`,
      );
      const inLanguage = (language: string) =>
        runSsoenv(["scan", "--staged"], {
          cwd: broken.dir,
          env: { ...broken.env, LANGUAGE: language, LANG: "C.UTF-8", LC_ALL: "" },
        });
      for (const r of [inLanguage("en"), inLanguage("de")]) {
        const [message, hint, ...rest] = r.stderr.trimEnd().split("\n");
        expect(message).toMatch(new RegExp(`^ssoenv: git cannot open a repository in ${broken.dir}: \\S`));
        expect(hint).toBe(
          "hint: `git status` there says the same: fix what it names, or scan files: ssoenv scan PATH",
        );
        expect(rest).toEqual([]);
        expect(r.status).toBe(2);
      }
    } finally {
      broken.cleanup();
    }
  });

  it("an empty .git folder is no repository, as git sees it: named as outside one", () => {
    // A failed clone, a copy that left its content out: git passes it by, and so does the scan.
    const empty = createTempRepo(false);
    try {
      mkdirSync(join(empty.dir, ".git"));
      const r = runSsoenv(["scan", "--staged"], { cwd: empty.dir, env: empty.env });
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `ssoenv: ${empty.dir} is not inside a git repository`,
        "hint: run `ssoenv scan --staged` inside a repository, or scan files: ssoenv scan PATH",
      ]);
      expect(r.status).toBe(2);
    } finally {
      empty.cleanup();
    }
  });
});
