/**
 * `ssoenv scan PATH` run by a hook, with GIT_DIR set as git sets it there: for the hooks of a linked
 * worktree (`git worktree add`), GIT_DIR names the worktree's git dir and the hook runs at the work
 * tree's root; GIT_WORK_TREE is not set. Git then takes the folder it runs in as the work tree's
 * root: asked from a scanned subfolder, it would judge that folder's files as if it were the root.
 */
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { leakedSecrets, runSsoenv, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();

describe("ssoenv scan FOLDER with GIT_DIR set, as in a hook", () => {
  it.each([
    ["a linked worktree's (absolute GIT_DIR)", "worktree"],
    ["a relative GIT_DIR", "relative"],
  ])(
    "in %s, scans a tracked file a .gitignore pattern matches, and leaves out the ignored ones",
    (_, kind) => {
      repo.git("commit", "-q", "--allow-empty", "-m", "init");
      let top = repo.dir;
      let gitDir = ".git";
      if (kind === "worktree") {
        top = join(repo.dir, "..", "worktree");
        expect(repo.git("worktree", "add", "-q", top).status).toBe(0);
        gitDir = join(repo.dir, ".git", "worktrees", "worktree");
      }
      const write = (path: string, text: string) => {
        repo.write(join("..", top === repo.dir ? "repo" : "worktree", path), text);
      };
      const secret = keys.secret();
      write("sub/.gitignore", "*.log\n");
      write("sub/kept.log", `AWS_SECRET_ACCESS_KEY=${secret}\n`); // force-added: committed, so scanned
      write("sub/build.log", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`); // ignored: left out
      const inTop = (...args: string[]) =>
        runSsoenv(args, { cwd: top, env: { ...repo.env, GIT_DIR: gitDir } });
      expect(repo.git("-C", top, "add", "-f", "sub/kept.log", "sub/.gitignore").status).toBe(0);

      const scan = inTop("scan", "sub");
      expect(scan.stdout).toMatch(/^sub\/kept\.log:1:23 aws-secret-access-key /);
      expect(scan.stdout).not.toContain("build.log");
      expect(scan.status).toBe(1);
      expect(scan.stderr).toContain("skipped 1 git-ignored file(s) or folder(s): sub/build.log");
      expect(leakedSecrets([secret], scan.stdout, scan.stderr)).toEqual([]);
    },
  );
});
