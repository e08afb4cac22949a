import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { scannableText, textEncodingOf } from "./decode-bytes.js";
import { mayHoldCredential } from "./may-hold-credential.js";
import { PiecewiseScan } from "./piecewise-scan.js";
import { scanText } from "./scan-text.js";
import type { Finding, UnreadablePath } from "./types.js";

/** What one thread found in the files it took. */
export interface FileListPart {
  findings: Finding[];
  filesScanned: number;
  /** Files that could not be read (plain data: crosses threads as is). */
  unreadable: UnreadablePath[];
  /** Indices of the files left to the main thread (see ScanFileListOptions.deferText). */
  deferred: number[];
}

export interface ScanFileListOptions {
  files: readonly string[];
  /** The path each file is reported under. */
  displays: readonly string[];
  maxFileBytes: number;
  /** The next index to scan, -1 when there is none. */
  take: () => number;
  /**
   * Leave the files the prefilter lets through unscanned, in `deferred`: workers do, so that only
   * the main thread pays for warming up the rules (regexes compiled, functions optimized: ~100 ms
   * for the first files in a thread). @default false
   */
  deferText?: boolean;
}

/** Bytes read at a time from a file too large to read whole. */
const READ_CHUNK = 1024 * 1024;

/**
 * Reads and scans `files[i]` for every index `take()` hands out, until it returns -1. Path mode runs
 * this on the main thread and, for large scans, in workers at the same time (all take indices from
 * one shared counter); the main thread then scans what the workers deferred. Reads are synchronous: one open, fstat, read and close per file, with no
 * promise or thread-pool round trip in between. Files over `maxFileBytes` are read and scanned in
 * pieces (bounded memory), binary files as Latin-1: nothing is left unread. A file that cannot be
 * read is listed in `unreadable` and the others are still scanned.
 */
export function scanFileList(options: ScanFileListOptions): FileListPart {
  const { files, displays, maxFileBytes, take } = options;
  const part: FileListPart = { findings: [], filesScanned: 0, unreadable: [], deferred: [] };
  const reader = new ReadBuffer();
  for (let i = take(); i !== -1; i = take()) {
    const display = displays[i] as string;
    let found: Finding[] | undefined;
    try {
      found = scanFile(files[i] as string, display, maxFileBytes, reader, options.deferText === true);
    } catch (error) {
      // fs errors carry a code; anything else is a bug of the scanner, not an unreadable file.
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === undefined) throw error;
      part.unreadable.push({ path: display, code });
      continue;
    }
    if (found === undefined) {
      part.deferred.push(i);
      continue;
    }
    part.filesScanned++;
    for (const finding of found) part.findings.push(finding);
  }
  return part;
}

/**
 * One buffer that every file of a thread is read into, grown as needed: a new buffer per file would
 * cost its allocation, page faults and garbage collection. Nothing keeps the bytes after the scan
 * of a file (the scanner works on a string decoded from them).
 */
class ReadBuffer {
  private buffer = Buffer.allocUnsafe(0);

  /** A buffer of at least `size` bytes, overwritten by the next call. */
  of(size: number): Buffer {
    if (this.buffer.length < size) this.buffer = Buffer.allocUnsafe(Math.max(size, 2 * this.buffer.length));
    return this.buffer;
  }
}

/**
 * One open, one fstat, one read and close; a file over the limit is read in chunks instead.
 * Undefined when `deferText` and the prefilter could not rule the file out.
 */
function scanFile(
  path: string,
  display: string,
  maxBytes: number,
  reader: ReadBuffer,
  deferText: boolean,
): Finding[] | undefined {
  const fd = openSync(path, "r");
  try {
    const { size } = fstatSync(fd);
    if (size > maxBytes) {
      const scan = new PiecewiseScan({ path: display });
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      for (
        let n = readSync(fd, chunk, 0, READ_CHUNK, null);
        n > 0;
        n = readSync(fd, chunk, 0, READ_CHUNK, null)
      ) {
        scan.push(chunk.subarray(0, n));
      }
      return scan.end();
    }
    const buffer = reader.of(size);
    let offset = 0;
    while (offset < size) {
      const bytesRead = readSync(fd, buffer, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    const bytes = buffer.subarray(0, offset);
    // Most files hold nothing the rules could report: the prefilter says so without decoding them.
    const encoding = textEncodingOf(bytes);
    if ((encoding === "utf8" || encoding === "binary") && !mayHoldCredential(bytes)) return [];
    if (deferText) return undefined;
    return scanText({ text: scannableText(bytes), path: display });
  } finally {
    closeSync(fd);
  }
}
