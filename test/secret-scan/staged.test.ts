/**
 * Staged mode against real git: what the next commit adds, from the index, and nothing else.
 * (The same cases through a real `git commit` and the installed hook are in cli.test.ts.)
 */
import { randomInt } from "node:crypto";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { createBaseline, scanStaged } from "@ssoenv/secret-scan";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { createTempRepo, type TempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
let repo: TempRepo;
const savedEnv = { ...process.env };

beforeEach(() => {
  repo = createTempRepo();
  // scanStaged runs git with process.env: give it the temp repo's isolated environment.
  for (const key of Object.keys(process.env)) if (key.startsWith("GIT_")) delete process.env[key];
  Object.assign(process.env, repo.env);
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  repo.cleanup();
});

const envFile = (id: string, secret: string) => `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\n`;
const commitAll = (message = "c") => {
  repo.git("add", "-A");
  expect(repo.git("commit", "-q", "--no-verify", "-m", message).status).toBe(0);
};
const scan = (options: Parameters<typeof scanStaged>[0] = {}) => scanStaged({ cwd: repo.dir, ...options });

describe("scanStaged", () => {
  it("scans the first commit of a new repository (no HEAD yet)", async () => {
    repo.write(".env", envFile(keys.keyId(), keys.secret()));
    repo.git("add", ".env");
    const { findings } = await scan();
    expect(findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual([
      ".env:1 aws-access-key-id",
      ".env:2 aws-secret-access-key",
    ]);
  });

  it("reports only added lines: a key already committed is not reported again", async () => {
    const committed = `[default]\naws_access_key_id = ${keys.keyId()}\nregion = eu-west-1\n`;
    repo.write("config.ini", committed);
    commitAll();
    repo.write("config.ini", `${committed}[dev]\naws_secret_access_key = ${keys.secret()}\n`);
    repo.git("add", "config.ini");
    const { findings } = await scan();
    expect(findings.map((f) => `${f.line} ${f.rule}`)).toEqual(["5 aws-secret-access-key"]);
  });

  it("uses an unchanged line as context: a secret added under an existing key name is found", async () => {
    repo.write("values.yml", "aws_secret_access_key: >-\n  placeholder\n");
    commitAll();
    repo.write("values.yml", `aws_secret_access_key: >-\n  ${keys.secret()}\n`);
    repo.git("add", "values.yml");
    const { findings } = await scan();
    expect(findings.map((f) => `${f.line} ${f.rule}`)).toEqual(["2 aws-secret-access-key"]);
  });

  it("is not fooled by diff settings: relative paths, merged hunks, no prefixes, external diff, colour, blank lines", async () => {
    const numbered = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? "" : `line ${i}`));
    numbered.splice(4, 0, `old key ${keys.keyId()}`); // committed before: never this commit's finding
    const committed = `${numbered.join("\n")}\n`;
    repo.write("sub/config.txt", committed);
    commitAll();
    for (const [key, value] of [
      ["diff.relative", "true"],
      ["diff.interHunkContext", "10"],
      ["diff.noprefix", "true"],
      ["diff.external", "false"],
      ["color.diff", "always"],
      ["diff.suppressBlankEmpty", "true"],
    ]) {
      repo.git("config", key as string, value as string);
    }
    const lines = committed.split("\n");
    lines.splice(1, 0, `new ${keys.keyId()}`); // added above the old key...
    lines.splice(10, 0, "plain addition"); // ...and below it: with interHunkContext one hunk spans both
    repo.write("sub/config.txt", lines.join("\n"));
    repo.git("add", "-A");
    expect(repo.git("diff", "--cached", "--no-ext-diff", "-U0", "--no-color").stdout).toMatch(
      /^@@ -\d+,\d+ \+2,10 @@/m,
    );
    const { findings } = await scanStaged({ cwd: join(repo.dir, "sub") });
    expect(findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual([
      "sub/config.txt:2 aws-access-key-id",
    ]);
  });

  it("scans the index, not the work tree", async () => {
    repo.write("staged.env", envFile(keys.keyId(), keys.secret()));
    repo.git("add", "staged.env");
    repo.write("staged.env", "AWS_PROFILE=dev\n"); // cleaned in the work tree but not staged
    repo.write("unstaged.env", envFile(keys.keyId(), keys.secret())); // never added
    const { findings } = await scan();
    expect([...new Set(findings.map((f) => f.path))]).toEqual(["staged.env"]);
  });

  it("honours GIT_INDEX_FILE (git commit -a / git commit <path> use a temporary index)", async () => {
    repo.write("a.txt", "hello\n");
    commitAll();
    repo.write("a.txt", `hello\nkey ${keys.keyId()}\n`);
    // The default index has nothing staged...
    expect((await scan()).findings).toEqual([]);
    // ...but a temporary index with the change, as `git commit -a` builds, is what gets committed.
    const tempIndex = join(repo.dir, ".git", "index.commit-a");
    copyFileSync(join(repo.dir, ".git", "index"), tempIndex);
    process.env.GIT_INDEX_FILE = tempIndex;
    repo.env.GIT_INDEX_FILE = tempIndex;
    expect(repo.git("add", "a.txt").status).toBe(0);
    const { findings } = await scan();
    expect(findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(["a.txt:2 aws-access-key-id"]);
  });

  it("finds nothing when nothing is staged (amend with no changes)", async () => {
    repo.write(".env", envFile(keys.keyId(), keys.secret()));
    commitAll(); // already in history: not this commit's business
    const result = await scan();
    expect(result).toEqual({
      findings: [],
      skippedFolders: [],
      skippedIgnored: [],
      skippedRepositories: [],
      filesScanned: 0,
      baselined: 0,
      unreadable: [],
    });
  });

  it("reports nothing for a pure rename, and only the added line of a rename with edits", async () => {
    repo.write("old.env", envFile(keys.keyId(), keys.secret()));
    repo.write(
      "other.env",
      `${envFile(keys.keyId(), keys.secret())}# padding so git pairs the rename\n`.repeat(3),
    );
    commitAll();
    repo.git("mv", "old.env", "new.env");
    expect((await scan()).findings).toEqual([]);
    repo.git("mv", "other.env", "renamed.env");
    repo.write(
      "renamed.env",
      `${(await import("node:fs")).readFileSync(join(repo.dir, "renamed.env"), "utf8")}EXTRA_KEY=${keys.keyId()}\n`,
    );
    repo.git("add", "renamed.env");
    const { findings } = await scan();
    expect(repo.git("diff", "--cached", "--name-status", "-M").stdout).toMatch(
      /^R\d+\tother\.env\trenamed\.env/m,
    );
    expect(findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual([
      "renamed.env:10 aws-access-key-id",
    ]);
  });

  it("ignores deleted files", async () => {
    repo.write("gone.env", envFile(keys.keyId(), keys.secret()));
    commitAll();
    repo.git("rm", "-q", "gone.env");
    expect((await scan()).findings).toEqual([]);
  });

  it("reads binary files as Latin-1 and UTF-16 text (with a BOM) decoded, added lines only", async () => {
    const binary = Buffer.concat([Buffer.from([0, 1, 2, 0, 255]), Buffer.from(`key ${keys.keyId()}`)]);
    repo.write("image.bin", binary);
    const id = keys.keyId();
    repo.write(
      "creds.txt",
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`name=x\r\nAWS_ACCESS_KEY_ID=${id}\r\n`, "utf16le"),
      ]),
    );
    repo.git("add", "image.bin", "creds.txt");
    const result = await scan();
    // UTF-16 decoded; the binary file read as Latin-1: a plaintext key in it is still a key.
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual([
      "creds.txt:2 aws-access-key-id",
      "image.bin:1 aws-access-key-id",
    ]);
  });

  it("scans files over the size limit in pieces, every line of them", async () => {
    repo.write("big.env", `${"# filler line\n".repeat(200)}AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.write("small.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.git("add", "big.env", "small.env");
    const result = await scan({ maxFileBytes: 1000 });
    expect(result.findings.map((f) => `${f.path}:${f.line}`)).toEqual(["big.env:201", "small.env:1"]);
  });

  it("does not report again a key a file over the size limit already held: an edit elsewhere in it adds nothing", async () => {
    const old = keys.keyId();
    repo.write("big.env", `AWS_ACCESS_KEY_ID=${old}\n${"# filler line\n".repeat(200)}`);
    commitAll();
    // Another line changes: the key was committed before, this commit does not add it.
    repo.write("big.env", `AWS_ACCESS_KEY_ID=${old}\n${"# filler line\n".repeat(200)}# edited\n`);
    repo.git("add", "big.env");
    expect((await scan({ maxFileBytes: 1000 })).findings).toEqual([]);
    // A new key in it still counts, the old one still does not.
    repo.write("big.env", `AWS_ACCESS_KEY_ID=${old}\n${"# filler line\n".repeat(200)}KEY2=${keys.keyId()}\n`);
    repo.git("add", "big.env");
    const found = await scan({ maxFileBytes: 1000 });
    expect(found.findings.map((f) => `${f.path}:${f.line}`)).toEqual(["big.env:202"]);
  });

  it("keeps odd file names intact (spaces, unicode, quotes)", async () => {
    const names = ["my creds.env", "dossier/clé secrète.env", 'quote"d.env'];
    for (const name of names) repo.write(name, `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.git("add", "-A");
    const { findings } = await scan();
    expect(findings.map((f) => f.path).sort()).toEqual([...names].sort());
  });

  it("limits the scan to the paths given (pre-commit passes file names)", async () => {
    repo.write("a/one.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.write("b/two.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.git("add", "-A");
    repo.write(":odd*.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.git("add", "-A");
    const { findings } = await scan({ paths: ["b/two.env", ":odd*.env"] });
    expect(findings.map((f) => f.path)).toEqual([":odd*.env", "b/two.env"]);
    // Folders work too, relative to cwd.
    const fromA = await scanStaged({ cwd: join(repo.dir, "a"), paths: ["."] });
    expect(fromA.findings.map((f) => f.path)).toEqual(["a/one.env"]);
  });

  it("drops baselined secrets wherever they move, and still reports new ones", async () => {
    const known = keys.keyId();
    repo.write("a.env", `AWS_ACCESS_KEY_ID=${known}\n`);
    repo.git("add", "a.env");
    const baseline = createBaseline({ findings: (await scan()).findings });
    commitAll();
    repo.write("moved/elsewhere.txt", `\n\nsame key, other place: ${known}\nnew: ${keys.keyId()}\n`);
    repo.git("add", "-A");
    const result = await scan({ baseline });
    expect(result.findings.map((f) => `${f.path}:${f.line}`)).toEqual(["moved/elsewhere.txt:4"]);
    expect(result.baselined).toBe(1);
  });

  it("fails with NOT_A_GIT_REPOSITORY outside a repository", async () => {
    const outside = createTempRepo(false);
    try {
      await expect(scanStaged({ cwd: outside.dir })).rejects.toMatchObject({ code: "NOT_A_GIT_REPOSITORY" });
    } finally {
      outside.cleanup();
    }
  });
});
