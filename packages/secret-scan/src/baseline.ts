import { readFileSync } from "node:fs";
import { SecretScanError } from "./secret-scan-error.js";
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
}

/**
 * Reads a baseline file. A missing file is an empty baseline when `optional` is set.
 * The small file is read synchronously: on a commit this is the scan's only file read, and an
 * asynchronous one would start libuv's thread pool just for it (and node:fs/promises, which nothing
 * else on a commit's path loads): a few ms of every commit.
 *
 * @throws {SecretScanError} `BASELINE_INVALID` (not JSON / wrong shape), `PATH_UNREADABLE`.
 */
export async function loadBaseline(options: { path: string; optional?: boolean }): Promise<Baseline> {
  let raw: string;
  try {
    raw = readFileSync(options.path, "utf8");
  } catch (error) {
    if (options.optional && (error as NodeJS.ErrnoException).code === "ENOENT") return emptyBaseline();
    throw new SecretScanError("PATH_UNREADABLE", `cannot read baseline ${options.path}`, {
      hint: "check the --baseline path, or create one with `ssoenv scan --write-baseline`",
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw invalid(options.path, error);
  }
  const secrets = (parsed as { secrets?: unknown } | null)?.secrets;
  if (
    (parsed as { version?: unknown } | null)?.version !== 1 ||
    typeof secrets !== "object" ||
    secrets === null ||
    Array.isArray(secrets)
  ) {
    throw invalid(options.path);
  }
  return { version: 1, secrets: secrets as Baseline["secrets"] };
}

/** Drops findings whose secret is in the baseline. */
export function applyBaseline(options: { findings: readonly Finding[]; baseline: Baseline }): Finding[] {
  return options.findings.filter((f) => !Object.hasOwn(options.baseline.secrets, f.fingerprint));
}

/**
 * A baseline accepting every finding given (first location wins), and everything `extend` accepts
 * already: accepting today's keys in one folder or commit must not drop those accepted elsewhere.
 */
export function createBaseline(options: { findings: readonly Finding[]; extend?: Baseline }): Baseline {
  const secrets: Baseline["secrets"] = { ...options.extend?.secrets };
  for (const f of options.findings) secrets[f.fingerprint] ??= { rule: f.rule, path: f.path };
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

function emptyBaseline(): Baseline {
  return { version: 1, secrets: {} };
}

function invalid(path: string, cause?: unknown): SecretScanError {
  return new SecretScanError("BASELINE_INVALID", `baseline ${path} is not a valid ssoenv scan baseline`, {
    hint: "regenerate it with `ssoenv scan --write-baseline`",
    cause,
  });
}
