import { applyBaseline, type Baseline } from "./baseline.js";
import { scannableText } from "./decode-bytes.js";
import { pathFromBytes } from "./path-bytes.js";
import { PiecewiseScan } from "./piecewise-scan.js";
import { printablePath } from "./printable-path.js";
import { gitSaysYes, runGit, streamGit } from "./run-git.js";
import { DEFAULT_MAX_FILE_BYTES, sortFindings } from "./scan-files.js";
import { scanText } from "./scan-text.js";
import { SecretScanError } from "./secret-scan-error.js";
import type { Finding, ScanResult } from "./types.js";

export interface ScanStagedOptions {
  /** Any folder inside the repository. @default process.cwd() */
  cwd?: string;
  /** Staged files larger than this are scanned in pieces, as a whole (see scanStaged). @default 5 MiB */
  maxFileBytes?: number;
  /** Findings whose fingerprint is in it are dropped (counted in `baselined`). */
  baseline?: Baseline;
  /** Only these files or folders (relative to `cwd`, taken literally), e.g. the names pre-commit passes. */
  paths?: readonly string[];
}

/** One file of the staged patch. */
interface StagedFile {
  path: string;
  oldSha: string;
  newSha: string;
  /** Added line numbers from the text hunks; undefined when git showed no text (binary to git). */
  added: Set<number> | undefined;
  /** The new file's lines, from the full-context hunk (context and added lines). */
  lines: string[];
  /** False when git said "\ No newline at end of file" for the new side. */
  finalNewline: boolean;
  binary: boolean;
}

const NULL_SHA = /^0+$/;
const FULL_CONTEXT = 1_000_000_000;

/**
 * Staged mode: scans exactly what the next commit adds — the index (GIT_INDEX_FILE when git set
 * one), not the work tree — and reports only findings on added lines. Whole files are scanned so a
 * secret's name or key ID on an unchanged line still counts as context. Renames without edits, mode
 * changes and deletions add nothing. Binary files are scanned as Latin-1 text (UTF-16 decoded),
 * added lines being those the old version does not have. Files over `maxFileBytes` are streamed
 * from git and scanned in pieces (bounded memory), every line of them, less the keys the old version
 * held already: a commit never lets an unread file through.
 *
 * One `git diff` with unlimited context gives files, blob ids, added lines and the whole new text of
 * each file: one git process for a typical commit (it runs on every commit). Only files git shows as
 * binary are read with `git cat-file`.
 *
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `NO_WORK_TREE`, `GIT_FAILED`; `PATH_UNREADABLE`
 * when a path given names no file in the index or the last commit.
 * @example
 * const { findings } = await scanStaged({ cwd: repoRoot });
 */
export async function scanStaged(options: ScanStagedOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // File names, not patterns: a name starting with ":" or holding "*" means itself.
  const pathspecs = options.paths?.length ? ["--", ...options.paths.map((p) => `:(literal)${p}`)] : [];
  const patch = runGit({ cwd, args: [...stagedDiffArgs(maxFileBytes), ...pathspecs] });
  if (options.paths?.length) refuseUnknownPaths(cwd, options.paths);
  const staged = parsePatch(patch.toString("utf8")).filter((f) => f.newSha !== "" && f.newSha !== f.oldSha);

  const textFiles = staged.filter((f) => !f.binary && f.added && f.added.size > 0);
  const binaryFiles = staged.filter((f) => f.binary || !f.added);
  const sizes = blobSizes(
    cwd,
    binaryFiles.map((f) => f.newSha),
  );

  const large: StagedFile[] = [];
  const byLineSet: StagedFile[] = [];
  for (const f of binaryFiles) {
    if ((sizes.get(f.newSha) ?? 0) > maxFileBytes) large.push(f);
    else byLineSet.push(f);
  }
  // Binary to git (UTF-16, `-diff` attributes): read old and new, compare lines ourselves.
  const blobs = readBlobs(
    cwd,
    byLineSet.flatMap((f) => (NULL_SHA.test(f.oldSha) ? [f.newSha] : [f.newSha, f.oldSha])),
  );

  const findings: Finding[] = [];
  let filesScanned = 0;
  for (const file of textFiles) {
    const text = file.lines.join("\n") + (file.finalNewline ? "\n" : "");
    filesScanned++;
    findings.push(...scanText({ text, path: file.path, onlyLines: file.added as Set<number> }));
  }
  for (const file of byLineSet) {
    const bytes = blobs.get(file.newSha);
    if (!bytes) continue;
    const text = scannableText(bytes);
    const old = NULL_SHA.test(file.oldSha) ? undefined : blobs.get(file.oldSha);
    const onlyLines = addedLinesBetween(old ? scannableText(old) : "", text);
    filesScanned++;
    if (onlyLines.size > 0) findings.push(...scanText({ text, path: file.path, onlyLines }));
  }
  // Too large to read whole: streamed from git, in pieces. Lines are not compared; keys are: one the
  // old version held already is not added by this commit (else every later edit of a large file
  // holding a committed key was refused). The old version is read only when the new one has a key.
  for (const file of large) {
    filesScanned++;
    const found = await scanBlobInPieces(cwd, file.path, file.newSha);
    if (found.length === 0 || NULL_SHA.test(file.oldSha)) {
      findings.push(...found);
      continue;
    }
    const before = new Set((await scanBlobInPieces(cwd, file.path, file.oldSha)).map((f) => f.fingerprint));
    findings.push(...found.filter((f) => !before.has(f.fingerprint)));
  }

  const kept = options.baseline ? applyBaseline({ findings, baseline: options.baseline }) : findings;
  return {
    findings: sortFindings(kept),
    skippedFolders: [],
    skippedIgnored: [],
    skippedRepositories: [],
    filesScanned,
    baselined: findings.length - kept.length,
    unreadable: [],
  };
}

