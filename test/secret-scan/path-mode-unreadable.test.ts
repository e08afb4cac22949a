/**
 * `ssoenv scan PATH` over a tree holding a file or folder the user cannot read: the rest is still
 * scanned and reported, and the exit code never says clean. Through the built binary, as a user
 * chmod stops (as root, the test drops to uid 65534 with util-linux's setpriv).
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AS_NOBODY, canRunAsNobody } from "../../packages/core/src/test-support/as-nobody.js";
import { createKeyFactory } from "./corpus.js";
import { leakedSecrets, ssoenvBin } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const asRoot = process.getuid?.() === 0;
const canRun = canRunAsNobody("the scans of unreadable files");

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ssoenv-unreadable-"));
  chmodSync(dir, 0o755); // the unprivileged user must reach the files
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), content);
}

/** `ssoenv scan ...args` in `dir`, as a user that chmod 000 keeps out. */
function scanAsUser(...args: string[]) {
  const command = [process.execPath, ssoenvBin, "scan", ...args];
  const argv = asRoot ? [...AS_NOBODY, ...command] : command;
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: dir,
    env: { ...process.env, HOME: dir, NO_COLOR: "1" },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(canRun)("ssoenv scan PATH with unreadable files inside", () => {
  it("reports the keys in the files it can read, names the ones it cannot, exit 1", () => {
    const secret = keys.secret();
    write("a.env", `AWS_SECRET_ACCESS_KEY=${secret}\n`);
    write("locked/secret.env", "nothing\n");
    write("z/closed.txt", "nothing\n");
    write("z/open.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    chmodSync(join(dir, "locked"), 0o700);
    chmodSync(join(dir, "z/closed.txt"), 0o000);

    const r = scanAsUser(".");
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      `a.env:1:23 aws-secret-access-key ${secret.slice(0, 4)}…`,
      "z/open.env:1:19 aws-access-key-id AKIA…",
    ]);
    expect(r.stderr).toContain(
      "warning: could not read 2 file(s) or folder(s), not scanned: locked (EACCES), z/closed.txt (EACCES)",
    );
    expect(leakedSecrets([secret], r.stdout, r.stderr)).toEqual([]);
  });

  it("with nothing found, exits 2 saying the scan is incomplete (never 0)", () => {
    write("clean.txt", "hello\n");
    write("closed.txt", "nothing\n");
    chmodSync(join(dir, "closed.txt"), 0o000);
    const r = scanAsUser("--format", "json", ".");
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toContain("could not be read (listed above): the scan is incomplete");
  });

  it("keeps going through a large folder", () => {
    for (let i = 0; i < 150; i++) write(`many/f${String(i).padStart(3, "0")}.txt`, `line ${i}\n`);
    chmodSync(join(dir, "many/f010.txt"), 0o000);
    write("many/f149.txt", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const r = scanAsUser(".");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("many/f149.txt:1:19 aws-access-key-id");
    expect(r.stderr).toContain("not scanned: many/f010.txt (EACCES)");
  });

  it("still refuses (exit 2) a folder given on the command line that cannot be listed", () => {
    write("locked/a.txt", "x\n");
    chmodSync(join(dir, "locked"), 0o700);
    const r = scanAsUser("locked");
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("ssoenv: cannot read locked (EACCES)");
  });
});
