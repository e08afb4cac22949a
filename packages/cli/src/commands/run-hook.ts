import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative } from "node:path";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import { gitOutput } from "../git-output.js";
import { huskyPreCommitFile } from "../husky-pre-commit-file.js";
import {
  gitHooksDir,
  HOOK_NAMES,
  type HookName,
  localHookOf,
  markerOf,
  preCommitHookScript,
} from "../pre-commit-hook.js";
import { printInfo, printWarning } from "../ui.js";

/** `ssoenv hook install`'s work (its declaration: hook.ts); resolves to the exit code. */
export async function installHook(force: boolean): Promise<number> {
  const hooksDir = await gitHooksDir();
  if (!hooksDir) return notARepository("install");
  const { bareRepositoryError, repositoryKind } = await import("@ssoenv/secret-scan");
  const place = repositoryKind({ cwd: process.cwd() });
  // A bare repository (a server's copy) takes pushes, never commits: the hook would never run.
  if (place.kind === "bare") throw bareRepositoryError(place.gitDir ?? process.cwd());
  const hooks = await Promise.all(
    HOOK_NAMES.map(async (name) => {
      const path = join(hooksDir, name);
      const current = await readIfExists(path);
      const ours = current?.includes(markerOf(name)) === true;
      const localPath = join(hooksDir, localHookOf(name));
      return { name, path, current, ours, localPath, localTaken: await exists(localPath) };
    }),
  );

  const preCommit = hooks[0];
  const husky = preCommit?.ours ? undefined : huskyPreCommitFile({ hooksDir, current: preCommit?.current });
  if (husky) {
    // Chaining husky's hook would stop it running the team's script (it goes by its own file name).
    const where = isAbsolute(husky) ? relative(process.cwd(), husky) || husky : husky;
    // husky runs .husky/pre-merge-commit on merges: the merge commits pre-commit never sees.
    const merges = isAbsolute(husky) ? ` and ${join(dirname(where), "pre-merge-commit")}` : "";
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${hooksDir} is managed by husky: not installing a hook there`,
      {
        hint: `add the line \`ssoenv scan --staged\` to ${where}${merges} (husky runs ${merges ? "them on every commit and merge" : "it on every commit"})`,
      },
    );
  }
  const committed = await committedHooksFolder(hooksDir);
  if (committed) {
    // A hook written there holds this machine's paths, and the next `git commit -a` shares it.
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${hooksDir} (core.hooksPath) holds files committed in this repository: not installing a hook there`,
      {
        hint: `add the line \`ssoenv scan --staged\` to ${committed}/pre-commit and ${committed}/pre-merge-commit, and commit them for the team`,
      },
    );
  }
  // Every refusal before the first change: never half installed.
  const blocked = hooks.find((h) => h.current !== undefined && !h.ours && h.localTaken);
  if (blocked && !force) {
    const local = localHookOf(blocked.name);
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${blocked.path} exists and ${local} is taken too: cannot chain the existing hook`,
      {
        hint: `merge them by hand, or run \`ssoenv hook install --force\` (the current hook still runs first; ${local}, which git does not run, is kept as ${blocked.name}.ssoenv-backup)`,
      },
    );
  }

  await mkdir(hooksDir, { recursive: true });
  for (const hook of hooks) {
    if (hook.current !== undefined && !hook.ours) {
      // Someone else's hook: chain it, never drop it.
      if (hook.localTaken) {
        // --force: git never ran NAME.local, the hook here it did: that one keeps running (first),
        // the dormant file is set aside, and uninstall puts back the hook that ran.
        const backup = await freeName(join(hooksDir, `${hook.name}.ssoenv-backup`));
        await rename(hook.localPath, backup);
        printInfo(`Kept ${localHookOf(hook.name)}, which git does not run, as ${backup}`);
      }
      await rename(hook.path, hook.localPath);
      printInfo(`The existing hook now runs first, as ${hook.localPath}`);
    }
    const script = preCommitHookScript({ hook: hook.name });
    if (hook.current === script) {
      printInfo(`The ${hook.name} hook is installed already at ${hook.path}`);
      continue;
    }
    await writeFile(hook.path, script, { mode: 0o755 });
    await chmod(hook.path, 0o755);
    printInfo(
      `Installed the ${hook.name} hook at ${hook.path} (runs \`ssoenv scan --staged\`${hook.name === "pre-commit" ? "" : " on merges"})`,
    );
  }
  const shared = await sharedHooksNote(hooksDir);
  if (shared) printWarning(shared);
  return 0;
}

