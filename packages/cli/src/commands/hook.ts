import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { SsoenvError } from "@ssoenv/core/errors";
import type { Command } from "commander";
import { huskyPreCommitFile } from "../husky-pre-commit-file.js";
import { gitHooksDir, LOCAL_HOOK, MARKER, preCommitHookScript } from "../pre-commit-hook.js";

/** Where `pre-commit install` (pre-commit.com) keeps the hook it found, and runs it from. */
const PRE_COMMIT_FRAMEWORK_LEGACY = "pre-commit.legacy";

/**
 * `ssoenv hook install|uninstall`: a plain git pre-commit hook running `ssoenv scan --staged`.
 * Respects core.hooksPath; an existing pre-commit hook is kept as pre-commit.local and runs first.
 * Installing twice changes nothing; uninstalling puts the previous hook back.
 */
export function registerHookCommand(program: Command): void {
  const hook = program
    .command("hook")
    .description("install or remove the git pre-commit hook that blocks plaintext AWS keys");
  hook
    .command("install")
    .description("write the pre-commit hook (an existing hook is kept as pre-commit.local and still runs)")
    .option(
      "--force",
      "when pre-commit.local is taken too, keep the current hook as pre-commit.ssoenv-backup",
    )
    .action(async (options: { force?: boolean }) => {
      process.exitCode = await install(options.force === true);
    });
  hook
    .command("uninstall")
    .description("remove the hook and put the previous one (pre-commit.local) back")
    .action(async () => {
      process.exitCode = await uninstall();
    });
}

async function install(force: boolean): Promise<number> {
  const hooksDir = await gitHooksDir();
  if (!hooksDir) return notARepository("install");
  const hookPath = join(hooksDir, "pre-commit");
  const localPath = join(hooksDir, LOCAL_HOOK);
  const current = await readIfExists(hookPath);

  const husky = current?.includes(MARKER) ? undefined : huskyPreCommitFile({ hooksDir, current });
  if (husky) {
    // Chaining husky's hook would stop it running the team's script (it goes by its own file name).
    const where = isAbsolute(husky) ? relative(process.cwd(), husky) || husky : husky;
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${hooksDir} is managed by husky: not installing a hook there`,
      {
        hint: `add the line \`ssoenv scan --staged\` to ${where} (husky runs it on every commit)`,
      },
    );
  }

  if (current !== undefined && !current.includes(MARKER)) {
    // Someone else's hook: chain it, never drop it.
    if (await exists(localPath)) {
      if (!force) {
        throw new SsoenvError(
          "INVALID_ARGUMENT",
          `${hookPath} exists and ${LOCAL_HOOK} is taken too: cannot chain the existing hook`,
          {
            hint: "merge them by hand, or run `ssoenv hook install --force` (keeps the current hook as pre-commit.ssoenv-backup)",
          },
        );
      }
      await rename(hookPath, join(hooksDir, "pre-commit.ssoenv-backup"));
      process.stderr.write(
        `ssoenv: kept the previous hook as ${join(hooksDir, "pre-commit.ssoenv-backup")}\n`,
      );
    } else {
      await rename(hookPath, localPath);
      process.stderr.write(`ssoenv: the existing hook now runs first, as ${localPath}\n`);
    }
  }

  const script = preCommitHookScript();
  if (current === script) {
    process.stderr.write(`ssoenv: pre-commit hook already installed at ${hookPath}\n`);
    return 0;
  }
  await mkdir(hooksDir, { recursive: true });
  await writeFile(hookPath, script, { mode: 0o755 });
  await chmod(hookPath, 0o755);
  process.stderr.write(`ssoenv: installed pre-commit hook at ${hookPath} (runs \`ssoenv scan --staged\`)\n`);
  return 0;
}

async function uninstall(): Promise<number> {
  const hooksDir = await gitHooksDir();
  if (!hooksDir) return notARepository("uninstall");
  const hookPath = join(hooksDir, "pre-commit");
  const localPath = join(hooksDir, LOCAL_HOOK);
  const current = await readIfExists(hookPath);
  if (current === undefined || !current.includes(MARKER)) {
    return uninstallLegacy(hooksDir);
  }
  if (await exists(localPath)) {
    await rename(localPath, hookPath);
    process.stderr.write(`ssoenv: removed the ssoenv hook; ${hookPath} is the previous hook again\n`);
  } else {
    await rm(hookPath);
    process.stderr.write(`ssoenv: removed ${hookPath}\n`);
  }
  return 0;
}

/**
 * `pre-commit install` (pre-commit.com) run after ours keeps ours as pre-commit.legacy and still
 * runs it: remove it there, and give the hook ours chained (if any) that place.
 */
async function uninstallLegacy(hooksDir: string): Promise<number> {
  const legacyPath = join(hooksDir, PRE_COMMIT_FRAMEWORK_LEGACY);
  const legacy = await readIfExists(legacyPath);
  if (legacy === undefined || !legacy.includes(MARKER)) {
    process.stderr.write(`ssoenv: no ssoenv pre-commit hook in ${hooksDir}: nothing to remove\n`);
    return 0;
  }
  const localPath = join(hooksDir, LOCAL_HOOK);
  if (await exists(localPath)) {
    await rename(localPath, legacyPath);
    process.stderr.write(
      `ssoenv: removed the ssoenv hook that pre-commit ran as ${legacyPath}; the hook before it is there again\n`,
    );
  } else {
    await rm(legacyPath);
    process.stderr.write(`ssoenv: removed the ssoenv hook that pre-commit ran as ${legacyPath}\n`);
  }
  return 0;
}

function notARepository(subcommand: "install" | "uninstall"): never {
  throw new SsoenvError("INVALID_ARGUMENT", `${process.cwd()} is not inside a git repository`, {
    hint:
      subcommand === "install"
        ? "run `ssoenv hook install` in the repository to protect"
        : "run `ssoenv hook uninstall` in the repository whose hook to remove",
  });
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
