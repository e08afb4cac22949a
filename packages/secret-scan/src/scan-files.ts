import type { Dirent } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { applyBaseline, type Baseline } from "./baseline.js";
import { decodeBytes } from "./decode-bytes.js";
import { scanText } from "./scan-text.js";
import { SecretScanError } from "./secret-scan-error.js";
import type { Finding, ScanResult, SkippedFile } from "./types.js";

/** Files larger than this are skipped (and reported): generated data, not hand-written config. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Folders never worth scanning: git's own objects and installed dependencies. */
const SKIP_DIRS = new Set([".git", "node_modules"]);
const READ_CONCURRENCY = 16;

export interface ScanFilesOptions {
  /** Files and folders; folders are walked recursively, skipping `.git` and `node_modules`. */
  paths: readonly string[];
  /** Base for relative paths and for the paths in findings. @default process.cwd() */
  cwd?: string;
  /** Skip (and report) files larger than this. @default 5 MiB */
  maxFileBytes?: number;
  /** Findings whose fingerprint is in it are dropped (counted in `baselined`). */
  baseline?: Baseline;
}

/**
 * Path mode: scans the files given and every file under the folders given.
 * Binary files and files over `maxFileBytes` are skipped and listed in `skipped`.
 *
 * @throws {SecretScanError} `PATH_UNREADABLE` when a path given does not exist or cannot be read.
 * @example
 * const { findings } = await scanFiles({ paths: ["."] });
 */
export async function scanFiles(options: ScanFilesOptions): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: string[] = [];
  for (const path of options.paths) await collect(resolve(cwd, path), path, files);

  const findings: Finding[] = [];
  const skipped: SkippedFile[] = [];
  let filesScanned = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      const display = displayPath(cwd, file);
      let read: { size: number; bytes?: Buffer };
      try {
        read = await readSmallFile(file, maxFileBytes);
      } catch (error) {
        throw unreadable(display, error);
      }
      const bytes = read.bytes;
      if (!bytes) {
        skipped.push({ path: display, reason: "too-large", sizeBytes: read.size });
        continue;
      }
      const text = decodeBytes(bytes);
      if (text === undefined) {
        skipped.push({ path: display, reason: "binary", sizeBytes: bytes.length });
        continue;
      }
      filesScanned++;
      findings.push(...scanText({ text, path: display }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));

  const kept = options.baseline ? applyBaseline({ findings, baseline: options.baseline }) : findings;
  return {
    findings: sortFindings(kept),
    skipped: skipped.sort((a, b) => a.path.localeCompare(b.path)),
    filesScanned,
    baselined: findings.length - kept.length,
  };
}

/** Stable order: path, line, column. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

async function collect(absolute: string, given: string, out: string[]): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw unreadable(given, error);
  }
  if (!info.isDirectory()) {
    out.push(absolute);
    return;
  }
  let entries: Dirent[];
  try {
    entries = await readdir(absolute, { withFileTypes: true });
  } catch (error) {
    throw unreadable(given, error);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const child = join(absolute, entry.name);
    // Symlinks are not followed: git stores the link, not its target, and links can loop.
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) await collect(child, join(given, entry.name), out);
    } else if (entry.isFile()) {
      out.push(child);
    }
  }
}

/** One open, one fstat, one read; a file over the limit is not read, only its size returned. */
async function readSmallFile(path: string, maxBytes: number): Promise<{ size: number; bytes?: Buffer }> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return { size };
    const buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { size, bytes: buffer.subarray(0, offset) };
  } finally {
    await handle.close();
  }
}

function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return (rel.startsWith("..") ? file : rel).split(sep).join("/");
}

function unreadable(path: string, error: unknown): SecretScanError {
  const reason = (error as NodeJS.ErrnoException | undefined)?.code ?? "unreadable";
  return new SecretScanError("PATH_UNREADABLE", `cannot read ${path} (${reason})`, {
    hint: "check the path, or leave it out of the scan",
    cause: error,
  });
}
