import { type BigIntStats, type Dirent, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { applyBaseline, type Baseline } from "./baseline.js";
import { gitIgnoredUnder } from "./git-ignored.js";
import { mayBeInGitDirectory } from "./nearest-with-git.js";
import { pathFromBytes } from "./path-bytes.js";
import { printablePath } from "./printable-path.js";
import { repositoryKind } from "./repository-kind.js";
import { scanFileList } from "./scan-file-list.js";
import { SecretScanError } from "./secret-scan-error.js";
import type { Finding, ScanResult, UnreadablePath } from "./types.js";

/** Files larger than this are read and scanned in pieces (bounded memory) rather than whole. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** git's own objects: never scanned. */
const GIT_DIR = ".git";
/** Installed dependencies: skipped inside the folders given, unless asked for (and then reported). */
const DEPENDENCIES_DIR = "node_modules";

export interface ScanFilesOptions {
  /**
   * Files and folders; folders are walked recursively, skipping `.git`, `node_modules` and what git
   * ignores. A file named here is always scanned, ignored or not.
   */
  paths: readonly string[];
  /** Also walk `node_modules` folders found inside the folders given (git-ignored or not). @default false */
  includeNodeModules?: boolean;
  /**
   * Also scan what git ignores inside the folders given (a `.env` that `ssoenv refresh` wrote, build
   * output). Without it, those are listed in `skippedIgnored`. @default false
   */
  includeIgnored?: boolean;
  /** Base for relative paths and for the paths in findings. @default process.cwd() */
  cwd?: string;
  /** Files larger than this are read and scanned in pieces, not whole. @default 5 MiB */
  maxFileBytes?: number;
  /** Findings whose fingerprint is in it are dropped (counted in `baselined`). */
  baseline?: Baseline;
}

/**
 * Path mode: scans the files given and every file under the folders given (not `.git`,
 * `node_modules` only with `includeNodeModules`: those skipped are listed in `skippedFolders`; what
 * git ignores, found with one git process per folder given inside a work tree, only with
 * `includeIgnored`: listed in `skippedIgnored`; outside a work tree git is not run).
 * Binary files are scanned as Latin-1 text, files over `maxFileBytes` in pieces.
 * A file or folder under them that cannot be read is listed in `unreadable`, and the rest is still
 * scanned (one unreadable file must not hide the keys in the others).
 *
 * @throws {SecretScanError} `PATH_UNREADABLE` when a path given does not exist, or is a folder that
 * cannot be listed, or is not a file (a named pipe, a device); `NO_WORK_TREE` when a folder given is
 * in git's own files (a bare repository, a `.git` folder), whose commits a file scan cannot see.
 * @example
 * const { findings } = await scanFiles({ paths: ["."] });
 */
export async function scanFiles(options: ScanFilesOptions): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const walk: Walk = {
    files: [],
    skippedFolders: [],
    unreadable: [],
    includeNodeModules: options.includeNodeModules === true,
    includeIgnored: options.includeIgnored === true,
    ignored: new Set(),
    skippedIgnored: [],
    skippedRepositories: [],
  };
  for (const path of options.paths) collect(resolve(cwd, path), path, walk, true);
  const scanned = scanFileList({
    files: walk.files,
    // A name that is not UTF-8 keeps its bytes (pathFromBytes): printed, it names the real file.
    displays: walk.files.map((file) => displayPath(cwd, nameOf(file))),
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  });
  const { findings } = scanned;
  const kept = options.baseline ? applyBaseline({ findings, baseline: options.baseline }) : findings;
  return {
    findings: sortFindings(kept),
    skippedFolders: walk.skippedFolders.map((folder) => displayPath(cwd, folder)),
    skippedIgnored: walk.skippedIgnored.map((path) =>
      path.endsWith(sep) ? `${displayPath(cwd, path.slice(0, -1))}/` : displayPath(cwd, path),
    ),
    skippedRepositories: walk.skippedRepositories.map((folder) => displayPath(cwd, folder)),
    filesScanned: scanned.filesScanned,
    baselined: findings.length - kept.length,
    unreadable: [...walk.unreadable, ...scanned.unreadable].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    ),
  };
}

