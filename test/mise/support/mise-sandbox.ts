import { existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type Result } from "execa";

/** Root of the ssoenv repository (this file is test/mise/support/mise-sandbox.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The real mise binary from the npm registry (@jdxcode/mise-linux-x64, a devDependency of test/). */
export const miseBin = join(repoRoot, "test/node_modules/.bin/mise");

/** The built ssoenv CLI (`pnpm build`). */
export const cliBin = join(repoRoot, "packages/cli/bin/ssoenv.cjs");

/** Why the real-mise tests cannot run here, or undefined when they can. */
export function missingForMiseTests(): string | undefined {
  if (!existsSync(miseBin)) return `mise is missing (${miseBin}); run pnpm install`;
  if (!existsSync(cliBin)) return `the ssoenv CLI is not built (${cliBin}); run pnpm build`;
  return undefined;
}

export interface MiseSandbox {
  /** Temporary root; removed by `cleanup()`. */
  root: string;
  /** Temporary HOME (holds .aws/config and the SSO token cache). */
  home: string;
  /** Folder on PATH with `mise` and an `ssoenv` wrapper running the repository's built CLI. */
  shimDir: string;
  /** Environment for mise and ssoenv: built from scratch, so nothing of the caller's shell leaks in. */
  env: Record<string, string>;
  /** Runs the real mise in `cwd` with the sandbox env (never throws on a non-zero exit). */
  mise(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<Result>;
  cleanup(): Promise<void>;
}

export interface MiseSandboxOptions {
  /** Extra environment (e.g. the emulator's `sdkEnv()`). */
  env?: Record<string, string>;
}

/**
 * A temporary world for the real mise: its own HOME, mise data/cache/state/config folders, trust for
 * everything under the sandbox root, offline mode and no tool installs, and a PATH holding only node,
 * the system folders, mise and an `ssoenv` wrapper around the repository's built CLI.
 */
export async function createMiseSandbox(options: MiseSandboxOptions = {}): Promise<MiseSandbox> {
  const root = await mkdtemp(join(tmpdir(), "ssoenv-mise-"));
  const home = join(root, "home");
  const shimDir = join(root, "shims");
  const miseDirs = {
    MISE_DATA_DIR: join(root, "mise/data"),
    MISE_CACHE_DIR: join(root, "mise/cache"),
    MISE_STATE_DIR: join(root, "mise/state"),
    MISE_CONFIG_DIR: join(root, "mise/config"),
  };
  for (const dir of [home, shimDir, ...Object.values(miseDirs)]) await mkdir(dir, { recursive: true });
  await writeSsoenvWrapper(join(shimDir, "ssoenv"));
  // mise itself on PATH, as in a developer's shell (ssoenv doctor looks for it).
  await symlink(miseBin, join(shimDir, "mise"));

  const systemPath = [dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];
  const env: Record<string, string> = {
    HOME: home,
    PATH: [shimDir, ...systemPath].join(delimiter),
    TMPDIR: tmpdir(),
    LANG: "C.UTF-8",
    NO_COLOR: "1",
    ...miseDirs,
    MISE_TRUSTED_CONFIG_PATHS: root,
    MISE_OFFLINE: "1",
    // The example pins node in [tools]; the test must not try to download it.
    MISE_DISABLE_TOOLS: "node",
    MISE_YES: "1",
    ...options.env,
  };

  return {
    root,
    home,
    shimDir,
    env,
    mise: (args, runOptions) =>
      execa(miseBin, [...args], {
        cwd: runOptions.cwd,
        env: { ...env, ...runOptions.env },
        extendEnv: false,
        reject: false,
        stdin: "ignore",
        timeout: 60_000,
      }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * Lays out `<root>/repo/examples/mise-project` (a copy, without node_modules, with each app's
 * `.env.example` copied to `.env`) next to `<root>/repo/plugins` (a link to the real plugins), so the
 * example's relative include `../../plugins/mise/tasks` works as in a checkout. Returns the project folder.
 */
export async function copyExampleProject(sandbox: MiseSandbox): Promise<string> {
  const project = join(sandbox.root, "repo/examples/mise-project");
  await cp(join(repoRoot, "examples/mise-project"), project, {
    recursive: true,
    filter: (source) => !source.includes("node_modules"),
  });
  await symlink(join(repoRoot, "plugins"), join(sandbox.root, "repo/plugins"), "dir");
  for (const app of ["api", "web"]) {
    // As the README says: `install -m 600 apps/<app>/.env.example apps/<app>/.env`.
    await cp(join(project, `apps/${app}/.env.example`), join(project, `apps/${app}/.env`));
    await chmod(join(project, `apps/${app}/.env`), 0o600);
  }
  return project;
}

/** A project whose .mise.toml only includes the tasks (absolute path to the repository's plugins). */
export async function createBareProject(
  sandbox: MiseSandbox,
  options: { name?: string; tasksDir?: string } = {},
): Promise<string> {
  const project = join(sandbox.root, options.name ?? "bare-project");
  await mkdir(project, { recursive: true });
  const tasksDir = options.tasksDir ?? join(repoRoot, "plugins/mise/tasks");
  await writeFile(join(project, ".mise.toml"), `[task_config]\nincludes = [${JSON.stringify(tasksDir)}]\n`);
  return project;
}

/**
 * Writes an executable `ssoenv` that runs the repository's built CLI with this node, the way the
 * npm/pnpm bin shim does: node's arguments come from bin.js's shebang (`#!/usr/bin/env [-S] node ARGS`).
 */
export async function writeSsoenvWrapper(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const shebang = (await readFile(cliBin, "utf8")).split("\n", 1)[0] ?? "";
  const nodeArgs = /^#!\s*\S*env\s+(?:-S\s+)?node\b(.*)$/.exec(shebang)?.[1]?.trim() ?? "";
  const command = [JSON.stringify(process.execPath), nodeArgs, JSON.stringify(cliBin)].filter(Boolean);
  await writeFile(path, `#!/bin/sh\nexec ${command.join(" ")} "$@"\n`);
  await chmod(path, 0o755);
}

/** The sandbox PATH without the shim folder: no `ssoenv` on PATH. */
export function pathWithoutShims(sandbox: MiseSandbox): string {
  return (sandbox.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== sandbox.shimDir)
    .join(delimiter);
}
