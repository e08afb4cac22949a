/**
 * Merge commits through the installed hooks: git makes a merge commit without running pre-commit
 * (it runs pre-merge-commit), so a key that came in on another branch must be caught there too.
 * Real git, the built binary.
 */
import { randomInt } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { leakedSecrets, runSsoenv, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();
const ssoenv = (...args: string[]) => runSsoenv(args, { cwd: repo.dir, env: repo.env });
const hooks = () => join(repo.dir, ".git", "hooks");

/** main with one commit, and a branch `feature` that adds `file` (committed before any hook). */
function branchAdding(file: string, content: string): void {
  repo.write("README.md", "hello\n");
  repo.git("add", "README.md");
  repo.git("commit", "-q", "-m", "base");
  repo.git("checkout", "-q", "-b", "feature");
  repo.write(file, content);
  repo.git("add", "-f", file);
  repo.git("commit", "-q", "-m", "feature");
  repo.git("checkout", "-q", "main");
  repo.write("other.txt", "main moved on\n");
  repo.git("add", "other.txt");
  repo.git("commit", "-q", "-m", "main");
}

describe("ssoenv hook install and merges", () => {
  it("blocks a merge without conflicts (git merge --no-ff) that brings in a key; a clean merge goes through", () => {
    const secret = keys.secret();
    branchAdding("creds.env", `AWS_SECRET_ACCESS_KEY=${secret}\n`);
    expect(ssoenv("hook", "install").status).toBe(0);

    const merge = repo.git("merge", "--no-ff", "-m", "merge feature", "feature");
    expect(merge.status).not.toBe(0);
    expect(merge.stderr).toContain("creds.env:1:23 aws-secret-access-key");
    // Editing the merge does not take the key out of that branch's history: the hint says so.
    expect(merge.stderr).toContain(
      "this is a merge: a key that comes from the branch being merged is in that branch's history",
    );
    expect(merge.stderr).toContain("`git merge --abort`, take it out of that branch's commits");
    expect(leakedSecrets([secret], merge.stdout, merge.stderr)).toEqual([]);
    expect(repo.git("log", "-1", "--format=%s").stdout.trim()).toBe("main");
    repo.git("merge", "--abort");

    repo.git("checkout", "-q", "-b", "clean", "main");
    repo.write("notes.txt", "nothing secret\n");
    repo.git("add", "notes.txt");
    repo.git("commit", "-q", "-m", "notes");
    repo.git("checkout", "-q", "main");
    expect(repo.git("merge", "--no-ff", "-m", "merge clean", "clean").status).toBe(0);
    expect(repo.git("log", "-1", "--format=%s").stdout.trim()).toBe("merge clean");
  });

  it("chains an existing pre-merge-commit hook, and uninstall puts it back", () => {
    mkdirSync(hooks(), { recursive: true });
    const previous = '#!/bin/sh\necho ran >> "$(git rev-parse --git-dir)/merge-hook-ran"\n';
    writeFileSync(join(hooks(), "pre-merge-commit"), previous, { mode: 0o755 });
    branchAdding("notes.txt", "nothing secret\n");
    expect(ssoenv("hook", "install").status).toBe(0);
    expect(readFileSync(join(hooks(), "pre-merge-commit.local"), "utf8")).toBe(previous);
    expect(repo.git("merge", "--no-ff", "-m", "merge", "feature").status).toBe(0);
    expect(readFileSync(join(repo.dir, ".git", "merge-hook-ran"), "utf8")).toBe("ran\n");

    expect(ssoenv("hook", "uninstall").status).toBe(0);
    expect(readFileSync(join(hooks(), "pre-merge-commit"), "utf8")).toBe(previous);
  });

  it("refuses before changing anything when one hook's .local is taken (no half-installed state)", () => {
    mkdirSync(hooks(), { recursive: true });
    writeFileSync(join(hooks(), "pre-merge-commit"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    writeFileSync(join(hooks(), "pre-merge-commit.local"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    const r = ssoenv("hook", "install");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("pre-merge-commit.local is taken too");
    expect(() => readFileSync(join(hooks(), "pre-commit"))).toThrow();
  });
});