/** Stable order: path, line, column. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

interface Walk {
  /** A Buffer for a path whose name is not UTF-8 (see collect). */
  files: Array<string | Buffer>;
  /** Absolute, as nameOf gives them. */
  skippedFolders: string[];
  /** Folders under the paths given that could not be listed. */
  unreadable: UnreadablePath[];
  includeNodeModules: boolean;
  includeIgnored: boolean;
  /** What git ignores under the folders given (absolute; a folder stands for what is in it). */
  ignored: Set<string>;
  /** What was left out because git ignores it (a folder once, with a trailing `/`). */
  skippedIgnored: string[];
  /** Bare repositories found inside the folders given, not walked (absolute, as nameOf gives them). */
  skippedRepositories: string[];
}

/**
 * Synchronous: a walk is many small system calls, each a thread-pool round trip when async.
 * `absolute` is a Buffer below a folder whose name is not UTF-8: Node.js decodes such a name
 * lossily (each bad byte becomes U+FFFD), and the lossy name opens nothing. What git ignores is
 * looked up by nameOf: git's listing is decoded the same way (gitIgnoredUnder).
 */
function collect(absolute: string | Buffer, given: string, walk: Walk, top: boolean): void {
  let info: BigIntStats;
  try {
    // bigint: a plain stat fills a buffer the whole process shares, which Node.js 20's realpathSync
    // reads back; after a pipe's, the next import could stop short of its package (nearest-with-git).
    info = statSync(absolute, { bigint: true });
  } catch (error) {
    throw unreadable(given, errorCode(error), error);
  }
  if (!info.isDirectory()) {
    // Only a path given can be one (a walk takes files alone): opening a named pipe waits for a
    // writer, forever when none comes, and a pipe or device has no positions to read from.
    if (!info.isFile()) throw notAFile(given, absolute, info);
    walk.files.push(absolute);
    return;
  }
  if (top && typeof absolute === "string") refuseGitDirectory(absolute);
  let entries: Array<Dirent<string> | Dirent<Buffer>>;
  try {
    entries = readdirSync(absolute, { withFileTypes: true });
    // A name that is not UTF-8: list again as bytes, so that every file can be opened by its name.
    if (typeof absolute !== "string" || entries.some((entry) => entry.name.includes("\uFFFD"))) {
      entries = readdirSync(absolute, { withFileTypes: true, encoding: "buffer" });
    }
  } catch (error) {
    if (top) throw unreadable(given, errorCode(error), error);
    walk.unreadable.push({ path: given, code: errorCode(error) });
    return;
  }
  // A bare repository inside (git's own test of a git directory, on the entries in hand: no stat):
  // its commits are compressed objects, where a walk sees no key and would say clean.
  if (!top && isGitDirectory(entries)) {
    walk.skippedRepositories.push(nameOf(absolute));
    return;
  }
  // What git ignores inside a folder named is left out (one git process per folder named); a
  // folder named that git ignores as a whole is scanned whole.
  if (top && !walk.includeIgnored && typeof absolute === "string") {
    for (const path of gitIgnoredUnder(absolute)) walk.ignored.add(path);
  }
  const named = entries.map((entry) => ({ entry, name: nameOf(entry.name) }));
  named.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const { entry, name } of named) {
    const child = childPath(absolute, entry.name);
    // Symlinks are not followed: git stores the link, not its target, and links can loop.
    if (entry.isDirectory()) {
      if (name === GIT_DIR) continue;
      if (name === DEPENDENCIES_DIR) {
        // Asked for by name: walked even though git ignores it (it usually does).
        if (walk.includeNodeModules) collect(child, join(given, name), walk, false);
        else walk.skippedFolders.push(nameOf(child));
      } else if (walk.ignored.has(nameOf(child))) walk.skippedIgnored.push(nameOf(child) + sep);
      else collect(child, join(given, name), walk, false);
    } else if (entry.isFile()) {
      if (walk.ignored.has(nameOf(child))) walk.skippedIgnored.push(nameOf(child));
      else walk.files.push(child);
    }
  }
}

/** A `HEAD` file with `objects` and `refs` folders: git's test of a git directory (setup.c). */
function isGitDirectory(entries: ReadonlyArray<Dirent<string> | Dirent<Buffer>>): boolean {
  let found = 0;
  for (const entry of entries) {
    const name = entry.name.toString();
    if (name === "HEAD" ? entry.isFile() : (name === "objects" || name === "refs") && entry.isDirectory()) {
      found++;
    }
  }
  return found === 3;
}

