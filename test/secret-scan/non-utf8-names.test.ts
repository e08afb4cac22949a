/**
 * Files whose names are not UTF-8 (lat\xe9.env, Latin-1 "é"), end to end through the built binary
 * and real git: every format names the real file, and each command a hint prints acts on it when a
 * shell runs it as printed.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { leakedSecrets, runSsoenv, ssoenvBin, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();
const ssoenv = (...args: string[]) => runSsoenv(args, { cwd: repo.dir, env: repo.env });

/** lat\xe9.env, as bytes. */
const LATIN1_NAME = Buffer.concat([Buffer.from("lat"), Buffer.from([0xe9]), Buffer.from(".env")]);

/** The name a JSON finding gives, as bytes: each U+DC80-U+DCFF is the byte 0x80-0xFF (Python's surrogateescape). */
function jsonPathBytes(path: string): Buffer {
  return Buffer.concat(
    Array.from(path, (c) => {
      const code = c.charCodeAt(0);
      return code >= 0xdc80 && code <= 0xdcff ? Buffer.from([code - 0xdc00]) : Buffer.from(c);
    }),
  );
}

/** A SARIF relative URI, percent-decoded to bytes. */
function uriBytes(uri: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < uri.length; i++) {
    if (uri[i] === "%") {
      bytes.push(Number.parseInt(uri.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(uri[i] as string));
  }
  return Buffer.from(bytes);
}

/** The commands between backticks in a hint, run as printed by bash in the repository. */
function runPrinted(command: string): { status: number | null; stderr: string } {
  const r = spawnSync("bash", ["-c", command], { cwd: repo.dir, env: repo.env, encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

function plantKey(): string {
  const id = keys.keyId();
  writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}/`), LATIN1_NAME]), `AWS_ACCESS_KEY_ID=${id}\n`);
  return id;
}

describe("a file whose name is not UTF-8", () => {
  it("is named the way git quotes it in text, and by its bytes in JSON and SARIF (path mode)", () => {
    const id = plantKey();
    const text = ssoenv("scan", ".");
    expect(text.status).toBe(1);
    // git status prints this name as "lat\351.env" (core.quotePath): the same quoting.
    expect(text.stdout).toBe('"lat\\351.env":1:19 aws-access-key-id AKIA…\n');
    const json = JSON.parse(ssoenv("scan", "--format", "json", ".").stdout) as Array<{ path: string }>;
    expect(json.map((f) => jsonPathBytes(f.path))).toEqual([LATIN1_NAME]);
    const sarif = JSON.parse(ssoenv("scan", "--format", "sarif", ".").stdout) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
      }>;
    };
    const uris = sarif.runs[0]?.results.map(
      (r) => r.locations[0]?.physicalLocation.artifactLocation.uri ?? "",
    );
    expect(uris?.map(uriBytes)).toEqual([LATIN1_NAME]);
    expect(leakedSecrets([id], text.stdout, text.stderr)).toEqual([]);
  });

  it("gets an accept command that accepts its key when run as printed (path mode)", () => {
    plantKey();
    const r = ssoenv("scan", ".");
    expect(r.status).toBe(1);
    const accept = /`(ssoenv scan --write-baseline[^`]*)`/.exec(r.stderr)?.[1];
    expect(accept).toBeDefined();
    const ran = runPrinted((accept as string).replace(/^ssoenv/, `'${process.execPath}' '${ssoenvBin}'`));
    expect(ran.stderr).toContain("wrote 1 accepted secret(s)");
    expect(ssoenv("scan", ".").status).toBe(0);
  });

  it("gets a git rm --cached command that untracks it when run as printed (staged)", () => {
    const id = plantKey();
    repo.git("add", "-A");
    const r = ssoenv("scan", "--staged");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('"lat\\351.env":1:19 aws-access-key-id AKIA…\n');
    const json = JSON.parse(ssoenv("scan", "--staged", "--json").stdout) as Array<{ path: string }>;
    expect(json.map((f) => jsonPathBytes(f.path))).toEqual([LATIN1_NAME]);
    const untrack = /`(git rm --cached [^`]*)`/.exec(r.stderr)?.[1];
    expect(untrack).toBeDefined();
    expect(runPrinted(untrack as string)).toMatchObject({ status: 0 });
    expect(repo.git("ls-files").stdout).toBe("");
    expect(existsSync(Buffer.concat([Buffer.from(`${repo.dir}/`), LATIN1_NAME]))).toBe(true);
    expect(ssoenv("scan", "--staged").status).toBe(0);
    expect(leakedSecrets([id], r.stdout, r.stderr)).toEqual([]);
  });
});
