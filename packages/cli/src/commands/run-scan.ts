import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { Finding } from "@ssoenv/secret-scan";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { exitOnClosedStdout } from "../exit-on-closed-stdout.js";
import { gitRmCachedCommand } from "../git-rm-cached-command.js";
import { mergeKeyAdvice, realKeyLines } from "../real-key-advice.js";
import { readVersion } from "../version.js";

/** Options of `ssoenv scan`, as commander (or its fast path) parses them. */
export interface ScanCommandOptions {
  staged?: boolean;
  format: "text" | "json" | "sarif";
  /** `--json`: `--format json`, as other commands spell it. */
  json?: boolean;
  baseline?: string;
  writeBaseline?: boolean;
  /** Absent: the scanner's own default (DEFAULT_MAX_FILE_BYTES, 5 MiB). */
  maxFileSize?: string;
  includeNodeModules?: boolean;
  includeIgnored?: boolean;
}

/**
 * What `ssoenv scan` does, whichever way its command line was read (scan.ts's commander action, or
 * its fast path): scans, applies the baseline, prints. Resolves to the exit code: 1 on findings, 0
 * clean. Loads the scanner when it runs: other commands never pay for it.
 *
 * @throws {SsoenvError} INVALID_ARGUMENT for a --max-file-size that is not a positive number, two
 *   formats, --include-ignored / --include-node-modules with --staged, or a format with --write-baseline.
 */
