import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { ReadFailure } from "./scan-file-list.js";
import { scanText } from "./scan-text.js";
import type { Finding } from "./types.js";

/**
 * A part of a file the native quick check found worth scanning (native/src/regions.rs): bytes
 * `start` to `end` (whole lines), line `firstLine` of the file first. Findings on lines `keepFrom`
 * to `keepTo` are the whole file's; the rest of the slice is context.
 */
export interface FileSlice {
  start: number;
  end: number;
  firstLine: number;
  keepFrom: number;
  keepTo: number;
}

/**
 * What scanning the whole file would find, from its slices alone: a large file with one suspect
 * line is read around that line, not end to end. Undefined when the file is no longer `sizeBytes`
 * long (it changed after the quick check read it): scan it whole then.
 *
 * @throws {ReadFailure} when the file cannot be read.
 */
export function scanFileSlices(
  path: string,
  display: string,
  sizeBytes: number,
  slices: readonly FileSlice[],
): Finding[] | undefined {
  const parts = readSlices(path, display, sizeBytes, slices);
  if (!parts) return undefined;
  const findings: Finding[] = [];
  for (const [k, slice] of slices.entries()) {
    for (const finding of scanText({ bytes: parts[k] as Buffer, path: display })) {
      const line = finding.line + slice.firstLine - 1;
      if (line >= slice.keepFrom && line <= slice.keepTo) findings.push({ ...finding, line });
    }
  }
  return findings;
}

/** The bytes of each slice; undefined when the file is not `sizeBytes` long any more. */
function readSlices(
  path: string,
  display: string,
  sizeBytes: number,
  slices: readonly FileSlice[],
): Buffer[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    if (fstatSync(fd).size !== sizeBytes) return undefined;
    const parts: Buffer[] = [];
    for (const slice of slices) {
      const bytes = Buffer.allocUnsafe(slice.end - slice.start);
      if (readSync(fd, bytes, 0, bytes.length, slice.start) !== bytes.length) return undefined;
      parts.push(bytes);
    }
    return parts;
  } catch (error) {
    throw ReadFailure.of(display, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
