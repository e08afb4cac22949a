import { type ChildProcess, execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { FileSlice } from "./scan-file-slices.js";

/**
 * The native quick check (`native/`, built into dist/ssoenv-quickscan when cargo is there): it
 * proves that files or staged changes hold nothing this scanner could report, many times faster
 * than scanning them here. It only ever rules things out; whatever it cannot rule out is scanned
 * here as before, so findings are the same with it or without it (a differential test holds it to
 * that). Without the binary (no Rust toolchain at build time, another platform) or with
 * SSOENV_QUICKSCAN=off, everything is scanned here.
 */

let located: string | null | undefined;

/** The binary, when there is one and it is not switched off. */
export function quickScanBinary(): string | undefined {
  if (/^(0|off|false|no)$/i.test(process.env.SSOENV_QUICKSCAN ?? "")) return undefined;
  if (located === undefined) located = locate() ?? null;
  return located ?? undefined;
}

function locate(): string | undefined {
  // From src/ or dist/ of this package, then through the package (when bundled into another one).
  const exe = process.platform === "win32" ? ".exe" : "";
  const nearby = fileURLToPath(new URL(`../dist/ssoenv-quickscan${exe}`, import.meta.url));
  if (existsSync(nearby)) return nearby;
  try {
    return createRequire(import.meta.url).resolve(`@ssoenv/secret-scan/quickscan${exe}`);
  } catch {
    return undefined;
  }
}

/**
 * One record of path mode: a file the scanner must read, a file it need only read slices of, a
 * binary file (the scanner would skip it unread), the end (how many files were ruled out), or a
 * failure.
 */
export type QuickPathsRecord =
  | { path: string }
  | { sliced: string; sizeBytes: number; slices: FileSlice[] }
  | { binary: string; sizeBytes: number }
  | { clean: number }
  | { failed: true };

/**
 * A run of the quick check. Path mode reports each file it cannot rule out as soon as it knows
 * (`M<path>\0`; `R<size>:<slice>… <path>\0` when slices of it are enough, see FileSlice;
 * `B<size> <path>\0` for a binary one), then how many it ruled out (`C<n>\0`), so the scanner
 * can work on the first while the quick check goes on. Any other outcome (no binary, a crash, exit code 2) is a failure: the
 * scanner then takes everything, and reports any error in its own words.
 */
export class QuickScanRun {
  private readonly records: QuickPathsRecord[] = [];
  private waiting: (() => void) | undefined;
  private partial = "";
  private stdout = "";
  private ended = false;
  /** Exit code 0 and the process is gone. */
  private succeeded = false;

  constructor(args: readonly string[], cwd: string) {
    const binary = quickScanBinary();
    if (!binary) {
      this.finish(false);
      return;
    }
    let child: ChildProcess;
    try {
      child = execFile(binary, args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }, (error) =>
        this.finish(!error),
      );
    } catch {
      this.finish(false);
      return;
    }
    child.stdout?.on("data", (chunk: string) => this.receive(chunk));
  }

  /** Is the run over (every record received)? */
  get done(): boolean {
    return this.ended;
  }

  /** The next path-mode record, waiting for it if need be. */
  async next(): Promise<QuickPathsRecord> {
    while (this.records.length === 0 && !this.ended) {
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
    return this.records.shift() ?? { failed: true };
  }

  /** The whole of stdout once the run is over; undefined unless it exited 0. */
  async output(): Promise<string | undefined> {
    while (!this.ended) {
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
    return this.succeeded ? this.stdout : undefined;
  }

  private receive(chunk: string): void {
    this.stdout += chunk;
    const fields = (this.partial + chunk).split("\0");
    this.partial = fields.pop() ?? "";
    for (const field of fields) {
      const space = field.indexOf(" ");
      if (field.startsWith("M")) this.records.push({ path: field.slice(1) });
      else if (field.startsWith("R") && space > 1) this.records.push(slicedRecord(field, space));
      else if (field.startsWith("B") && space > 1) {
        this.records.push({ binary: field.slice(space + 1), sizeBytes: Number(field.slice(1, space)) });
      } else if (field.startsWith("C") && Number.isInteger(Number(field.slice(1)))) {
        this.records.push({ clean: Number(field.slice(1)) });
      } else this.records.push({ failed: true });
    }
    this.wake();
  }

  private finish(succeeded: boolean): void {
    this.succeeded = succeeded;
    this.ended = true;
    // A run that failed, or ended without its count, ends in a failure record.
    if (!succeeded || !this.records.some((r) => "clean" in r)) this.records.push({ failed: true });
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}

/** `R<size>:<start>,<end>,<first line>,<first kept>,<last kept>:… <path>`; a failure if malformed. */
function slicedRecord(field: string, space: number): QuickPathsRecord {
  const header = field.slice(0, space);
  if (!/^R\d+(?::\d+,\d+,\d+,\d+,\d+)+$/.test(header)) return { failed: true };
  const [size, ...parts] = header.slice(1).split(":");
  const slices = parts.map((part) => {
    const [start, end, firstLine, keepFrom, keepTo] = part.split(",").map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return { start, end, firstLine, keepFrom, keepTo };
  });
  return { sliced: field.slice(space + 1), sizeBytes: Number(size), slices };
}

/**
 * Staged mode: the number of staged files checked when nothing staged can hold a finding;
 * undefined when the full scan must run (something may, or the quick check is unavailable or
 * failed: the full scan then reports any error in its own words).
 */
export async function quickCheckStaged(cwd: string, maxFileBytes: number): Promise<number | undefined> {
  const out = await takeOrStart(stagedArgs(maxFileBytes), cwd).output();
  if (out === undefined) return undefined;
  const files = Number(out.trim());
  return Number.isInteger(files) ? files : undefined;
}

/** Path mode over absolute paths: the run, to read records from (see QuickScanRun). */
export function quickCheckPaths(paths: readonly string[], maxFileBytes: number): QuickScanRun {
  return takeOrStart(pathsArgs(paths, maxFileBytes), process.cwd());
}

// Runs started early (see startQuickCheck), by their arguments. On globalThis: the CLI starts one
// from its entry point while it loads the bundle that holds its own copy of this module.
const STARTED = Symbol.for("@ssoenv/secret-scan/quick-check-started");
const shared = globalThis as Record<symbol, unknown>;
if (!shared[STARTED]) shared[STARTED] = new Map();
const started = shared[STARTED] as Map<string, QuickScanRun>;

/**
 * Starts the quick check for a scan that is about to run, so it works while the caller loads the
 * scanner: `scanStaged` or `scanFiles` with the same arguments (and working folder) then takes this
 * run instead of starting another.
 */
export function startQuickCheck(
  scan: { staged: true } | { paths: readonly string[] },
  maxFileBytes: number,
): void {
  const args = "staged" in scan ? stagedArgs(maxFileBytes) : pathsArgs(scan.paths, maxFileBytes);
  const key = startKey(args, process.cwd());
  if (!started.has(key)) started.set(key, new QuickScanRun(args, process.cwd()));
}

function takeOrStart(args: string[], cwd: string): QuickScanRun {
  const key = startKey(args, cwd);
  const early = started.get(key);
  if (early) {
    started.delete(key);
    return early;
  }
  return new QuickScanRun(args, cwd);
}

function stagedArgs(maxFileBytes: number): string[] {
  return ["staged", "--max-file-size", String(maxFileBytes)];
}

function pathsArgs(paths: readonly string[], maxFileBytes: number): string[] {
  return ["paths", "--max-file-size", String(maxFileBytes), "--", ...paths];
}

function startKey(args: string[], cwd: string): string {
  return JSON.stringify([cwd, ...args]);
}
