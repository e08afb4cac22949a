import { type Dirent, existsSync, readdirSync, type Stats, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { applyBaseline, type Baseline } from "./baseline.js";
import { printablePath } from "./printable-path.js";
import { type FileListPart, scanFileList } from "./scan-file-list.js";
import type {
  ScanFilesWorkerData,
  ScanFilesWorkerList,
  ScanFilesWorkerMessage,
} from "./scan-files-worker.js";
import { SecretScanError } from "./secret-scan-error.js";
import type { Finding, ScanResult, UnreadablePath } from "./types.js";

/** Files larger than this are read and scanned in pieces (bounded memory) rather than whole. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** git's own objects: never scanned. */
const GIT_DIR = ".git";
/** Installed dependencies: skipped inside the folders given, unless asked for (and then reported). */
const DEPENDENCIES_DIR = "node_modules";
/** Below this many files a worker thread costs more to start than it saves. */
const WORKER_MIN_FILES = 64;
const MAX_WORKERS = 3;
/**
 * The worker's built file: next to this module (dist/), or found through the package when the
 * scanner is bundled into another one (the CLI's dist/scan.cjs). From source there is none, and one
 * thread scans. CommonJS: a worker starts ~10 ms sooner without the ES module loader.
 */
function workerFile(): string | undefined {
  const nearby = fileURLToPath(new URL("./scan-files-worker.cjs", import.meta.url));
  if (existsSync(nearby)) return nearby;
  try {
    // node:module (and node:os in startWorkers) only when workers may start: the commit hook, whose
    // bundle holds this file, never loads them (node:module brings Node's ES module loader, ~1 ms).
    const { createRequire } = process.getBuiltinModule("node:module");
    return createRequire(import.meta.url).resolve("@ssoenv/secret-scan/scan-files-worker");
  } catch {
    return undefined;
  }
}

export interface ScanFilesOptions {
  /** Files and folders; folders are walked recursively, skipping `.git` and `node_modules`. */
  paths: readonly string[];
  /** Also walk `node_modules` folders found inside the folders given. @default false */
  includeNodeModules?: boolean;
  /** Base for relative paths and for the paths in findings. @default process.cwd() */
  cwd?: string;
  /** Files larger than this are read and scanned in pieces, not whole. @default 5 MiB */
  maxFileBytes?: number;
  /** Findings whose fingerprint is in it are dropped (counted in `baselined`). */
  baseline?: Baseline;
}

/**
 * Path mode: scans the files given and every file under the folders given (not `.git`, and
 * `node_modules` only with `includeNodeModules`: those skipped are listed in `skippedFolders`).
 * Binary files are scanned as Latin-1 text, files over `maxFileBytes` in pieces.
 * Large scans use every core: worker threads and the main thread take files from one shared counter.
 * A file or folder under them that cannot be read is listed in `unreadable`, and the rest is still
 * scanned (one unreadable file must not hide the keys in the others).
 *
 * @throws {SecretScanError} `PATH_UNREADABLE` when a path given does not exist, or is a folder that
 * cannot be listed.
 * @example
 * const { findings } = await scanFiles({ paths: ["."] });
 */
export async function scanFiles(options: ScanFilesOptions): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: string[] = [];
  const skippedFolders: string[] = [];
  const unreadable: UnreadablePath[] = [];
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const workers: ScanWorker[] = [];
  // A worker thread takes about 50 ms to start: it starts as soon as the walk has found enough files
  // to pay for it, and is handed the whole list when the walk ends.
  const walk: Walk = {
    files,
    skippedFolders,
    unreadable,
    includeNodeModules: options.includeNodeModules === true,
    found: () => {
      if (files.length === WORKER_MIN_FILES) workers.push(...startWorkers(counter, maxFileBytes));
    },
  };
  try {
    for (const path of options.paths) collect(resolve(cwd, path), path, walk, true);
    const displays = files.map((file) => displayPath(cwd, file));
    for (const worker of workers)
      worker.thread.postMessage({ files, displays } satisfies ScanFilesWorkerList);
    const parts = await scanWithWorkers(files, displays, maxFileBytes, counter, workers);
    const findings = parts.flatMap((p) => p.findings);
    const filesScanned = parts.reduce((n, p) => n + p.filesScanned, 0);
    for (const part of parts) unreadable.push(...part.unreadable);

    const kept = options.baseline ? applyBaseline({ findings, baseline: options.baseline }) : findings;
    return {
      findings: sortFindings(kept),
      skippedFolders: skippedFolders.map((folder) => displayPath(cwd, folder)),
      filesScanned,
      baselined: findings.length - kept.length,
      unreadable: unreadable.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    };
  } finally {
    for (const worker of workers) {
      worker.thread.unref();
      void worker.thread.terminate();
    }
  }
}

