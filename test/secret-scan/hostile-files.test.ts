/**
 * The pre-commit check against files that used to slip through or fool it (issue #16, "The
 * pre-commit check"), end to end through the built binary and real `git commit`s with the
 * installed hook: large and binary files with keys, folders left out of a path scan, file names
 * that try to forge output lines, and real files that were reported as keys.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { leakedSecrets, runSsoenv, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();

const ssoenv = (...args: string[]) => runSsoenv(args, { cwd: repo.dir, env: repo.env });
const commit = () =>
  spawnSync("git", ["commit", "-q", "-m", "change"], { cwd: repo.dir, env: repo.env, encoding: "utf8" });
const commits = () => repo.git("rev-list", "--all", "--count").stdout.trim();

describe("files the check used to let through", () => {
  it("blocks a commit of a file over the size limit (5 MiB) with a key at its end", () => {
    expect(ssoenv("hook", "install").status).toBe(0);
    const id = keys.keyId();
    // 6 MiB of ordinary lines, then the key: scanned in pieces, not skipped.
    repo.write("dump.sql", `${"INSERT INTO t VALUES (1, 'some row of data');\n".repeat(140_000)}key=${id}\n`);
    repo.git("add", "dump.sql");
    const staged = ssoenv("scan", "--staged");
    expect(staged.status).toBe(1);
    expect(staged.stdout).toBe("dump.sql:140001:5 aws-access-key-id AKIA…\n");
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain("dump.sql:140001:5 aws-access-key-id");
    expect(leakedSecrets([id], staged.stdout, staged.stderr, blocked.stdout, blocked.stderr)).toEqual([]);
    expect(commits()).toBe("0");
  });

  it("blocks a commit of a binary file holding a plaintext key", () => {
    expect(ssoenv("hook", "install").status).toBe(0);
    const id = keys.keyId();
    const secret = keys.secret();
    // A NUL in the first bytes makes it binary to git and to the scanner (a SQLite page, say).
    const bytes = Buffer.concat([
      Buffer.from([0x53, 0x51, 0x4c, 0x00, 0x01, 0x00, 0xff, 0x10]),
      Buffer.from(`\naws_access_key_id=${id}\naws_secret_access_key=${secret}\n`),
      Buffer.alloc(64),
    ]);
    repo.write("app.db", bytes);
    repo.git("add", "app.db");
    const staged = ssoenv("scan", "--staged");
    expect(staged.status).toBe(1);
    expect(staged.stdout.split("\n").filter(Boolean)).toEqual([
      "app.db:2:19 aws-access-key-id AKIA…",
      `app.db:3:23 aws-secret-access-key ${secret.slice(0, 4)}…`,
    ]);
    expect(commit().status).not.toBe(0);
    expect(commits()).toBe("0");
    // Path mode reads it too.
    expect(ssoenv("scan", "app.db").status).toBe(1);
  });

  it("scans a file over --max-file-size in path mode (and `ssoenv scan FILES`, which pre-commit runs)", () => {
    const id = keys.keyId();
    repo.write("big.env", `${"# filler\n".repeat(300)}AWS_ACCESS_KEY_ID=${id}\n`);
    const r = ssoenv("scan", "--max-file-size", "1000", "big.env");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("big.env:301:19 aws-access-key-id AKIA…\n");
  });
});

describe("folders a path scan leaves out", () => {
  it("says how many node_modules folders it skipped and how to include them", () => {
    // pnpm's store: every package sits in a node_modules folder of its own.
    repo.write("deps/.pnpm/lock.yaml", "lockfileVersion: 9\n");
    repo.write("deps/.pnpm/a@1.0.0/node_modules/a/index.js", "module.exports = 1;\n");
    repo.write("deps/.pnpm/b@1.0.0/node_modules/b/.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const r = ssoenv("scan", "deps/.pnpm");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("skipped 2 node_modules folder(s)");
    expect(r.stderr).toContain("deps/.pnpm/a@1.0.0/node_modules");
    expect(r.stderr).toContain("--include-node-modules");
    const all = ssoenv("scan", "--include-node-modules", "deps/.pnpm");
    expect(all.status).toBe(1);
    expect(all.stdout).toBe("deps/.pnpm/b@1.0.0/node_modules/b/.env:1:19 aws-access-key-id AKIA…\n");
    expect(all.stderr).not.toContain("skipped");
  });
});

describe("file names that try to forge output", () => {
  const forged = "ok.env\nforged.env:9:9 aws-access-key-id AKIA…";
  const withEscape = "\u001b[2Kred.env";

  it("prints a name with a newline or an escape quoted, one finding per line (path mode)", () => {
    repo.write(forged, `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.write(withEscape, `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const r = ssoenv("scan", ".");
    expect(r.status).toBe(1);
    const lines = r.stdout.split("\n").filter(Boolean);
    expect(lines).toEqual([
      '"\\x1b[2Kred.env":1:19 aws-access-key-id AKIA…',
      '"ok.env\\nforged.env:9:9 aws-access-key-id AKIA…":1:19 aws-access-key-id AKIA…',
    ]);
    expect(r.stdout + r.stderr).not.toContain("\u001b");
  });

  it("reads files and folders whose names are not UTF-8 (path mode), shown by their bytes as git quotes them", () => {
    // lat\xe9.env (Latin-1 "é") and a folder d\xff: Node.js lists them as lat\uFFFD.env and d\uFFFD,
    // names that open nothing; the scan used to call them unreadable (ENOENT) and miss their keys.
    const bytesPath = (...parts: Array<string | number[]>) =>
      Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));
    writeFileSync(bytesPath(`${repo.dir}/lat`, [0xe9], ".env"), `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    mkdirSync(bytesPath(`${repo.dir}/d`, [0xff]));
    writeFileSync(bytesPath(`${repo.dir}/d`, [0xff], "/k.env"), `aws_access_key_id = ${keys.keyId()}\n`);
    writeFileSync(bytesPath(`${repo.dir}/d`, [0xff], "/x", [0xfe], ".txt"), `id: ${keys.keyId()}\n`);
    const r = ssoenv("scan", ".");
    expect(r.stderr).not.toContain("could not read");
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      '"d\\377/k.env":1:21 aws-access-key-id AKIA…',
      '"d\\377/x\\376.txt":1:5 aws-access-key-id AKIA…',
      '"lat\\351.env":1:19 aws-access-key-id AKIA…',
    ]);
  });

  it("leaves out a file and a folder git ignores whose names are not UTF-8, as it leaves out the others", () => {
    const bytesPath = (...parts: Array<string | number[]>) =>
      Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));
    repo.write(".gitignore", "*.env\nd*/\n");
    writeFileSync(bytesPath(`${repo.dir}/lat`, [0xe9], ".env"), `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    writeFileSync(`${repo.dir}/plain.env`, `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    mkdirSync(bytesPath(`${repo.dir}/d`, [0xff]));
    writeFileSync(bytesPath(`${repo.dir}/d`, [0xff], "/k.txt"), `aws_access_key_id = ${keys.keyId()}\n`);
    const r = ssoenv("scan", ".");
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv scan: skipped 3 git-ignored file(s) or folder(s): "d\\377/", "lat\\351.env", plain.env; add --include-ignored to scan them`,
    ]);
    expect(r.status).toBe(0);
    // Asked for, they are read by their real names.
    expect(ssoenv("scan", "--include-ignored", ".").stdout.split("\n").filter(Boolean)).toEqual([
      '"d\\377/k.txt":1:21 aws-access-key-id AKIA…',
      '"lat\\351.env":1:19 aws-access-key-id AKIA…',
      "plain.env:1:19 aws-access-key-id AKIA…",
    ]);
  });

  it("does the same for staged files, and JSON keeps the real name", () => {
    repo.write(forged, `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.git("add", "-A");
    const r = ssoenv("scan", "--staged");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('"ok.env\\nforged.env:9:9 aws-access-key-id AKIA…":1:19 aws-access-key-id AKIA…\n');
    const json = JSON.parse(ssoenv("scan", "--staged", "--format", "json").stdout) as Array<{ path: string }>;
    expect(json.map((f) => f.path)).toEqual([forged]);
  });
});

describe("real files that were reported as keys", () => {
  it("finds nothing in documentation URLs or a Python wheel's RECORD", () => {
    repo.write(
      "docs/database.md",
      [
        "# Database credentials",
        "",
        "Rotation of the password is described in",
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html",
        "",
      ].join("\n"),
    );
    // `path,sha256=<43 characters of URL-safe base64>,size`, next to file names with key words.
    const record = (path: string, hash: string) => `${path},sha256=${hash},1017`;
    const urlSafe = () => keys.base64(40).replace(/[+/]/g, "q");
    repo.write(
      "site-packages/awscli-1.0.dist-info/RECORD",
      [
        record("awscli/examples/codebuild/list-source-credentials.rst", `${urlSafe()}_bA`),
        record("awscli/examples/secretsmanager/get-secret-value.rst", `${urlSafe()}-b8`),
        record("awscli/customizations/configure/set.py", `Zx-${urlSafe()}`),
        "",
      ].join("\n"),
    );
    const r = ssoenv("scan", ".");
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });
});
