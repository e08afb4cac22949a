import { type BigIntStats, readFileSync, statSync } from "node:fs";
import { SecretScanError } from "./secret-scan-error.js";
import { shellWord } from "./shell-word.js";
import type { Finding, RuleId } from "./types.js";

/** File name of the baseline, looked for at the repository root (staged mode) or the working folder. */
export const BASELINE_FILE = ".ssoenv-scan-baseline.json";

/**
 * Known, accepted secrets, keyed by the sha256 of the secret — not by file or line, so moving or
 * editing around a baselined key does not resurface it, and a new key on the same line still fails.
 */
export interface Baseline {
  version: 1;
  /** fingerprint -> where it was first seen (for humans reviewing the file; never the secret). */
  secrets: Record<string, { rule: RuleId; path: string }>;
  /**
   * Set by `loadBaseline({ mergeConflict: true })` when the file held an unresolved git merge
   * conflict and both sides were read. Never written to the file.
   */
  mergedConflict?: true;
}

/**
 * Reads a baseline file. A missing file is an empty baseline when `optional` is set.
 * The small file is read synchronously: on a commit this is the scan's only file read, and an
 * asynchronous one would start libuv's thread pool just for it (and node:fs/promises, which nothing
 * else on a commit's path loads): a few ms of every commit.
 *
 * A file holding an unresolved git merge conflict (two branches each accepted keys: their sorted
 * entries interleave, so such merges conflict) is refused, naming the conflict's line, unless
 * `mergeConflict` is set: then it is read as both sides together, which is the only right resolution
 * (each side only adds accepted hashes); `--write-baseline` writes it that way.
 *
 * A named pipe, socket or device at the path is refused before it is opened (validateBaselinePath).
 *
 * @throws {SecretScanError} `BASELINE_INVALID` (not JSON / wrong shape / a merge conflict),
 *   `PATH_UNREADABLE` (cannot be read, or is a named pipe, a socket or a device).
 */
export async function loadBaseline(options: {
  path: string;
  optional?: boolean;
  mergeConflict?: boolean;
}): Promise<Baseline> {
  validateBaselinePath({ path: options.path });
  let raw: string;
  try {
    raw = readFileSync(options.path, "utf8");
  } catch (error) {
    if (options.optional && (error as NodeJS.ErrnoException).code === "ENOENT") return emptyBaseline();
    // The reason (ENOENT, EACCES, EISDIR) tells a typo from a permission; the file named is the one to create.
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new SecretScanError("PATH_UNREADABLE", `cannot read baseline ${options.path} (${reason})`, {
      hint: "check the --baseline path, or create the file: ssoenv scan --write-baseline --baseline PATH",
      cause: error,
    });
  }
  const conflict = conflictSides(raw);
  if (!conflict) return parseBaseline(options.path, raw);
  if (!options.mergeConflict) {
    throw new SecretScanError(
      "BASELINE_INVALID",
      `baseline ${options.path} has an unresolved merge conflict (line ${conflict.line})`,
      {
        hint: "`ssoenv scan --staged --write-baseline` keeps the entries of both sides (and accepts this commit's keys); then `git add` the file",
      },
    );
  }
  let ours: Baseline;
  let theirs: Baseline;
  try {
    ours = parseBaseline(options.path, conflict.ours);
    theirs = parseBaseline(options.path, conflict.theirs);
  } catch (error) {
    throw new SecretScanError(
      "BASELINE_INVALID",
      `baseline ${options.path} has a merge conflict (line ${conflict.line}) whose sides are not baselines`,
      { hint: "resolve the conflict by hand: keep the entries of both sides", cause: error },
    );
  }
  return { version: 1, secrets: { ...theirs.secrets, ...ours.secrets }, mergedConflict: true };
}

/** Drops findings whose secret is in the baseline. */
export function applyBaseline(options: { findings: readonly Finding[]; baseline: Baseline }): Finding[] {
  return options.findings.filter((f) => !Object.hasOwn(options.baseline.secrets, f.fingerprint));
}

/**
 * A baseline accepting every finding given (first location wins), and everything `extend` accepts
 * already: accepting today's keys in one folder or commit must not drop those accepted elsewhere.
 * An accepted key found again, but not in the file its entry names, gets the file it is in now: the
 * path is there for whoever reviews the baseline, and a file that moved left it naming nothing.
 */
export function createBaseline(options: { findings: readonly Finding[]; extend?: Baseline }): Baseline {
  const secrets: Baseline["secrets"] = { ...options.extend?.secrets };
  const foundIn = new Map<string, Set<string>>();
  for (const f of options.findings) {
    const paths = foundIn.get(f.fingerprint) ?? new Set<string>();
    foundIn.set(f.fingerprint, paths.add(f.path));
  }
  for (const f of options.findings) {
    const entry = secrets[f.fingerprint];
    if (entry === undefined || !foundIn.get(f.fingerprint)?.has(entry.path)) {
      secrets[f.fingerprint] = { rule: f.rule, path: f.path };
    }
  }
  return { version: 1, secrets };
}