/** `ssoenv hook uninstall`'s work (its declaration: hook.ts); resolves to the exit code. */
export async function uninstallHook(): Promise<number> {
  const hooksDir = await gitHooksDir();
  if (!hooksDir) return notARepository("uninstall");
  let removed = 0;
  for (const name of HOOK_NAMES) {
    const hookPath = join(hooksDir, name);
    const localPath = join(hooksDir, localHookOf(name));
    const current = await readIfExists(hookPath);
    if (current === undefined || !current.includes(markerOf(name))) {
      removed += await uninstallLegacy(hooksDir, name);
      continue;
    }
    removed++;
    if (await exists(localPath)) {
      await rename(localPath, hookPath);
      printInfo(`Removed the ssoenv hook; ${hookPath} is the previous hook again`);
    } else {
      await rm(hookPath);
      printInfo(`Removed ${hookPath}`);
    }
  }
  if (removed === 0) printInfo(`No ssoenv hook in ${hooksDir}: nothing to remove`);
  else {
    const shared = await sharedHooksNote(hooksDir);
    if (shared) printWarning(shared);
  }
  return 0;
}

/**
 * `pre-commit install` (pre-commit.com) run after ours keeps ours as NAME.legacy and still runs it:
 * remove it there, and give the hook ours chained (if any) that place. 1 when one was removed.
 */
async function uninstallLegacy(hooksDir: string, name: HookName): Promise<number> {
  const legacyPath = join(hooksDir, `${name}.legacy`);
  const legacy = await readIfExists(legacyPath);
  if (legacy === undefined || !legacy.includes(markerOf(name))) return 0;
  const localPath = join(hooksDir, localHookOf(name));
  if (await exists(localPath)) {
    await rename(localPath, legacyPath);
    printInfo(
      `Removed the ssoenv hook that pre-commit ran as ${legacyPath}; the hook before it is there again`,
    );
  } else {
    await rm(legacyPath);
    printInfo(`Removed the ssoenv hook that pre-commit ran as ${legacyPath}`);
  }
  return 1;
}

/**
 * When the hooks folder (core.hooksPath) holds files committed in this repository (a team's
 * `.githooks`), that folder relative to the work tree root, else undefined. The hook ssoenv writes
 * names this machine's Node.js and ssoenv: it must not land in a folder the team commits.
 */
async function committedHooksFolder(hooksDir: string): Promise<string | undefined> {
  const top = await gitOutput(["rev-parse", "--show-toplevel"]);
  if (!top) return undefined;
  const where = relative(top, hooksDir);
  if (where === "" || where.startsWith("..") || isAbsolute(where)) return undefined;
  const tracked = await gitOutput(["ls-files", "-z", "--", where], top);
  return tracked ? where : undefined;
}

/**
 * When the hooks folder is outside this repository (core.hooksPath in ~/.gitconfig, say), the line
 * saying so: hooks there run in every repository that uses it, and removing them removes them for all.
 */
async function sharedHooksNote(hooksDir: string): Promise<string | undefined> {
  const inside = (folder: string | undefined) => {
    if (!folder) return false;
    const where = relative(folder, hooksDir);
    return !where.startsWith("..") && !isAbsolute(where);
  };
  const [top, gitDir] = await Promise.all([
    gitOutput(["rev-parse", "--show-toplevel"]),
    gitOutput(["rev-parse", "--path-format=absolute", "--git-common-dir"]),
  ]);
  if (inside(top) || inside(gitDir)) return undefined;
  // "file:/home/me/.gitconfig\0~/.githooks\0": -z, or git quotes a path that is not plain ASCII.
  const origin = await gitOutput(["config", "-z", "--show-origin", "--get", "core.hooksPath"]);
  const file = origin?.startsWith("file:") ? origin.slice(5, origin.indexOf("\0")) : undefined;
  return `core.hooksPath${file ? ` (set in ${file})` : ""} is outside this repository: these hooks run in every repository that uses it`;
}

function notARepository(subcommand: "install" | "uninstall"): never {
  throw new SsoenvError("INVALID_ARGUMENT", `${process.cwd()} is not inside a git repository`, {
    hint:
      subcommand === "install"
        ? "run `ssoenv hook install` in the repository to protect"
        : "run `ssoenv hook uninstall` in the repository whose hook to remove",
  });
}

/** `path`, or `path.2`, `path.3`… when taken: a backup never replaces an earlier one. */
async function freeName(path: string): Promise<string> {
  let candidate = path;
  for (let n = 2; await exists(candidate); n++) candidate = `${path}.${n}`;
  return candidate;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
