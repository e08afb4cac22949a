import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
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
      let bytes: Buffer;
      try {
        const info = await stat(file);
        if (info.size > maxFileBytes) {
          skipped.push({ path: display, reason: "too-large", sizeBytes: info.size });
          continue;
        }
        bytes = await readFile(file);
      } catch (error) {
        throw unreadable(display, error);
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