/**
 * A baseline as its file holds it: JSON, fingerprints sorted so that diffs stay small. Writing it is
 * the caller's (the CLI writes it with core's one atomic writer).
 */
export function formatBaseline(options: { baseline: Baseline }): string {
  const sorted: Baseline["secrets"] = {};
  for (const key of Object.keys(options.baseline.secrets).sort()) {
    sorted[key] = options.baseline.secrets[key] as Baseline["secrets"][string];
  }
  return `${JSON.stringify({ version: 1, secrets: sorted }, null, 2)}\n`;
}

/**
 * A named pipe, socket or device where the baseline is to be read (`loadBaseline` checks it) or
 * written (`ssoenv scan --write-baseline`, before it reads the file it extends): one line naming it.
 * Opening a named pipe waits for a writer, forever when none comes (a `.ssoenv-scan-baseline.json`
 * FIFO held every commit's hook). A shell's pipe (`--baseline <(git show main:.ssoenv-scan-baseline.json)`,
 * read as /dev/fd/63) has its writer already and is read as before, but cannot be written (a temporary
 * file in /dev/fd cannot be made). Anything else (missing, a folder) is left to the read or the write,
 * whose error says it.
 *
 * @throws {SecretScanError} `PATH_UNREADABLE` (to read) or `PATH_UNWRITABLE` (to write).
 */
export function validateBaselinePath(options: { path: string; toWrite?: boolean }): void {
  const { path, toWrite } = options;
  let info: BigIntStats | undefined;
  try {
    // bigint: a plain stat fills a buffer Node.js 20's module loader reads back (see scan-files.ts).
    info = statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return;
  }
  if (!info || info.isFile() || info.isDirectory()) return;
  if (!toWrite && info.isFIFO() && /^\/(dev|proc)\//.test(path)) return;
  const kind = info.isFIFO() ? "a named pipe (FIFO)" : info.isSocket() ? "a socket" : "a device";
  if (toWrite) {
    throw new SecretScanError("PATH_UNWRITABLE", `cannot write baseline ${path}: it is ${kind}, not a file`, {
      hint: "name the file to write with --baseline PATH, or leave --baseline out (.ssoenv-scan-baseline.json)",
    });
  }
  const named = "name the baseline file with --baseline PATH (ssoenv scan --write-baseline writes one)";
  throw new SecretScanError("PATH_UNREADABLE", `cannot read baseline ${path}: it is ${kind}, not a file`, {
    // A device is the system's (/dev/null): never to be removed for a baseline.
    hint: kind === "a device" ? named : `remove it, or ${named}`,
  });
}

function emptyBaseline(): Baseline {
  return { version: 1, secrets: {} };
}

function parseBaseline(path: string, raw: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw invalid(path, `not JSON (${(error as Error).message})`, error);
  }
  const secrets = (parsed as { secrets?: unknown } | null)?.secrets;
  if ((parsed as { version?: unknown } | null)?.version !== 1) throw invalid(path, 'no `"version": 1`');
  if (typeof secrets !== "object" || secrets === null || Array.isArray(secrets)) {
    throw invalid(path, "`secrets` is not an object");
  }
  return { version: 1, secrets: secrets as Baseline["secrets"] };
}

/**
 * The two sides of git's conflict markers (`<<<<<<<`, diff3's `|||||||` base, `=======`,
 * `>>>>>>>`), each with the lines outside the conflicts; undefined when there is no conflict. Git
 * writes them with the file's line ends (CRLF under core.autocrlf).
 */
function conflictSides(raw: string): { ours: string; theirs: string; line: number } | undefined {
  if (!/^<{7}(?: |\r?$)/m.test(raw)) return undefined;
  const ours: string[] = [];
  const theirs: string[] = [];
  let side: "both" | "ours" | "base" | "theirs" = "both";
  let line = 0;
  raw.split("\n").forEach((text, index) => {
    if (side === "both" && /^<{7}(?: |\r?$)/.test(text)) {
      side = "ours";
      line ||= index + 1;
    } else if (side === "ours" && /^\|{7}(?: |\r?$)/.test(text)) side = "base";
    else if ((side === "ours" || side === "base") && /^={7}\r?$/.test(text)) side = "theirs";
    else if (side === "theirs" && /^>{7}(?: |\r?$)/.test(text)) side = "both";
    else {
      if (side === "both" || side === "ours") ours.push(text);
      if (side === "both" || side === "theirs") theirs.push(text);
    }
  });
  return { ours: ours.join("\n"), theirs: theirs.join("\n"), line };
}

function invalid(path: string, why: string, cause?: unknown): SecretScanError {
  return new SecretScanError(
    "BASELINE_INVALID",
    `baseline ${path} is not a valid ssoenv scan baseline: ${why}`,
    {
      hint: `fix it, or take the committed one back (\`git checkout HEAD -- ${shellWord(path)}\`), or delete it to start over (\`ssoenv scan --write-baseline\`)`,
      cause,
    },
  );
}
