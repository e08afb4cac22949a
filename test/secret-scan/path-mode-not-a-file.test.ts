/**
 * `ssoenv scan PATH` where PATH is neither a file nor a folder (a named pipe, a device, a pipe from
 * the shell): one line naming it, exit 2, before anything is opened. Opening a named pipe waits for a
 * writer, forever when none comes; a pipe cannot be read from a position (ESPIPE).
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { repoRoot, ssoenvBin } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ssoenv-not-a-file-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `ssoenv scan ...args` in `dir`, through sh: `input` reaches it through a shell pipe, as
 * `cat x | ssoenv scan /dev/stdin` gives it. A scan that waits is stopped after 20 s (status null).
 */
function scan(args: string[], input?: string) {
  const command = '"$@"';
  const r = spawnSync(
    "sh",
    ["-c", input === undefined ? command : `printf %s "$SSOENV_TEST_INPUT" | ${command}`, "sh"].concat(
      process.execPath,
      ssoenvBin,
      "scan",
      ...args,
    ),
    {
      cwd: dir,
      env: { ...process.env, HOME: dir, NO_COLOR: "1", SSOENV_TEST_INPUT: input ?? "" },
      encoding: "utf8",
      timeout: 20_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mkfifo(name: string): void {
  const made = spawnSync("mkfifo", [join(dir, name)], { encoding: "utf8" });
  expect(made.stderr).toBe("");
}

describe("ssoenv scan PATH naming what is not a file", () => {
  it("a named pipe with no writer: one line naming it, exit 2, no wait", () => {
    mkfifo("creds.env");
    writeFileSync(join(dir, "other.env"), `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const r = scan(["other.env", "creds.env"]);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot scan creds.env: it is a named pipe (FIFO), not a file",
      "hint: leave it out of the scan, or scan its folder: a folder's walk skips what is not a file",
    ]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("a pipe from the shell (/dev/stdin): the same line, not an incomplete scan", () => {
    const r = scan(["/dev/stdin"], `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    // Its folder (/dev) holds no file to scan: the hint says how to scan the text.
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot scan /dev/stdin: it is a named pipe (FIFO), not a file",
      "hint: write the text to a file and scan that (COMMAND > FILE; ssoenv scan FILE), or scan a commit's files: ssoenv scan --staged",
    ]);
    expect(r.status).toBe(2);
  });

  it("a device: named as one", () => {
    const r = scan(["/dev/null"]);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot scan /dev/null: it is a device, not a file",
      "hint: write the text to a file and scan that (COMMAND > FILE; ssoenv scan FILE), or scan a commit's files: ssoenv scan --staged",
    ]);
    expect(r.status).toBe(2);
  });

  it("a named pipe inside a folder is left out of the walk, as git leaves it out", () => {
    mkdirSync(join(dir, "app"));
    mkfifo("app/pipe");
    writeFileSync(join(dir, "app/a.env"), `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const r = scan(["app"]);
    expect(r.stdout).toBe("app/a.env:1:19 aws-access-key-id AKIA…\n");
    expect(r.status).toBe(1);
  });

  it("scanFiles of a named pipe leaves later imports working (Node.js 20's shared stat buffer)", () => {
    // A plain statSync fills a buffer the whole process shares, which Node.js 20's realpathSync
    // reads back: after the stat of a pipe the loader's next realpath stopped short, and a package
    // imported later could not find its own dependencies ("Cannot find package 'yoctocolors'").
    mkfifo("pipe");
    const script = `
      const { scanFiles } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, "packages/secret-scan/dist/index.js")).href)});
      const refused = await scanFiles({ paths: [${JSON.stringify(join(dir, "pipe"))}] }).catch((error) => error.code);
      await import(${JSON.stringify(pathToFileURL(join(repoRoot, "packages/cli/node_modules/yocto-spinner/index.js")).href)});
      process.stdout.write(refused);
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("PATH_UNREADABLE");
  });
});