/**
 * The path of an entry of `folder`: a string while the names on it are UTF-8, else bytes. `folder`
 * is normalized (resolve, then this) and a name holds no separator: join() need not normalize it.
 */
function childPath(folder: string | Buffer, name: string | Buffer): string | Buffer {
  if (typeof folder === "string") {
    const parent = folder.endsWith(sep) ? folder : folder + sep;
    if (typeof name === "string") return parent + name;
    const decoded = name.toString();
    if (Buffer.from(decoded).equals(name)) return parent + decoded;
  }
  const folderBytes = typeof folder === "string" ? Buffer.from(folder) : folder;
  const separator = folderBytes.at(-1) === sep.charCodeAt(0) ? [] : [Buffer.from(sep)];
  return Buffer.concat([folderBytes, ...separator, typeof name === "string" ? Buffer.from(name) : name]);
}

/** A path as findings name it: bytes that are not UTF-8 kept (pathFromBytes). */
function nameOf(path: string | Buffer): string {
  return typeof path === "string" ? path : pathFromBytes(path);
}

function displayPath(cwd: string, file: string): string {
  // Most files are under cwd: cutting the prefix spares path.relative (it resolves both paths).
  const under = file.length > cwd.length && file[cwd.length] === sep && file.startsWith(cwd);
  const rel = under ? file.slice(cwd.length + 1) : relative(cwd, file);
  const shown = rel.startsWith("..") ? file : rel;
  return sep === "/" ? shown : shown.split(sep).join("/");
}

function unreadable(path: string, reason: string, cause?: unknown): SecretScanError {
  // An option given after `--` (pre-commit puts a hook's `args` after its entry's `--`).
  const option = reason === "ENOENT" && path.startsWith("-");
  return new SecretScanError("PATH_UNREADABLE", `cannot read ${printablePath(path)} (${reason})`, {
    hint: option
      ? "options go before `--`, which makes every word after it a file (pre-commit: entry: ssoenv scan OPTIONS --, not args:)"
      : "check the path, or leave it out of the scan",
    cause,
  });
}

/**
 * A folder given in git's own files (a bare repository, a `.git` folder) is refused: their commits
 * are zlib-compressed objects, where no key can be seen, and a walk of them would say clean. git is
 * asked only where a git directory's files (HEAD, objects, refs) are found on the way up.
 */
function refuseGitDirectory(folder: string): void {
  try {
    if (!mayBeInGitDirectory(folder)) return;
  } catch {
    return; // a folder on the way up cannot be read: the walk reports what it cannot read
  }
  const { kind } = repositoryKind({ cwd: folder });
  const compressed = "its commits are stored compressed, where a file scan sees no key";
  if (kind === "bare") {
    throw new SecretScanError(
      "NO_WORK_TREE",
      `${printablePath(folder)} is in a bare repository, which has no work tree: ${compressed}`,
      { hint: "scan the files of a clone (git clone PATH), or name the files to scan" },
    );
  }
  if (kind === "git-dir") {
    throw new SecretScanError(
      "NO_WORK_TREE",
      `${printablePath(folder)} is in git's own folder (.git): ${compressed}`,
      {
        hint: "scan the work tree (the folder holding .git), or name the files to scan",
      },
    );
  }
}

function notAFile(path: string, absolute: string | Buffer, info: BigIntStats): SecretScanError {
  const kind = info.isFIFO() ? "a named pipe (FIFO)" : info.isSocket() ? "a socket" : "a device";
  // A shell's pipe (/dev/stdin, <(...) as /dev/fd/63) or a device: its folder holds no file to scan.
  const streamed = (!info.isFIFO() && !info.isSocket()) || /^\/(dev|proc)\//.test(nameOf(absolute));
  return new SecretScanError(
    "PATH_UNREADABLE",
    `cannot scan ${printablePath(path)}: it is ${kind}, not a file`,
    {
      hint: streamed
        ? "write the text to a file and scan that (COMMAND > FILE; ssoenv scan FILE), or scan a commit's files: ssoenv scan --staged"
        : "leave it out of the scan, or scan its folder: a folder's walk skips what is not a file",
    },
  );
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "unreadable";
}