export async function runScan(paths: string[], given: ScanCommandOptions): Promise<number> {
  if (given.json && given.format !== "text" && given.format !== "json") {
    const { SsoenvError } = await import("@ssoenv/core/internal/errors");
    throw new SsoenvError("INVALID_ARGUMENT", `--json and --format ${given.format} ask for two formats`, {
      hint: "give one of them",
    });
  }
  // They choose what a walk of the folders takes in; the index holds what it holds (`git add -f`).
  const walkFlag = given.includeIgnored
    ? "--include-ignored"
    : given.includeNodeModules
      ? "--include-node-modules"
      : undefined;
  if (given.staged && walkFlag) {
    const { SsoenvError } = await import("@ssoenv/core/internal/errors");
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${walkFlag} does nothing with --staged, which scans every staged file (in node_modules or git-ignored and added with git add -f too)`,
      { hint: `drop ${walkFlag}, or scan the work tree with it: ssoenv scan ${walkFlag} .` },
    );
  }
  const formatFlag = given.json ? "--json" : given.format !== "text" ? `--format ${given.format}` : undefined;
  if (given.writeBaseline && formatFlag) {
    const { SsoenvError } = await import("@ssoenv/core/internal/errors");
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${formatFlag} does nothing with --write-baseline, which prints no findings (it accepts them all)`,
      {
        hint: `see them first with ssoenv scan ${formatFlag}, then accept them with ssoenv scan --write-baseline`,
      },
    );
  }
  const options = given.json ? { ...given, format: "json" as const } : given;
  const maxFileBytes = options.maxFileSize === undefined ? undefined : Number(options.maxFileSize);
  if (maxFileBytes !== undefined && (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0)) {
    const { SsoenvError } = await import("@ssoenv/core/internal/errors");
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `--max-file-size must be a positive number of bytes, got "${options.maxFileSize}"`,
      { hint: "e.g. --max-file-size 10485760" },
    );
  }
  // Loaded here, not at the top: other commands never pay for the scanner.
  const scan = await import("@ssoenv/secret-scan");
  // The repository root (for the default baseline) is asked in parallel with the scan itself. Path
  // mode uses it too, so that a baseline written or read from a subfolder is the one commits use.
  const [repositoryRoot, scanned] = await Promise.all([
    options.staged ? scan.findRepositoryRoot() : scan.findRepositoryRoot().catch(() => undefined),
    options.staged
      ? scan.scanStaged({ paths: stagedPaths(paths), ...(maxFileBytes ? { maxFileBytes } : {}) })
      : scan.scanFiles({
          paths: paths.length > 0 ? paths : ["."],
          ...(maxFileBytes ? { maxFileBytes } : {}),
          includeNodeModules: options.includeNodeModules === true,
          includeIgnored: options.includeIgnored === true,
        }),
  ]);
  const root = repositoryRoot ?? process.cwd();
  const baselinePath = options.baseline ? resolve(options.baseline) : join(root, scan.BASELINE_FILE);
  const baseline = options.writeBaseline
    ? undefined
    : await scan.loadBaseline({ path: baselinePath, optional: options.baseline === undefined });
  const result = {
    ...scanned,
    findings: baseline ? scan.applyBaseline({ findings: scanned.findings, baseline }) : scanned.findings,
  };

  const folders = result.skippedFolders;
  if (folders.length > 0) {
    // A folder left out must never look like a clean scan of it.
    const first = folders.slice(0, 3).map((folder) => scan.printablePath(folder));
    const { printWarning } = await import("../ui.js");
    printWarning(
      `skipped ${folders.length} node_modules folder(s): ${first.join(", ")}${folders.length > 3 ? ", …" : ""}; add --include-node-modules to scan them`,
    );
  }

  const ignored = result.skippedIgnored;
  if (ignored.length > 0) {
    // Not a warning: git never commits them (ssoenv refresh's .env files among them). Said, with the
    // way to scan them, so that a folder left out never looks like a clean scan of it.
    const first = ignored.slice(0, 3).map((path) => scan.printablePath(path));
    const { printInfo } = await import("../ui.js");
    printInfo(
      `ssoenv scan: skipped ${ignored.length} git-ignored file(s) or folder(s): ${first.join(", ")}${ignored.length > 3 ? ", …" : ""}; add --include-ignored to scan them`,
    );
  }

  const repositories = result.skippedRepositories;
  if (repositories.length > 0) {
    // Their commits cannot be scanned as files: said, so that passing them by never looks clean.
    const first = repositories.slice(0, 3).map((folder) => scan.printablePath(folder));
    const { printInfo } = await import("../ui.js");
    printInfo(
      `ssoenv scan: skipped ${repositories.length} bare ${repositories.length === 1 ? "repository" : "repositories"} (commits stored compressed, where a file scan sees no key): ${first.join(", ")}${repositories.length > 3 ? ", …" : ""}; scan the files of a clone (git clone PATH)`,
    );
  }

  const unreadable = result.unreadable;
  if (unreadable.length > 0) {
    // Everything else was scanned and is reported below; the exit code never says clean.
    const first = unreadable.slice(0, 3).map((u) => `${scan.printablePath(u.path)} (${u.code})`);
    const { printWarning } = await import("../ui.js");
    printWarning(
      `could not read ${unreadable.length} file(s) or folder(s), not scanned: ${first.join(", ")}${unreadable.length > 3 ? ", …" : ""}`,
    );
  }

  if (options.writeBaseline) {
    // Core's atomic writer (fsync, a symlink's target replaced, the file's mode kept); a new
    // baseline is 0644: it is committed, and holds hashes, not secrets.
    const { writeFileAtomic } = await import("@ssoenv/core/internal/write-file-atomic");
    const { existsSync } = await import("node:fs");
    const shown = scan.printablePath(relative(process.cwd(), baselinePath) || baselinePath);
    // A pipe, socket or device cannot be replaced by a baseline: said before anything is read from
    // it (a named pipe waits for a writer) or written.
    scan.validateBaselinePath({ path: baselinePath, toWrite: true });
    // What is accepted already stays accepted (this scan may cover one folder or one commit), both
    // sides of a merge conflict included; a file that is not a baseline is never replaced (exit 2).
    const extend = await scan.loadBaseline({ path: baselinePath, optional: true, mergeConflict: true });
    // Files named from the baseline's folder (findings name them from here, or from the root when
    // staged): the file says where each key was, for whoever reviews it.
    const from = options.staged ? root : process.cwd();
    const findings = result.findings.map((f) => ({
      ...f,
      path: slashRelative(dirname(baselinePath), resolve(from, f.path)),
    }));
    const baseline = scan.createBaseline({ findings, extend });
    await writeFileAtomic(
      baselinePath,
      scan.formatBaseline({ baseline }),
      existsSync(baselinePath) ? {} : { mode: 0o644 },
    );
    const total = Object.keys(baseline.secrets).length;
    const before = Object.keys(extend.secrets).length;
    process.stderr.write(
      `ssoenv scan: wrote ${total} accepted secret(s) to ${shown} (${total - before} new${before > 0 ? `, ${before} accepted before` : ""}; delete the file to start over)\n`,
    );
    if (extend.mergedConflict) {
      process.stderr.write(
        `ssoenv scan: the merge conflict in ${shown} is resolved, the entries of both sides kept: git add ${shellWord(shown)}\n`,
      );
    }
    return 0;
  }

  // The version only goes into SARIF: do not read package.json for the other formats.
  const version = options.format === "sarif" ? readVersion() : undefined;
  // GitHub code scanning reads SARIF's relative URIs from the repository root (staged findings are
  // named from there already); text and JSON name files from where the user stands.
  const fromRoot = (path: string) => slashRelative(root, resolve(path));
  const report = scan.formatFindings({
    findings:
      options.format === "sarif" && !options.staged
        ? result.findings.map((f) => ({ ...f, path: fromRoot(f.path) }))
        : result.findings,
    format: options.format,
    ...(version ? { version } : {}),
  });
  // A clean commit prints nothing (text): process.stdout is not even created (a few ms of each commit).
  if (report !== "") {
    exitOnClosedStdout();
    process.stdout.write(report);
  }
  if (result.findings.length > 0) {
    if (options.format === "text") {
      const [{ printError }, { envFilesOutOfGitHint }] = await Promise.all([
        import("../ui.js"),
        import("../env-files-out-of-git.js"),
      ]);
      const files = [...new Set(result.findings.map((f) => f.path))];
      printError(
        `${result.findings.length} plaintext AWS credential(s) in ${files.length} file(s)${options.staged ? " staged for commit" : ""}`,
        options.staged
          ? stagedHint(
              result.findings,
              files,
              scan.isMerging(),
              scan.areAllGitIgnored({ cwd: root, files }),
              root,
            )
          : pathHint(
              result.findings,
              files,
              paths,
              options,
              // Names go to git as arguments, which Node.js writes as UTF-8: a name that is not
              // (scan.pathFromBytes) would be asked about as another file, so it is left out.
              repositoryRoot
                ? await envFilesOutOfGitHint(
                    files.filter((file) => !scan.hasEscapedBytes(file)),
                    fromUser(root),
                  )
                : undefined,
              fromUser(root),
              files.some(scan.hasEscapedBytes),
            ),
      );
    }
    return 1;
  }
  if (unreadable.length > 0) {
    throw new scan.SecretScanError(
      "PATH_UNREADABLE",
      `no keys found, but ${unreadable.length} file(s) or folder(s) could not be read (listed above): the scan is incomplete`,
      { hint: "scan as a user who can read them, or scan only the paths you can read" },
    );
  }
  return 0;
}

