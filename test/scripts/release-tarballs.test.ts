import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// `pnpm release:tarballs [DIR]` (the root README's install instructions) clears DIR of its earlier
// tarballs: it must never empty a folder that holds anything else (`pnpm release:tarballs ~`).

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
let dir = "";
afterEach(() => rm(dir, { recursive: true, force: true }));

function releaseTarballs(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["scripts/release-tarballs.mjs", ...args],
      // Never rebuild here: the test run's packages are built, and other tests read them.
      { cwd: REPO_ROOT, env: { ...process.env, SSOENV_RELEASE_SKIP_BUILD: "1" }, encoding: "utf8" },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("scripts/release-tarballs.mjs DIR", () => {
  it("refuses a folder holding other files (exit 2, one line naming it), and leaves it as it was", async () => {
    dir = await mkdtemp(join(tmpdir(), "ssoenv-release-dir-"));
    await writeFile(join(dir, "notes.txt"), "mine\n");
    await writeFile(join(dir, "ssoenv-core-0.0.9.tgz"), "an earlier tarball\n");
    const result = await releaseTarballs(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${dir} is not a folder of release tarballs (it holds notes.txt)`);
    expect(result.stderr).toMatch(/^hint: /m);
    expect((await readdir(dir)).sort()).toEqual(["notes.txt", "ssoenv-core-0.0.9.tgz"]);
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("mine\n");
  });

  it("refuses a DIR that is a file, and leaves it", async () => {
    dir = await mkdtemp(join(tmpdir(), "ssoenv-release-dir-"));
    const file = join(dir, "a-file");
    await writeFile(file, "mine\n");
    const result = await releaseTarballs(file);
    expect(result.code).toBe(2);
    expect(await readFile(file, "utf8")).toBe("mine\n");
  });

  // Seen: `pnpm release:tarballs --help` built everything and wrote the tarballs into ./--help, exit 0.
  it.each(["--help", "-h"])("%s prints its usage and writes no folder", async (flag) => {
    const before = await readdir(REPO_ROOT);
    const result = await releaseTarballs(flag);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: pnpm release:tarballs \[DIR\]/);
    expect(await readdir(REPO_ROOT)).toEqual(before);
  });

  it("refuses an option it does not have (exit 2, one line), and writes no folder", async () => {
    const before = await readdir(REPO_ROOT);
    const result = await releaseTarballs("--out", "x");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^release-tarballs: unknown option --out\nhint: pnpm release:tarballs \[DIR\]/,
    );
    expect(await readdir(REPO_ROOT)).toEqual(before);
  });

  it("refuses a second folder (exit 2) rather than ignore it", async () => {
    dir = await mkdtemp(join(tmpdir(), "ssoenv-release-dir-"));
    const result = await releaseTarballs(join(dir, "a"), join(dir, "b"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `release-tarballs: one DIR only, got 2: ${join(dir, "a")} ${join(dir, "b")}`,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