/**
 * Each path given must name a file git knows, in the index or the last commit (one deleted by this
 * commit too), as `git commit -- PATH` requires: a typo, or a new file not added yet, would
 * otherwise scan nothing and pass as clean. One git process when all are known (pre-commit passes
 * the staged files); the unknown ones are then looked up one by one, to be named.
 */
function refuseUnknownPaths(cwd: string, paths: readonly string[]): void {
  const known = (names: readonly string[], withHead: boolean) =>
    gitSaysYes({
      cwd,
      args: [
        "ls-files",
        "--error-unmatch",
        ...(withHead ? ["--with-tree=HEAD"] : []),
        "--",
        ...names.map((name) => `:(literal)${name}`),
      ],
    });
  if (known(paths, false)) return;
  const withHead = gitSaysYes({ cwd, args: ["rev-parse", "-q", "--verify", "HEAD"] });
  const unknown = paths.filter((path) => !known([path], withHead));
  if (unknown.length === 0) return;
  const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : "";
  throw new SecretScanError(
    "PATH_UNREADABLE",
    `--staged: ${printablePath(unknown[0] as string)}${more} names no file in the index or the last commit`,
    { hint: "stage it first (git add -- PATH), or scan it in the work tree: ssoenv scan PATH" },
  );
}

/** Findings in one blob, streamed from git and scanned in pieces (bounded memory). */
async function scanBlobInPieces(cwd: string, path: string, sha: string): Promise<Finding[]> {
  const scan = new PiecewiseScan({ path });
  await streamGit({ cwd, args: ["cat-file", "blob", sha], onData: (chunk) => scan.push(chunk) });
  return scan.end();
}

/** The `git diff` of staged mode. */
function stagedDiffArgs(maxFileBytes: number): string[] {
  return [
    // Names not plain ASCII quoted, with octal bytes, whatever the user's config says: the patch is
    // read as UTF-8, where a name that is not UTF-8 would lose its bytes (unquote keeps them).
    "-c",
    "core.quotePath=true",
    // core.bigFileThreshold makes git treat files over the limit as binary: their text never reaches us.
    "-c",
    `core.bigFileThreshold=${maxFileBytes}`,
    // An empty context line must stay " ", or line numbers shift.
    "-c",
    "diff.suppressBlankEmpty=false",
    "diff",
    "--cached",
    "-M",
    "--diff-filter=ACMR",
    "--ignore-submodules",
    "--no-ext-diff",
    "--no-textconv",
    "--full-index",
    "--no-relative",
    // Unlimited context: each changed file comes whole, in one hunk, its added lines marked.
    `-U${FULL_CONTEXT}`,
    "--no-color",
    "--src-prefix=a/",
    "--dst-prefix=b/",
  ];
}

