import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * The native quick check (`native/`, built into dist/ssoenv-quickscan when cargo is there): it
 * proves that files or staged changes hold nothing this scanner could report, many times faster
 * than scanning them here. It only ever rules things out; whatever it cannot rule out is scanned
 * here as before, so findings are the same with it or without it (a differential test holds it to
 * that). Without the binary (no Rust toolchain at build time, another platform) or with
 * SSOENV_QUICKSCAN=off, everything is scanned here.
 */

/** What the quick check said of path mode: files ruled out, and the files left to scan. */
export interface QuickPathsResult {
  clean: number;
  maybe: string[];
}

let located: string | null | undefined;

/** The binary, when there is one and it is not switched off. */
export function quickScanBinary(): string | undefined {
  if (/^(0|off|false|no)$/i.test(process.env.SSOENV_QUICKSCAN ?? "")) return undefined;
  if (located === undefined) located = locate() ?? null;
  return located ?? undefined;
}

function locate(): string | undefined {
  // From src/ or dist/ of this package, then through the package (when bundled into another one).
  const nearby = fileURLToPath(new URL("../dist/ssoenv-quickscan", import.meta.url));
  if (existsSync(nearby)) return nearby;
  try {
    return createRequire(import.meta.url).resolve("@ssoenv/secret-scan/quickscan");
  } catch {
    return undefined;
  }
}

/**
 * Staged mode: the number of staged files checked when nothing staged can hold a finding;
 * undefined when the full scan must run (something may, or the quick check is unavailable or
 * failed: the full scan then reports any error in its own words).
 */
export function quickCheckStaged(cwd: string, maxFileBytes: number): Promise<number | undefined> {
  return run(stagedArgs(maxFileBytes), cwd).then((out) => {
    if (out === undefined) return undefined;
    const files = Number(out.toString("utf8").trim());
    return Number.isInteger(files) ? files : undefined;
  });
}

/** Path mode over absolute paths: undefined when the full scan must take everything. */
export function quickCheckPaths(
  paths: readonly string[],
  maxFileBytes: number,
): Promise<QuickPathsResult | undefined> {
  return run(pathsArgs(paths, maxFileBytes), process.cwd()).then((out) => {
    if (out === undefined) return undefined;
    const fields = out.toString("utf8").split("\0");
    if (fields.pop() !== "") return undefined; // every field ends with a NUL
    const clean = Number(fields.shift());
    return Number.isInteger(clean) ? { clean, maybe: fields } : undefined;
  });
}

// Runs started early (see startQuickCheck), by their arguments. On globalThis: the CLI starts one
// from its entry point while it loads the bundle that holds its own copy of this module.
const STARTED = Symbol.for("@ssoenv/secret-scan/quick-check-started");
type Started = Map<string, Promise<Buffer | undefined>>;
const shared = globalThis as Record<symbol, unknown>;
if (!shared[STARTED]) shared[STARTED] = new Map();
const started = shared[STARTED] as Started;

/**
 * Starts the quick check for a scan that is about to run, so it works while the caller loads the
 * scanner: `scanStaged` or `scanFiles` with the same arguments (and working folder) then takes its
 * result instead of starting another.
 */
export function startQuickCheck(
  scan: { staged: true } | { paths: readonly string[] },
  maxFileBytes: number,
): void {
  const args = "staged" in scan ? stagedArgs(maxFileBytes) : pathsArgs(scan.paths, maxFileBytes);
  const key = startKey(args, process.cwd());
  if (!started.has(key)) started.set(key, spawnQuickScan(args, process.cwd()));
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

/** stdout of a successful run (exit 0); undefined for any other outcome. */
function run(args: string[], cwd: string): Promise<Buffer | undefined> {
  const key = startKey(args, cwd);
  const early = started.get(key);
  if (early) {
    started.delete(key);
    return early;
  }
  return spawnQuickScan(args, cwd);
}

function spawnQuickScan(args: string[], cwd: string): Promise<Buffer | undefined> {
  const binary = quickScanBinary();
  if (!binary) return Promise.resolve(undefined);
  return new Promise((resolvePromise) => {
    execFile(binary, args, { cwd, encoding: "buffer", maxBuffer: 256 * 1024 * 1024 }, (error, stdout) =>
      resolvePromise(error ? undefined : stdout),
    );
  });
}
