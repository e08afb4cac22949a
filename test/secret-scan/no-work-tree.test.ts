/**
 * `ssoenv scan --staged` where git has no work tree to take a commit from (a bare repository) or
 * cannot open the repository: what it says names the place and the fix, through
 * real git, whatever language git speaks.
 */
import { mkdirSync } from "node:fs";
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
    // An empty .git folder (a failed clone, a copy that left its content out): git finds no
    // repository there. Before, the English "unknown option `cached'" was read as "not inside a git
    // repository"; the German "Unbekannte Option" came out as "git diff failed: Fehler: ...".
    const broken = createTempRepo(false);
    try {
      mkdirSync(join(broken.dir, ".git"));
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
});
