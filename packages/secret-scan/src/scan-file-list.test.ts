import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLikelyKeyId } from "./credential-shape.js";
import { scanFileList } from "./scan-file-list.js";

// Generated at run time: no key-shaped literal is committed.
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
// Not one of the random IDs the scanner passes over on purpose (DUMMY, XXXXX: 1 in 400,000).
const keyId = (): string => {
  const id = `AKIA${pick(B32, 16)}`;
  return isLikelyKeyId(id) ? id : keyId();
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ssoenv-scan-file-list-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("scanFileList", () => {
  it("scans each file as it is: UTF-8, UTF-16, binary; nothing found where nothing is", () => {
    const contents: Array<string | Buffer> = [
      "export const region = 'eu-west-1';\n",
      `AWS_ACCESS_KEY_ID=${keyId()}\n`,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`key = ${keyId()}\n`, "utf16le")]),
      Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`\nAWS_ACCESS_KEY_ID=${keyId()}\n`)]),
      "nothing here either\n",
    ];
    const files = contents.map((content, i) => {
      const file = join(dir, `f${i}`);
      writeFileSync(file, content);
      return file;
    });
    const result = scanFileList({ files, displays: files.map((_, i) => `f${i}`), maxFileBytes: 1 << 20 });
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual([
      "f1:1 aws-access-key-id",
      "f2:1 aws-access-key-id",
      "f3:2 aws-access-key-id",
    ]);
    expect(result.filesScanned).toBe(5);
    expect(result.unreadable).toEqual([]);
  });

  it("reads files larger than its first read whole, and those over the limit in pieces", () => {
    // 256 KiB is the first read: files just under, at and over it, and one over maxFileBytes.
    const sizes = [256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 700 * 1024, 1100 * 1024];
    const files = sizes.map((size, i) => {
      const key = `AWS_ACCESS_KEY_ID=${keyId()}\n`;
      const file = join(dir, `big${i}`);
      // The key last: only a read of the whole file finds it.
      writeFileSync(file, `${"# filler line\n".repeat(size)}`.slice(0, size - key.length) + key);
      return file;
    });
    const result = scanFileList({ files, displays: files.map((_, i) => `big${i}`), maxFileBytes: 1 << 20 });
    expect(result.findings.map((f) => `${f.path} ${f.rule}`)).toEqual(
      files.map((_, i) => `big${i} aws-access-key-id`),
    );
    expect(result.filesScanned).toBe(files.length);
  });

  it("lists a file it cannot read (gone since the walk) and scans the others", () => {
    const files = [join(dir, "gone"), join(dir, "kept")];
    writeFileSync(join(dir, "kept"), `AWS_ACCESS_KEY_ID=${keyId()}\n`);
    const part = scanFileList({ files, displays: ["gone", "kept"], maxFileBytes: 1 << 20 });
    expect(part.unreadable).toEqual([{ path: "gone", code: "ENOENT" }]);
    expect(part.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(["kept:1 aws-access-key-id"]);
    expect(part.filesScanned).toBe(1);
  });
});
