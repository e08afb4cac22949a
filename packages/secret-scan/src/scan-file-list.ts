import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { scannableText, textEncodingOf } from "./decode-bytes.js";
import { mayHoldCredential } from "./may-hold-credential.js";
import { PiecewiseScan } from "./piecewise-scan.js";
import { scanText } from "./scan-text.js";
import type { Finding, UnreadablePath } from "./types.js";

/** What was found in the files, and which could not be read. */
export interface FileListScan {
  findings: Finding[];
  filesScanned: number;
  unreadable: UnreadablePath[];
}

export interface ScanFileListOptions {
  /** Paths; a Buffer for a name that is not UTF-8. */
  files: ReadonlyArray<string | Buffer>;
  /** The path each file is reported under. */
  displays: readonly string[];
  maxFileBytes: number;
}

/** Bytes read at a time from a file too large to read whole. */
const READ_CHUNK = 1024 * 1024;
/** The buffer's size before any file needs more: most source files fit. */
const FIRST_READ_BYTES = 256 * 1024;

/**
 * Reads and scans each file, one after the other on this thread. Reads are synchronous (see
 * scanFile), with no promise or thread-pool round trip in between. Files over
 * `maxFileBytes` are read and scanned in pieces (bounded memory), binary files as Latin-1: nothing
 * is left unread. A file that cannot be read is listed in `unreadable` and the others are still
 * scanned.
 *
 * One thread on purpose. Worker threads (one per extra core) used to share the files: each costs
 * ~80 ms to start and warms up its own copy of the optimized prefilter (~45 ms of slow first files,
 * and the compiler's time on a core the other thread needs), so on 2 cores 1,000 files (95 MiB)
 * took no less time with one than without when idle, and more under any load. One warm thread
 * reads and prefilters ~0.9 GB/s here.
 */
export function scanFileList(options: ScanFileListOptions): FileListScan {
  const { files, displays, maxFileBytes } = options;
  const result: FileListScan = { findings: [], filesScanned: 0, unreadable: [] };
  const reader = new ReadBuffer();
  for (let i = 0; i < files.length; i++) {
    const display = displays[i] as string;
    let found: Finding[];
    try {
      found = scanFile(files[i] as string | Buffer, display, maxFileBytes, reader);
    } catch (error) {
      // fs errors carry a code; anything else is a bug of the scanner, not an unreadable file.
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === undefined) throw error;
      result.unreadable.push({ path: display, code });
      continue;
    }
    result.filesScanned++;
    for (const finding of found) result.findings.push(finding);
  }
  return result;
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
 * One open, one read and close: most files are smaller than the buffer already held, and a read
 * that does not fill it has read the whole file (a regular file reads short only at its end), so
 * their size is never asked (an fstat per file was ~5% of a 1,000-file scan). A file that fills
 * it is measured, then read whole, or in chunks when over the limit.
 */
function scanFile(path: string | Buffer, display: string, maxBytes: number, reader: ReadBuffer): Finding[] {
  const fd = openSync(path, "r");
  try {
    let buffer = reader.of(FIRST_READ_BYTES);
    let offset = readSync(fd, buffer, 0, buffer.length, 0);
    if (offset === buffer.length) {
      const { size } = fstatSync(fd);
      if (size > maxBytes) {
        const scan = new PiecewiseScan({ path: display });
        const chunk = Buffer.allocUnsafe(READ_CHUNK);
        // Position null: from the file's offset, still 0 (the read above gave a position).
        for (
          let n = readSync(fd, chunk, 0, READ_CHUNK, null);
          n > 0;
          n = readSync(fd, chunk, 0, READ_CHUNK, null)
        ) {
          scan.push(chunk.subarray(0, n));
        }
        return scan.end();
      }
      buffer = reader.of(size);
      offset = 0;
      while (offset < size) {
        const bytesRead = readSync(fd, buffer, offset, size - offset, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
      }
    }
    const bytes = buffer.subarray(0, offset);
    // Most files hold nothing the rules could report: the prefilter says so without decoding them.
    const encoding = textEncodingOf(bytes);
    if ((encoding === "utf8" || encoding === "binary") && !mayHoldCredential(bytes)) return [];
    return scanText({ text: scannableText(bytes), path: display });
  } finally {
    closeSync(fd);
  }
}
