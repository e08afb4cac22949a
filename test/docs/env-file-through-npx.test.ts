import { execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// npx (and npm) are Node.js programs started without `--`: Node.js (20, 22 and 24.22 here) takes a
// `--env-file F` anywhere on their command line as its own (nodejs/node#54232), so
// `npx --no-install ssoenv refresh --env-file .env` ends "node: .env: not found" (exit 9) before
// ssoenv runs, on the first refresh, which would create the file. The README, which tells a project
// install to run ssoenv with npx, says to write `-e F` there; no doc shows the form that fails.

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI_BIN = join(REPO_ROOT, "packages/cli/bin/ssoenv.cjs");

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** `npx ARGS` in a project whose node_modules/.bin/ssoenv is this checkout's, as npm install -D makes it. */
async function npx(args: string[]): Promise<{ code: number | null; stderr: string }> {
  dir = await mkdtemp(join(tmpdir(), "ssoenv-npx-"));
  await writeFile(join(dir, "package.json"), "{}\n");
  await mkdir(join(dir, "node_modules/.bin"), { recursive: true });
  await symlink(CLI_BIN, join(dir, "node_modules/.bin/ssoenv"));
  const env = { PATH: process.env.PATH, HOME: join(dir, "home"), npm_config_update_notifier: "false" };
  return new Promise((resolve, reject) => {
    const child = spawn("npx", args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

describe("ssoenv run through npx, as a dev dependency", () => {
  it("`--env-file F` is taken by npx's own Node.js (exit 9, F not found); `-e F` reaches ssoenv", async () => {
    const long = await npx([
      "--no-install",
      "ssoenv",
      "refresh",
      "--profile",
      "dev",
      "--env-file",
      "new.env",
    ]);
    expect(long.code).toBe(9);
    expect(long.stderr).toContain("new.env: not found");
    const short = await npx(["--no-install", "ssoenv", "refresh", "--profile", "dev", "-e", "new.env"]);
    // ssoenv itself answers: no config in this empty HOME.
    expect(short.stderr).toMatch(/^ssoenv: Profile "dev" not found/m);
    expect(short.code).toBe(2);
  });

  it("the docs say so where they send a project install to npx, and show no `npx … ssoenv … --env-file`", async () => {
    const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toMatch(/npx --no-install ssoenv refresh -e \.env/);
    const files = execFileSync("git", ["ls-files", "--", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    const failing: string[] = [];
    for (const file of files) {
      const lines = (await readFile(join(REPO_ROOT, file), "utf8")).split("\n");
      lines.forEach((line, i) => {
        if (/\bnpx\b[^`|]*\bssoenv\b[^`|]*--env-file\b/.test(line)) failing.push(`${file}:${i + 1}`);
      });
    }
    expect(failing).toEqual([]);
  });
});