interface ScanWorker {
  thread: Worker;
  /** Its message, or undefined when it exited without one. */
  result: Promise<ScanFilesWorkerMessage | undefined>;
}

/** One worker per extra core (at most MAX_WORKERS), none when there is no worker file. */
function startWorkers(counter: Int32Array, maxFileBytes: number): ScanWorker[] {
  const workerPath = workerFile();
  const threads = workerPath
    ? Math.min(MAX_WORKERS, process.getBuiltinModule("node:os").availableParallelism() - 1)
    : 0;
  if (!workerPath || threads <= 0) return [];
  // Loaded only when threads start: small scans (and the commit hook) never pay for the module.
  const { Worker: WorkerThread } = process.getBuiltinModule("node:worker_threads");
  const data: ScanFilesWorkerData = { maxFileBytes, counter: counter.buffer as SharedArrayBuffer };
  return Array.from({ length: threads }, () => {
    const thread = new WorkerThread(workerPath, { workerData: data });
    const result = new Promise<ScanFilesWorkerMessage | undefined>((resolvePromise, reject) => {
      thread.once("message", resolvePromise);
      thread.once("error", reject);
      thread.once("exit", () => resolvePromise(undefined));
    });
    // Not awaited when the walk fails or the main thread takes every file: no unhandled rejection.
    result.catch(() => {});
    return { thread, result };
  });
}

/**
 * The main thread scans too, taking files from the counter it shares with the workers, then scans
 * the files the workers' prefilter let through (they leave those to it).
 */
async function scanWithWorkers(
  files: string[],
  displays: string[],
  maxFileBytes: number,
  counter: Int32Array,
  workers: ScanWorker[],
): Promise<FileListPart[]> {
  let mine = 0;
  const take = () => {
    const i = Atomics.add(counter, 0, 1);
    if (i >= files.length) return -1;
    mine++;
    return i;
  };
  const scan = (next: () => number): FileListPart =>
    scanFileList({ files, displays, maxFileBytes, take: next });
  const parts = [scan(take)];
  // The main thread took every file (workers were still starting): no need to wait for them.
  if (mine === files.length) return parts;
  const deferred: number[] = [];
  for (const message of await Promise.all(workers.map((worker) => worker.result))) {
    if (message === undefined) throw new Error("secret-scan worker exited without a result");
    parts.push(message.part);
    deferred.push(...message.part.deferred);
  }
  // What the workers' prefilter let through, scanned here where the rules are warm already.
  let k = 0;
  parts.push(scan(() => (k < deferred.length ? (deferred[k++] as number) : -1)));
  return parts;
}

/** Stable order: path, line, column. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

interface Walk {
  files: string[];
  skippedFolders: string[];
  /** Folders under the paths given that could not be listed. */
  unreadable: UnreadablePath[];
  includeNodeModules: boolean;
  /** Called after each file is added. */
  found: () => void;
}

/** Synchronous: a walk is many small system calls, each a thread-pool round trip when async. */
function collect(absolute: string, given: string, walk: Walk, top: boolean): void {
  let info: Stats;
  try {
    info = statSync(absolute);
  } catch (error) {
    throw unreadable(given, errorCode(error), error);
  }
  if (!info.isDirectory()) {
    walk.files.push(absolute);
    walk.found();
    return;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(absolute, { withFileTypes: true });
  } catch (error) {
    if (top) throw unreadable(given, errorCode(error), error);
    walk.unreadable.push({ path: given, code: errorCode(error) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  // `absolute` is normalized (resolve, then this) and a name holds no separator: join() need not
  // normalize each child again.
  const parent = absolute.endsWith(sep) ? absolute : absolute + sep;
  for (const entry of entries) {
    const child = parent + entry.name;
    // Symlinks are not followed: git stores the link, not its target, and links can loop.
    if (entry.isDirectory()) {
      if (entry.name === GIT_DIR) continue;
      if (entry.name === DEPENDENCIES_DIR && !walk.includeNodeModules) walk.skippedFolders.push(child);
      else collect(child, join(given, entry.name), walk, false);
    } else if (entry.isFile()) {
      walk.files.push(child);
      walk.found();
    }
  }
}

function displayPath(cwd: string, file: string): string {
  // Most files are under cwd: cutting the prefix spares path.relative (it resolves both paths).
  const under = file.length > cwd.length && file[cwd.length] === sep && file.startsWith(cwd);
  const rel = under ? file.slice(cwd.length + 1) : relative(cwd, file);
  const shown = rel.startsWith("..") ? file : rel;
  return sep === "/" ? shown : shown.split(sep).join("/");
}

function unreadable(path: string, reason: string, cause?: unknown): SecretScanError {
  return new SecretScanError("PATH_UNREADABLE", `cannot read ${printablePath(path)} (${reason})`, {
    hint: "check the path, or leave it out of the scan",
    cause,
  });
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "unreadable";
}
