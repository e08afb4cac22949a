import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { decodeBytes } from "./decode-bytes.js";
import { scanText } from "./scan-text.js";
import type { Finding, SkippedFile } from "./types.js";

/** What one thread found in the files it took. */
export interface FileListPart {
  findings: Finding[];
  skipped: SkippedFile[];
  filesScanned: number;
}

/** A file that could not be read: its display path and the error's code (crosses threads as is). */
export class ReadFailure {
  constructor(
    readonly display: string,
    readonly code: string,
    readonly error?: unknown,
  ) {}

  /** The failure to read `display`, from the error fs threw. */
  static of(display: string, error: unknown): ReadFailure {
    return new ReadFailure(
      display,
      (error as NodeJS.ErrnoException | undefined)?.code ?? "unreadable",
      error,
    );
  }
}

/**
 * Reads and scans `files[i]` for every index `take()` hands out, until it returns -1. Path mode runs
 * this on the main thread and, for large scans, in a worker at the same time (both take indices from
 * one shared counter). Reads are synchronous: one open, fstat, read and close per file, with no
 * promise or thread-pool round trip in between.
 *
 * @throws {ReadFailure} when a file cannot be read.
 */
export function scanFileList(
  files: readonly string[],
  displays: readonly string[],
  maxFileBytes: number,
  take: () => number,
): FileListPart {
  const part: FileListPart = { findings: [], skipped: [], filesScanned: 0 };
  for (let i = take(); i !== -1; i = take()) {
    const display = displays[i] as string;
    let read: { size: number; bytes?: Buffer };
    try {
      read = readSmallFile(files[i] as string, maxFileBytes);
    } catch (error) {
      throw ReadFailure.of(display, error);
    }
    const bytes = read.bytes;
    if (!bytes) {
      part.skipped.push({ path: display, reason: "too-large", sizeBytes: read.size });
      continue;
    }
    const text = decodeBytes(bytes);
    if (text === undefined) {
      part.skipped.push({ path: display, reason: "binary", sizeBytes: bytes.length });
      continue;
    }
    part.filesScanned++;
    for (const finding of scanText({ text, path: display })) part.findings.push(finding);
  }
  return part;
}

/** One open, one fstat, one read; a file over the limit is not read, only its size returned. */
function readSmallFile(path: string, maxBytes: number): { size: number; bytes?: Buffer } {
  const fd = openSync(path, "r");
  try {
    const { size } = fstatSync(fd);
    if (size > maxBytes) return { size };
    const buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const bytesRead = readSync(fd, buffer, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { size, bytes: buffer.subarray(0, offset) };
  } finally {
    closeSync(fd);
  }
}
