/**
 * Baselines as a team uses them, through the built binary and real commits: accepting a key from
 * wherever one stands in the repository, several times, without dropping what was accepted before.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { runSsoenv, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();
const ssoenvIn = (folder: string, ...args: string[]) =>
  runSsoenv(args, { cwd: join(repo.dir, folder), env: repo.env });
const commit = () => repo.git("commit", "-q", "-m", "test");
const accepted = () =>
  Object.keys(JSON.parse(readFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), "utf8")).secrets);

describe("ssoenv scan --write-baseline", () => {
  it("from a subfolder, `--staged --write-baseline` accepts the blocked commit's key at the root, where the hook reads it", () => {
    expect(ssoenvIn(".", "hook", "install").status).toBe(0);
    repo.write("app/fixtures/creds.txt", `aws_secret_access_key = ${keys.secret()}\n`);
    repo.git("add", "app/fixtures/creds.txt");
    expect(commit().status).not.toBe(0);

    const write = ssoenvIn("app/fixtures", "scan", "--staged", "--write-baseline");
    expect(write.status).toBe(0);
    expect(write.stderr).toContain("wrote 1 accepted secret(s) to ../../.ssoenv-scan-baseline.json (1 new;");
    expect(accepted()).toHaveLength(1);
    repo.git("add", ".ssoenv-scan-baseline.json");
    expect(commit().status).toBe(0);
    // Path mode from the subfolder reads the same root baseline.
    expect(ssoenvIn("app/fixtures", "scan", ".").status).toBe(0);
    expect(ssoenvIn("app", "scan").status).toBe(0);
  });

  it("a subfolder holding an empty .git (no repository, as git sees it) reads the root's baseline too", () => {
    // git goes past a .git folder without HEAD, objects and refs; the baseline used to be looked for
    // in the subfolder, and a commit made from there was blocked by a key accepted at the root.
    repo.write("app/creds.txt", `aws_secret_access_key = ${keys.secret()}\n`);
    repo.git("add", "app/creds.txt");
    expect(ssoenvIn(".", "scan", "--staged", "--write-baseline").status).toBe(0);
    repo.git("add", ".ssoenv-scan-baseline.json");
    mkdirSync(join(repo.dir, "app/.git"));
    expect(repo.git("-C", "app", "rev-parse", "--show-toplevel").stdout.trim()).toBe(repo.dir);
    const staged = ssoenvIn("app", "scan", "--staged");
    expect(staged.stderr).toBe("");
    expect(staged.status).toBe(0);
  });

  it.each([["--format", "sarif"], ["--format", "json"], ["--json"]])(
    "refuses %s, which it would ignore (it prints no findings): exit 2, one line naming both flags, nothing written",
    (...format) => {
      repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
      const r = ssoenvIn(".", "scan", "--write-baseline", ...format, ".");
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `ssoenv: ${format.join(" ")} does nothing with --write-baseline, which prints no findings (it accepts them all)`,
        `hint: see them first with ssoenv scan ${format.join(" ")}, then accept them with ssoenv scan --write-baseline`,
      ]);
      expect(() => accepted()).toThrow(/ENOENT/);
    },
  );

  it("adds to the baseline: what was accepted before (elsewhere, or in another commit) stays accepted", () => {
    repo.write("legacy/a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    expect(ssoenvIn(".", "scan", "--write-baseline").status).toBe(0);
    expect(accepted()).toHaveLength(1);

    repo.write("b.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.git("add", "-f", "b.env");
    const staged = ssoenvIn(".", "scan", "--staged", "--write-baseline");
    expect(staged.status).toBe(0);
    expect(staged.stderr).toContain(
      "wrote 2 accepted secret(s) to .ssoenv-scan-baseline.json (1 new, 1 accepted before;",
    );
    expect(accepted()).toHaveLength(2);
    // The key accepted first, in a folder the staged scan never looked at, is still accepted.
    expect(ssoenvIn(".", "scan", ".").status).toBe(0);
    // Scanning one folder and writing again keeps the other's entries too.
    expect(ssoenvIn(".", "scan", "--write-baseline", "legacy").status).toBe(0);
    expect(accepted()).toHaveLength(2);
  });

  it("records each accepted key's file relative to the baseline's folder, wherever the scan ran from", () => {
    repo.write("sub/deep/a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    expect(ssoenvIn("sub", "scan", "--write-baseline", "deep").status).toBe(0);
    const file = JSON.parse(readFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), "utf8"));
    expect(Object.values(file.secrets)).toEqual([{ rule: "aws-access-key-id", path: "sub/deep/a.env" }]);
  });

  it("written again after the accepted key's file moved, records where the key is now (a file still holding it keeps its entry)", () => {
    expect(ssoenvIn(".", "hook", "install").status).toBe(0);
    repo.write("fp.cfg", `aws_secret_access_key = ${keys.secret()}\n`);
    repo.git("add", "fp.cfg");
    expect(ssoenvIn(".", "scan", "--staged", "--write-baseline").status).toBe(0);
    repo.git("add", ".ssoenv-scan-baseline.json");
    expect(commit().status).toBe(0);
    const recorded = () =>
      Object.values(JSON.parse(readFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), "utf8")).secrets);

    mkdirSync(join(repo.dir, "config"));
    repo.git("mv", "fp.cfg", "config/moved.cfg");
    expect(commit().status).toBe(0);
    const write = ssoenvIn(".", "scan", "--write-baseline", ".");
    expect(write.status).toBe(0);
    expect(write.stderr).toContain("(0 new, 1 accepted before;");
    // It said fp.cfg, a file gone: a reviewer looking for the key found nothing there.
    expect(recorded()).toEqual([{ rule: "aws-secret-access-key", path: "config/moved.cfg" }]);

    // A copy elsewhere does not move an entry whose file still holds the key.
    repo.write("copy.cfg", readFileSync(join(repo.dir, "config/moved.cfg"), "utf8"));
    expect(ssoenvIn(".", "scan", "--write-baseline", ".").status).toBe(0);
    expect(recorded()).toEqual([{ rule: "aws-secret-access-key", path: "config/moved.cfg" }]);
  });

  it("refuses a file that is not a baseline, saying why, and --write-baseline never replaces it (exit 2, untouched)", () => {
    repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const broken = '{ "version": 1, "secrets": [] }\n';
    writeFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), broken);
    const refused = ssoenvIn(".", "scan", ".");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("is not a valid ssoenv scan baseline: `secrets` is not an object");
    const write = ssoenvIn(".", "scan", "--write-baseline");
    expect(write.status).toBe(2);
    expect(write.stderr).toContain("git checkout HEAD --");
    expect(readFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), "utf8")).toBe(broken);

    // A truncated file says it is not JSON, and keeps what it holds.
    const truncated =
      '{\n  "version": 1,\n  "secrets": {\n    "ab": { "rule": "aws-access-key-id", "path": "x" }\n';
    writeFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), truncated);
    const notJson = ssoenvIn(".", "scan", "--write-baseline");
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toContain("is not a valid ssoenv scan baseline: not JSON");
    expect(readFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), "utf8")).toBe(truncated);
  });

  it("its hint's `git checkout HEAD -- PATH` runs as printed when the path holds a space or a quote", () => {
    const file = join(repo.dir, "team's baselines", "scan baseline.json");
    repo.write("team's baselines/scan baseline.json", '{ "version": 1, "secrets": {} }\n');
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "baseline");
    writeFileSync(file, '{ "version": 2 }\n');
    const refused = ssoenvIn(".", "scan", "--baseline", file, ".");
    expect(refused.status).toBe(2);
    const command = /`(git checkout HEAD -- [^`]+)`/.exec(refused.stderr)?.[1];
    expect(command).toBe(`git checkout HEAD -- '${repo.dir}/team'\\''s baselines/scan baseline.json'`);
    // Pasted into a shell, it takes the committed one back.
    const run = spawnSync("sh", ["-c", command as string], {
      cwd: repo.dir,
      env: repo.env,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(readFileSync(file, "utf8")).toBe('{ "version": 1, "secrets": {} }\n');
  });

  // 15 ssoenv runs (7 of them through the hook): ~8 s here, more on a loaded machine.
  it("a merge of two branches that each accepted a key: the conflict is named, and --staged --write-baseline keeps both sides", {
    timeout: 120_000,
  }, () => {
    expect(ssoenvIn(".", "hook", "install").status).toBe(0);
    const accept = (file: string) => {
      repo.write(file, `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
      repo.git("add", file);
      expect(ssoenvIn(".", "scan", "--staged", "--write-baseline").status).toBe(0);
      repo.git("add", ".ssoenv-scan-baseline.json");
      expect(commit().status).toBe(0);
    };
    repo.write("README", "x\n");
    repo.git("add", "README");
    expect(commit().status).toBe(0);
    // Both branches start the baseline: git cannot merge the two files (add/add), whatever the keys.
    repo.git("checkout", "-q", "-b", "feature");
    for (const n of [1, 2]) accept(`feature${n}.txt`);
    repo.git("checkout", "-q", "main");
    for (const n of [1, 2]) accept(`main${n}.txt`);
    expect(repo.git("merge", "-q", "feature").status).not.toBe(0);
    const baselineFile = join(repo.dir, ".ssoenv-scan-baseline.json");
    expect(readFileSync(baselineFile, "utf8")).toMatch(/^<<<<<<< /m);

    // What the hook meets once the file is added as it is: the conflict, named.
    repo.git("add", ".ssoenv-scan-baseline.json");
    const refused = ssoenvIn(".", "scan", "--staged");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/has an unresolved merge conflict \(line \d+\)/);
    expect(refused.stderr).toContain(
      "`ssoenv scan --staged --write-baseline` keeps the entries of both sides",
    );

    const write = ssoenvIn(".", "scan", "--staged", "--write-baseline");
    expect(write.status).toBe(0);
    expect(write.stderr).toContain(
      "wrote 4 accepted secret(s) to .ssoenv-scan-baseline.json (0 new, 4 accepted before;",
    );
    expect(write.stderr).toContain(
      "the merge conflict in .ssoenv-scan-baseline.json is resolved, the entries of both sides kept: git add .ssoenv-scan-baseline.json",
    );
    expect(accepted()).toHaveLength(4);
    repo.git("add", ".ssoenv-scan-baseline.json");
    expect(repo.git("commit", "-q", "--no-edit").status).toBe(0);
    // Every key accepted on either branch stays accepted.
    expect(ssoenvIn(".", "scan", ".").status).toBe(0);
  });
});

describe("ssoenv scan --baseline FILE that is missing", () => {
  it("exit 2, says why it cannot be read, and how to create that file", () => {
    repo.write("a.txt", "hello\n");
    const r = ssoenvIn(".", "scan", "--baseline", "nope.json", ".");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: cannot read baseline ${join(repo.dir, "nope.json")} (ENOENT)`,
      "hint: check the --baseline path, or create the file: ssoenv scan --write-baseline --baseline PATH",
    ]);
    expect(r.status).toBe(2);
  });
});