/**
 * The files a staged scan is limited to: those given, or the whole index when a name given holds a
 * byte sequence that is not UTF-8. Node.js reads such an argument lossily (\xe9 becomes U+FFFD), so
 * it names no staged file and the file it meant would pass unscanned; the whole index holds it.
 */
function stagedPaths(paths: string[]): string[] {
  return paths.some((path) => path.includes("\uFFFD")) ? [] : paths;
}

/**
 * What to do about keys a commit would add, step by step: people in the middle of a commit follow
 * what the message says (and a message that only says "remove them" teaches `--no-verify`).
 */
function stagedHint(
  findings: readonly Finding[],
  files: string[],
  merging: boolean,
  allIgnored: boolean,
  root: string,
): string {
  // Findings name staged files from the root; a command is run from where the user stands (a
  // subfolder, by hand or through a hook: see userFolder).
  const here = userFolder(root);
  const fromHere = (file: string) => slashRelative(here, join(root, file));
  const named = files.length <= 3 ? files.map((file) => shellWord(fromHere(file))).join(" ") : "FILE…";
  const untrack = files.length <= 3 ? gitRmCachedCommand(files.map(fromHere)) : "git rm --cached -- FILE…";
  // `git commit -a` and `git commit FILE` are scanned in a temporary index (GIT_INDEX_FILE
  // .git/index.lock, .git/next-index-PID.lock) that is gone once the commit is refused: a scan of the
  // staged files run afterwards would not see the change, and accept nothing, unless it is staged.
  const stageFirst = temporaryIndex() ? `git add -- ${named} && ` : "";
  const falsePositive = `- a false positive: add \`ssoenv:allow\` on its line, or \`${stageFirst}ssoenv scan --staged --write-baseline\` and commit .ssoenv-scan-baseline.json (hashes, never keys)`;
  if (merging) {
    // The merge's other parent holds the keys: a merge commit without them still pushes them.
    return [
      "this is a merge: a key that comes from the branch being merged is in that branch's history, which the merge pushes whatever it holds:",
      `- ${mergeKeyAdvice(findings)}; \`git merge --abort\`, take it out of that branch's commits (git rebase -i), then merge again`,
      "- a key added while resolving: edit its line, then `git add` the file again",
      falsePositive,
    ].join("\n");
  }
  // A .env that .gitignore lists already was added with `git add -f`: "list it" would send the user
  // to a .gitignore that already does.
  const listed = allIgnored
    ? "; .gitignore lists it already (it was added with git add -f)"
    : ", then list it in .gitignore";
  return [
    "take each key out of the commit:",
    "- edit its line, then `git add` the file again",
    `- a file that must not be tracked at all (a .env): \`${untrack}\`${listed}`,
    ...realKeyLines(findings),
    falsePositive,
  ].join("\n");
}

