/**
 * A baseline path naming a named pipe, socket or device: one line naming it, exit 2, not opened.
 * Opening a named pipe waits for a writer, forever when none comes: a `.ssoenv-scan-baseline.json`
 * FIFO at the repository's root held every commit's hook. A shell's pipe (<(...)) is still read.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { lstatSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { ssoenvBin, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();

/** `ssoenv scan ...args` in the repository, through bash (for `<(...)`); one that waits is stopped after 20 s. */
function scan(args: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("bash", ["-c", `"$SSOENV_NODE" "$SSOENV_BIN" scan ${args}`], {
    cwd: repo.dir,
    env: { ...repo.env, SSOENV_NODE: process.execPath, SSOENV_BIN: ssoenvBin },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mkfifo(name: string): string {
  const path = join(repo.dir, name);
  expect(spawnSync("mkfifo", [path], { encoding: "utf8" }).stderr).toBe("");
  return path;
}

const WRITE_HINT =
  "hint: name the file to write with --baseline PATH, or leave --baseline out (.ssoenv-scan-baseline.json)";
const HINT =
  "hint: remove it, or name the baseline file with --baseline PATH (ssoenv scan --write-baseline writes one)";

describe("ssoenv scan with a baseline that is not a file", () => {
  it("--baseline naming a named pipe with no writer: one line naming it, exit 2, no wait", () => {
    const fifo = mkfifo("baseline.fifo");
    repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const r = scan("--baseline baseline.fifo .");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: cannot read baseline ${fifo}: it is a named pipe (FIFO), not a file`,
      HINT,
    ]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("a .ssoenv-scan-baseline.json that is a named pipe at the root: the commit's scan (--staged) and a path scan say so, exit 2", () => {
    const fifo = mkfifo(".ssoenv-scan-baseline.json");
    repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.git("add", "a.env");
    for (const args of ["--staged", "."]) {
      const r = scan(args);
      expect(r.stderr.trimEnd().split("\n"), args).toEqual([
        `ssoenv: cannot read baseline ${fifo}: it is a named pipe (FIFO), not a file`,
        HINT,
      ]);
      expect(r.status, args).toBe(2);
    }
  });

  it("--write-baseline to a named pipe: refused, exit 2, the pipe left as it was", () => {
    const fifo = mkfifo("baseline.fifo");
    repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const r = scan("--write-baseline --baseline baseline.fifo .");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: cannot write baseline ${fifo}: it is a named pipe (FIFO), not a file`,
      WRITE_HINT,
    ]);
    expect(r.status).toBe(2);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  // Only a pipe was checked on this side: a socket or a device got the read's "cannot read baseline".
  it("--write-baseline to a socket or a device: the write is refused as such, exit 2", async () => {
    const socket = join(repo.dir, "baseline.sock");
    const server = createServer();
    await new Promise<void>((listening) => server.listen(socket, listening));
    try {
      repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
      for (const [path, kind] of [
        [socket, "a socket"],
        ["/dev/null", "a device"],
      ] as const) {
        const r = scan(`--write-baseline --baseline ${path} .`);
        expect(r.stderr.trimEnd().split("\n"), path).toEqual([
          `ssoenv: cannot write baseline ${path}: it is ${kind}, not a file`,
          WRITE_HINT,
        ]);
        expect(r.status, path).toBe(2);
      }
      expect(lstatSync(socket).isSocket()).toBe(true);
    } finally {
      server.close();
    }
  });

  // A device is the system's, not a leftover: "remove it" would have root delete /dev/null.
  it("--baseline naming a device: named as one, exit 2, and not to be removed", () => {
    const r = scan("--baseline /dev/null .");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot read baseline /dev/null: it is a device, not a file",
      "hint: name the baseline file with --baseline PATH (ssoenv scan --write-baseline writes one)",
    ]);
    expect(r.status).toBe(2);
  });

  it("--baseline <(...), a shell's pipe, is read as before: the key it accepts is not reported", () => {
    repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    expect(scan("--write-baseline --baseline accepted.json .").status).toBe(0);
    const r = scan("--baseline <(cat accepted.json) a.env");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  // It was read, then the write made a temporary file beside it, in /dev/fd: "cannot open
  // /dev/fd/.63.ssoenv-….tmp: ENOENT" (hint: "check the file, its folder and the disk"), exit 1.
  it("--write-baseline --baseline <(...): the pipe cannot be written, said as such, exit 2", () => {
    repo.write("accepted.json", '{"version": 1, "secrets": {}}\n');
    repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const r = scan("--write-baseline --baseline <(cat accepted.json) .");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^ssoenv: cannot write baseline \S+: it is a named pipe \(FIFO\), not a file$/),
      WRITE_HINT,
    ]);
    expect(r.status).toBe(2);
  });
});
