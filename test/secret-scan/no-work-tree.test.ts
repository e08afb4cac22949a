/**
 * `ssoenv scan --staged` where git has no work tree to take a commit from (a bare repository) or
 * cannot open the repository: what it says names the place and the fix, through
 * real git, whatever language git speaks.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTempRepo, runSsoenv } from "./helpers.js";

describe("ssoenv scan --staged without a work tree", () => {
  // From the repository's folder and from its hooks folder: hook install used to say INVALID_ARGUMENT
  // and scan --staged NO_WORK_TREE, both naming the folder they ran in (app.git/hooks), which is not
  // the repository. No hook is written: no commit is made there, so it would never run.
  it("scan --staged and hook install, in a bare repository or its hooks folder: one error naming the repository, exit 2", () => {
    const bare = createTempRepo(false);
    try {
      bare.git("init", "-q", "--bare");
      const hooks = join(bare.dir, "hooks");
      mkdirSync(hooks, { recursive: true });
      for (const cwd of [bare.dir, hooks]) {
        for (const args of [
          ["scan", "--staged"],
          ["hook", "install"],
        ]) {
          const r = runSsoenv(args, { cwd, env: bare.env });
          expect(r.stderr.trimEnd().split("\n"), `${args.join(" ")} in ${cwd}`).toEqual([
            `ssoenv: ${bare.dir} is a bare repository: it has no work tree or index, so nothing is staged or committed in it`,
            "hint: run `ssoenv scan --staged` (or ssoenv hook install) in a clone, where commits are made: git clone PATH",
          ]);
          expect(r.status).toBe(2);
        }
      }
      expect(existsSync(join(hooks, "pre-commit"))).toBe(false);
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

describe("ssoenv scan FOLDER in git's own files (a bare repository, .git)", () => {
  it("a bare repository: says it has no work tree and its commits are compressed, exit 2", () => {
    // It used to walk the objects (zlib-compressed: no key can be seen in them) and say clean, exit 0.
    const origin = createTempRepo();
    try {
      origin.write("a.txt", "hello\n");
      origin.git("add", "a.txt");
      origin.git("commit", "-q", "-m", "one");
      const bare = join(origin.dir, "..", "app.git");
      origin.git("clone", "-q", "--bare", origin.dir, bare);
      for (const [folder, args] of [
        [bare, ["scan"]],
        [bare, ["scan", "."]],
        [join(bare, "objects"), ["scan", "."]],
      ] as const) {
        const r = runSsoenv([...args], { cwd: folder, env: origin.env });
        expect(r.stderr.trimEnd().split("\n")).toEqual([
          `ssoenv: ${folder} is in a bare repository, which has no work tree: its commits are stored compressed, where a file scan sees no key`,
          "hint: scan the files of a clone (git clone PATH), or name the files to scan",
        ]);
        expect(r.status).toBe(2);
      }
      // A file named is scanned (a hook script, the config).
      expect(runSsoenv(["scan", "config"], { cwd: bare, env: origin.env }).status).toBe(0);
    } finally {
      origin.cleanup();
    }
  });

  it("a work tree's .git folder: named as git's own, exit 2", () => {
    const repo = createTempRepo();
    try {
      const r = runSsoenv(["scan", ".git"], { cwd: repo.dir, env: repo.env });
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `ssoenv: ${join(repo.dir, ".git")} is in git's own folder (.git): its commits are stored compressed, where a file scan sees no key`,
        "hint: scan the work tree (the folder holding .git), or name the files to scan",
      ]);
      expect(r.status).toBe(2);
    } finally {
      repo.cleanup();
    }
  });
});

describe("ssoenv scan FOLDER holding bare repositories", () => {
  it("passes each by, with one line naming it, and scans the rest", () => {
    // It used to walk their objects (compressed: no key can be seen) and say clean.
    const origin = createTempRepo();
    try {
      origin.write("a.txt", "hello\n");
      origin.git("add", "a.txt");
      origin.git("commit", "-q", "-m", "one");
      const srv = join(origin.dir, "..", "srv");
      origin.git("clone", "-q", "--bare", origin.dir, join(srv, "app.git"));
      writeFileSync(join(srv, "notes.txt"), "hello\n");
      const r = runSsoenv(["scan", "."], { cwd: srv, env: origin.env });
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        "ssoenv scan: skipped 1 bare repository (commits stored compressed, where a file scan sees no key): app.git; scan the files of a clone (git clone PATH)",
      ]);
      expect(r.status).toBe(0);
    } finally {
      origin.cleanup();
    }
  });
});
