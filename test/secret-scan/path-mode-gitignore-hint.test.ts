/**
 * `ssoenv scan FILE` finding keys in a .env file git would commit says to keep it out of git, as the
 * hint of a blocked commit does: rotating the key alone leaves the next one in a file git takes.
 */

import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { createTempRepo, leakedSecrets, runSsoenv, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();

/** The hint line about .gitignore, if any. */
const gitignoreLine = (stderr: string) => stderr.split("\n").find((line) => line.includes(".gitignore"));

describe("ssoenv scan on a .env file holding a key", () => {
  it("says to list it in .gitignore when git does not ignore it", () => {
    const secret = keys.secret();
    repo.write("app.env", `AWS_SECRET_ACCESS_KEY=${secret}\n`);
    const scan = runSsoenv(["scan", "app.env"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    expect(leakedSecrets([secret], scan.stdout, scan.stderr)).toEqual([]);
    expect(gitignoreLine(scan.stderr)).toBe("- a .env file stays out of git: list app.env in .gitignore");
  });

  it("says to untrack it too when git tracks it, and that command untracks it", () => {
    repo.write("config/.env.local", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.git("add", "-f", "config/.env.local");
    const scan = runSsoenv(["scan", "config/.env.local"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    const line = gitignoreLine(scan.stderr) ?? "";
    expect(line).toBe(
      "- a .env file stays out of git: list config/.env.local in .gitignore, and untrack it: `git rm --cached -- config/.env.local`",
    );
    const untrack = /`([^`]+)`/.exec(line)?.[1] as string;
    expect(spawnSync("sh", ["-c", untrack], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    expect(repo.git("ls-files").stdout).toBe("");
  });

  it("says only to untrack it when .gitignore lists it already (git keeps committing a tracked file), and that command is enough", () => {
    repo.write(".gitignore", ".env*\n");
    repo.write(".env.local", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.git("add", "-f", ".env.local");
    const scan = runSsoenv(["scan", ".env.local"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    const line = gitignoreLine(scan.stderr) ?? "";
    expect(line).toBe(
      "- a .env file stays out of git: untrack it: `git rm --cached -- .env.local` (.gitignore lists .env.local, but git keeps committing a tracked file)",
    );
    const untrack = /`([^`]+)`/.exec(line)?.[1] as string;
    expect(spawnSync("sh", ["-c", untrack], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    expect(repo.git("status", "--porcelain", "--ignored", "--", ".env.local").stdout).toBe("!! .env.local\n");
  });

  it("names files whose names git quotes (a space, not ASCII) in commands a shell reads back", () => {
    repo.write(".gitignore", ".env.ö\n");
    for (const name of [".env.ö", "my app.env"]) {
      repo.write(name, `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
      repo.git("add", "-f", name);
    }
    const scan = runSsoenv(["scan", ".env.ö", "my app.env"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    const line = gitignoreLine(scan.stderr) ?? "";
    expect(line).toBe(
      "- a .env file stays out of git: list 'my app.env' in .gitignore, and untrack it: `git rm --cached -- '.env.ö' 'my app.env'` (.gitignore lists '.env.ö', but git keeps committing a tracked file)",
    );
    const untrack = /`([^`]+)`/.exec(line)?.[1] as string;
    expect(spawnSync("sh", ["-c", untrack], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    expect(repo.git("ls-files").stdout).toBe("");
  });

  it("says nothing about .gitignore when .gitignore lists it, for a file that is no .env, or outside git", () => {
    repo.write(".gitignore", "*.env\n");
    repo.write("app.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.write("deploy.sh", `export AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.write(".env.example", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    const scan = runSsoenv(["scan", "app.env", "deploy.sh", ".env.example"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(scan.status).toBe(1);
    expect(scan.stderr).toContain("3 plaintext AWS credential(s) in 3 file(s)");
    expect(gitignoreLine(scan.stderr)).toBeUndefined();

    const elsewhere = createTempRepo(false);
    try {
      elsewhere.write("app.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
      const outside = runSsoenv(["scan", "app.env"], { cwd: elsewhere.dir, env: elsewhere.env });
      expect(outside.status).toBe(1);
      expect(gitignoreLine(outside.stderr)).toBeUndefined();
    } finally {
      elsewhere.cleanup();
    }
  });
});
