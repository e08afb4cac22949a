/** Shared helpers for the secret-scan tests: temp git repositories and the built `ssoenv` binary. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach } from "vitest";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const ssoenvBin = join(repoRoot, "packages/cli/bin/ssoenv.cjs");

/** True when a program is on PATH. */
export function hasProgram(command: string): boolean {
  return spawnSync("sh", ["-c", 'command -v "$1"', "sh", command], { stdio: "ignore" }).status === 0;
}

/**
 * Skips with a message naming the missing tool — or fails under SSOENV_REQUIRE_TOOLS=1 (CI), where
 * a missing tool must not turn into a silent pass.
 */
export function requireTool(name: string, present: boolean): boolean {
  if (present) return true;
  if (process.env.SSOENV_REQUIRE_TOOLS === "1")
    throw new Error(`${name} is required (SSOENV_REQUIRE_TOOLS=1)`);
  console.warn(`skipping: ${name} is not installed`);
  return false;
}

export interface TempRepo {
  dir: string;
  /** Environment for git and ssoenv: a private HOME, no system config, fixed identity. */
  env: NodeJS.ProcessEnv;
  git: (...args: string[]) => { status: number | null; stdout: string; stderr: string };
  write: (path: string, content: string | Buffer) => void;
  cleanup: () => void;
}

/**
 * Registers hooks that give each test a fresh {@link createTempRepo} repository (removed after the
 * test), and returns it: one object, filled in by the before hook, so `repo.dir`, `repo.git(...)`...
 * read the current test's repository.
 */
export function useTempRepo(): TempRepo {
  const repo = {} as TempRepo;
  let current: TempRepo | undefined;
  beforeEach(() => {
    current = createTempRepo();
    Object.assign(repo, current);
  });
  afterEach(() => {
    current?.cleanup();
    current = undefined;
  });
  return repo;
}

/** A fresh git repository in a temp folder, with its own HOME (no user hooks or config leak in). */
export function createTempRepo(init = true): TempRepo {
  const base = mkdtempSync(join(tmpdir(), "ssoenv-scan-"));
  const home = join(base, "home");
  const dir = join(base, "repo");
  mkdirSync(home);
  mkdirSync(dir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
    NO_COLOR: "1",
  };
  for (const key of Object.keys(env)) {
    if (
      key.startsWith("GIT_") &&
      !key.startsWith("GIT_AUTHOR") &&
      !key.startsWith("GIT_COMMITTER") &&
      key !== "GIT_CONFIG_NOSYSTEM"
    ) {
      delete env[key];
    }
  }
  const git = (...args: string[]) => {
    const r = spawnSync("git", args, { cwd: dir, env, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  if (init) {
    git("init", "-q", "-b", "main");
    git("config", "commit.gpgsign", "false");
  }
  return {
    dir,
    env,
    git,
    write: (path, content) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Runs the built CLI. */
export function runSsoenv(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] },
): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(ssoenvBin)) {
    throw new Error(`${ssoenvBin} is missing: run \`pnpm build\` first (pnpm test does)`);
  }
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), ssoenvBin, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Asserts that none of the secrets appear in any of the outputs (secrets are never printed). */
export function leakedSecrets(secrets: readonly string[], ...outputs: string[]): string[] {
  const all = outputs.join("\n");
  return secrets.filter((s) => all.includes(s)).map((s) => `${s.slice(0, 4)}… (${s.length} chars)`);
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