/**
 * A path named from the working folder, named from the folder the user typed the command in
 * (userFolder): the same path when they are one.
 */
function fromUser(root: string): (path: string) => string {
  const here = userFolder(root);
  return here === process.cwd() ? (path) => path : (path) => slashRelative(here, resolve(path)) || ".";
}

/**
 * The folder the user typed the command in: git runs hooks at the root of the work tree, and says
 * in GIT_PREFIX which subfolder `git commit` was run from ("docs/"); by hand, the working folder.
 */
function userFolder(root: string): string {
  const prefix = process.env.GIT_PREFIX;
  return prefix && resolve(process.cwd()) === resolve(root) ? join(root, prefix) : process.cwd();
}

/** Whether git runs this scan on an index other than the repository's own (`git commit -a`, `git commit FILE`). */
function temporaryIndex(): boolean {
  const index = process.env.GIT_INDEX_FILE;
  return index !== undefined && index !== "" && basename(index) !== "index";
}

/**
 * What to do about keys found in files. The accept command scans what this scan showed, not `.`: a
 * file named is scanned even when git ignores it (a `.env`), which a scan of `.` skips, and keys in
 * files the user did not name are not accepted unseen. It names the same baseline. A .env file git
 * would commit gets a line to keep it out of git (envFilesOutOfGitHint). A file whose name is not
 * UTF-8 (`unnameable`) cannot be given back to ssoenv (Node.js reads such an argument lossily): the
 * command then repeats the scan's own paths.
 */
function pathHint(
  findings: readonly Finding[],
  files: string[],
  paths: string[],
  options: ScanCommandOptions,
  envFilesHint: string | undefined,
  fromUser: (path: string) => string,
  unnameable: boolean,
): string {
  const word = (path: string) => shellWord(fromUser(path));
  const words = ["ssoenv scan --write-baseline"];
  if (options.baseline !== undefined) words.push(`--baseline ${word(options.baseline)}`);
  if (files.length <= 3 && !unnameable) {
    words.push("--", ...files.map(word));
  } else if (paths.length <= 3) {
    // The same walk: its folders, with what it took in.
    if (options.includeIgnored) words.push("--include-ignored");
    if (options.includeNodeModules) words.push("--include-node-modules");
    if (paths.length > 0) words.push("--", ...paths.map(word));
  } else {
    words.push("-- FILE…");
  }
  return [
    "take the keys out of these files:",
    ...realKeyLines(findings),
    ...(envFilesHint ? [envFilesHint] : []),
    `- a false positive: add \`ssoenv:allow\` on its line, or accept the keys shown: \`${words.join(" ")}\``,
  ].join("\n");
}

/** `to` relative to the folder `from`, with `/` on every platform (as findings and baselines name files). */
function slashRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join("/");
}