/** Files of a `git diff --full-index -U0` patch: path, blob ids, added lines, binary or not. */
function parsePatch(patch: string): StagedFile[] {
  const files: StagedFile[] = [];
  let current: StagedFile | undefined;
  let inHeader = false; // between "diff --git" and the first hunk: "+++ b/…" there is a header, not content
  let lineNo = 0; // new-file line number of the next hunk line
  let lastKind = 0; // first character of the previous body line ("\ No newline" refers to it)
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) {
      current = {
        path: headerPath(line.slice(11)),
        oldSha: "",
        newSha: "",
        added: undefined,
        lines: [],
        finalNewline: true,
        binary: false,
      };
      lastKind = 0;
      files.push(current);
      inHeader = true;
    } else if (!current) {
    } else if (line.startsWith("@@ ")) {
      inHeader = false;
      current.added ??= new Set();
      lineNo = Number(/^@@ -\d+(?:,\d+)? \+(\d+)/.exec(line)?.[1] ?? 0);
    } else if (!inHeader) {
      // Hunk body: the new file is the context and added lines; count them ourselves.
      const kind = line.charCodeAt(0);
      if (kind === 43 /* + */) current.added?.add(lineNo++);
      else if (kind === 32 /* space */) lineNo++;
      else if (kind === 92 /* \ No newline at end of file */ && lastKind !== 45) current.finalNewline = false;
      if (kind === 43 || kind === 32) current.lines.push(line.slice(1));
      if (kind !== 92) lastKind = kind;
    } else if (line.startsWith("+++ ")) {
      const name = unquote(line.slice(4).replace(/\t$/, ""));
      if (name.startsWith("b/")) current.path = name.slice(2);
      current.added ??= new Set();
    } else if (line.startsWith("index ")) {
      const m = /^index ([0-9a-f]+)\.\.([0-9a-f]+)/.exec(line);
      if (m) {
        current.oldSha = m[1] as string;
        current.newSha = m[2] as string;
      }
    } else if (line.startsWith("rename to ") || line.startsWith("copy to ")) {
      current.path = unquote(line.slice(line.indexOf(" to ") + 4));
    } else if (line.startsWith("Binary files ")) {
      current.binary = true;
    }
  }
  return files;
}

/** The path in `diff --git a/P b/P` (same path twice unless renamed; renames also say `rename to`). */
function headerPath(rest: string): string {
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ', 1);
    const name = unquote(rest.slice(0, end + 1));
    return name.startsWith("a/") ? name.slice(2) : name;
  }
  const half = rest.slice(0, (rest.length - 1) / 2);
  return half.startsWith("a/") ? half.slice(2) : half;
}

/** Lines of `after` that `before` does not have (as many times): what a commit adds, for files git calls binary. */
function addedLinesBetween(before: string, after: string): Set<number> {
  const counts = new Map<string, number>();
  for (const line of before.split(/\r?\n/)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const added = new Set<number>();
  after.split(/\r?\n/).forEach((line, index) => {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else added.add(index + 1);
  });
  return added;
}

function blobSizes(cwd: string, shas: string[]): Map<string, number> {
  if (shas.length === 0) return new Map();
  const out = runGit({ cwd, args: ["cat-file", "--batch-check"], input: `${shas.join("\n")}\n` });
  const sizes = new Map<string, number>();
  for (const line of out.toString("utf8").split("\n")) {
    const [sha, type, size] = line.split(" ");
    if (sha && type === "blob") sizes.set(sha, Number(size));
  }
  return sizes;
}

function readBlobs(cwd: string, shas: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  if (shas.length === 0) return blobs;
  const out = runGit({ cwd, args: ["cat-file", "--batch"], input: `${shas.join("\n")}\n` });
  let at = 0;
  while (at < out.length) {
    const headerEnd = out.indexOf(0x0a, at);
    if (headerEnd === -1) break;
    const [sha, type, size] = out.toString("utf8", at, headerEnd).split(" ");
    if (type === undefined || size === undefined || type === "missing") {
      at = headerEnd + 1;
      continue;
    }
    const length = Number(size);
    if (sha) blobs.set(sha, out.subarray(headerEnd + 1, headerEnd + 1 + length));
    at = headerEnd + 1 + length + 1; // content, then a newline
  }
  return blobs;
}

/** Git's C-style quoting of unusual path names ("a\tb", octal bytes), bytes that are not UTF-8 kept (pathFromBytes). */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = body[i + 1] as string;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return pathFromBytes(Buffer.from(bytes));
}
