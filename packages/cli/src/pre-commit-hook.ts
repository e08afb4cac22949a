import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { gitOutput } from "./git-output.js";

/**
 * The git hooks ssoenv installs: pre-commit for commits, and pre-merge-commit for the merge commits
 * git makes itself (`git merge`, `git pull` without a conflict), which skip pre-commit: a key that
 * came in on another branch would otherwise be merged unscanned (a conflicted merge, committed with
 * `git commit`, is scanned by pre-commit).
 */
export const HOOK_NAMES = ["pre-commit", "pre-merge-commit"] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** First lines of the hook ssoenv writes: how install, uninstall and doctor recognise it. */
export const MARKER = markerOf("pre-commit");
/** Where an existing hook goes so ours can run it first (chained, never replaced). */
export const LOCAL_HOOK = localHookOf("pre-commit");

/** The marker line of ssoenv's hook `name`. */
export function markerOf(name: HookName): string {
  return `# ssoenv-hook: ${name}`;
}

/** Where the hook `name` found at install time goes, and runs from. */
export function localHookOf(name: HookName): string {
  return `${name}.local`;
}

/**
 * The git pre-commit hook `ssoenv hook install` writes (and `ssoenv doctor` compares the installed
 * one with): run the chained hook first, then `ssoenv scan --staged` through this very ssoenv's
 * entry (absolute paths, so it works from GUIs and without ssoenv on PATH), else `ssoenv` from PATH.
 * The entry answers `scan` from its fast path (commands.ts), so the hook needs no entry of its own.
 */
export function preCommitHookScript(options: { hook?: HookName; node?: string } = {}): string {
  const name = options.hook ?? "pre-commit";
  // The Node.js the hook runs ssoenv with: this process's, or (doctor) the one an installed hook names.
  const node = options.node ?? process.execPath;
  const local = localHookOf(name);
  // bin/ssoenv.cjs, the package's bin: from dist/ (built) or src/ (from source).
  const bin = resolve(dirname(fileURLToPath(import.meta.url)), "..", "bin", "ssoenv.cjs");
  const what = name === "pre-commit" ? "commits" : "merge commits (git merge and git pull skip pre-commit)";
  const bypass = name === "pre-commit" ? "git commit --no-verify" : "git merge --no-verify";
  return `#!/bin/sh
${markerOf(name)}
# Installed by \`ssoenv hook install\`; \`ssoenv hook uninstall\` removes it and restores the previous hook.
# Blocks ${what} that add plaintext AWS keys. The previous ${name} hook, if any, is ${local}
# and runs first. Bypass once (not recommended): ${bypass}
case $0 in */*) hooks_dir=\${0%/*} ;; *) hooks_dir=. ;; esac
if [ -x "$hooks_dir/${local}" ]; then
  "$hooks_dir/${local}" "$@" || exit $?
fi
# The scan opens no TLS connection, and Node.js 20 reads and parses a NODE_EXTRA_CA_CERTS file
# before it runs any JavaScript (~80 ms for a system CA bundle), on every commit.
unset NODE_EXTRA_CA_CERTS
ssoenv_node=${shellQuote(node)}
ssoenv_bin=${shellQuote(bin)}
if [ -f "$ssoenv_bin" ]; then
  [ -x "$ssoenv_node" ] || ssoenv_node=node
  # Not on PATH, \`ssoenv\` is no command the user can run: the commands a blocked commit is told
  # to run name it as this hook runs it (with the \`node\` on PATH once the one above is gone: nvm).
  if ! command -v ssoenv >/dev/null 2>&1; then
    SSOENV_COMMAND=${shellQuote(`${shellWord(node)} -- ${shellWord(bin)}`)}
    [ "$ssoenv_node" = node ] && SSOENV_COMMAND=${shellQuote(`node -- ${shellWord(bin)}`)}
    export SSOENV_COMMAND
  fi
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

/**
 * The Node.js an installed hook runs ssoenv with (its `ssoenv_node='…'` line), undefined when it has
 * none: this ssoenv installed from another Node.js (nvm use 24) writes another path there.
 */
export function hookNodeOf(script: string): string | undefined {
  const quoted = /^ssoenv_node='((?:[^']|'\\'')*)'$/m.exec(script)?.[1];
  return quoted?.replaceAll("'\\''", "'");
}

/**
 * The hooks folder of the repository around the working directory, undefined outside one.
 * `git rev-parse --git-path hooks` honours core.hooksPath (relative to the work tree root).
 */
export function gitHooksDir(): Promise<string | undefined> {
  return gitOutput(["rev-parse", "--path-format=absolute", "--git-path", "hooks"]);
}
