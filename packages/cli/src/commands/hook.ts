import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SsoenvError } from "@ssoenv/core/errors";
import type { Command } from "commander";

/** First lines of the hook we write: how install and uninstall recognise it. */
const MARKER = "# ssoenv-hook: pre-commit";
/** Where an existing hook goes so ours can run it first (chained, never replaced). */
const LOCAL_HOOK = "pre-commit.local";

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
  if (!hooksDir) return notARepository();
  const hookPath = join(hooksDir, "pre-commit");
  const localPath = join(hooksDir, LOCAL_HOOK);
  const current = await readIfExists(hookPath);

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

  const script = hookScript();
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
  if (!hooksDir) return notARepository();
  const hookPath = join(hooksDir, "pre-commit");
  const localPath = join(hooksDir, LOCAL_HOOK);
  const current = await readIfExists(hookPath);
  if (current === undefined || !current.includes(MARKER)) {
    process.stderr.write(`ssoenv: no ssoenv pre-commit hook in ${hooksDir}: nothing to remove\n`);
    return 0;
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
 * The hook: run the chained hook first, then `ssoenv scan --staged` through this very ssoenv's entry
 * (absolute paths, so it works from GUIs and without ssoenv on PATH), else `ssoenv` from PATH. The
 * entry answers `scan` from its fast path (commands.ts), so the hook needs no entry of its own.
 */
function hookScript(): string {
  // bin/ssoenv.cjs, the package's bin: from dist/commands/ (built) or src/commands/ (from source).
  const bin = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "ssoenv.cjs");
  return `#!/bin/sh
${MARKER}
# Installed by \`ssoenv hook install\`; \`ssoenv hook uninstall\` removes it and restores the previous hook.
# Blocks commits that add plaintext AWS keys. The previous pre-commit hook, if any, is ${LOCAL_HOOK}
# and runs first. Bypass once (not recommended): git commit --no-verify
case $0 in */*) hooks_dir=\${0%/*} ;; *) hooks_dir=. ;; esac
if [ -x "$hooks_dir/${LOCAL_HOOK}" ]; then
  "$hooks_dir/${LOCAL_HOOK}" "$@" || exit $?
fi
# The scan opens no TLS connection, and Node.js 20 reads and parses a NODE_EXTRA_CA_CERTS file
# before it runs any JavaScript (~80 ms for a system CA bundle), on every commit.
unset NODE_EXTRA_CA_CERTS
ssoenv_node=${shellQuote(process.execPath)}
ssoenv_bin=${shellQuote(bin)}
if [ -f "$ssoenv_bin" ]; then
  [ -x "$ssoenv_node" ] || ssoenv_node=node
  exec "$ssoenv_node" -- "$ssoenv_bin" scan --staged
fi
if command -v ssoenv >/dev/null 2>&1; then
  exec ssoenv scan --staged
fi
echo "ssoenv pre-commit hook: ssoenv is not installed (was $ssoenv_bin); install it and run: ssoenv hook install (or: ssoenv hook uninstall)" >&2
exit 1
`;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** `git rev-parse --git-path hooks` honours core.hooksPath (relative to the work tree root). */
function gitHooksDir(): Promise<string | undefined> {
  return new Promise((resolvePromise) => {
    execFile("git", ["rev-parse", "--path-format=absolute", "--git-path", "hooks"], (error, stdout) => {
      resolvePromise(error ? undefined : stdout.trim());
    });
  });
}

function notARepository(): never {
  throw new SsoenvError("INVALID_ARGUMENT", `${process.cwd()} is not inside a git repository`, {
    hint: "run `ssoenv hook install` in the repository to protect",
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
