import { scannableText } from "./decode-bytes.js";
import { findCandidates } from "./find-candidates.js";
import { findInViews } from "./find-in-views.js";
import type { Finding } from "./types.js";

export interface ScanTextOptions {
  /** The content as a string. One of `text` or `bytes` is required. */
  text?: string;
  /** The content as bytes: UTF-8 or UTF-16 (see decodeBytes); binary content is read as Latin-1. */
  bytes?: Uint8Array;
  /** Reported in each finding. @default "<text>" */
  path?: string;
  /** Only report findings on these 1-based lines (staged mode: the added lines). */
  onlyLines?: ReadonlySet<number>;
}

// Teams keep the annotations of the tool they came from: gitleaks and detect-secrets markers count too.
const ALLOW_RE = /ssoenv:allow|gitleaks:allow|pragma:\s*allowlist secret/;
const ALLOW_NEXT_LINE_RE = /pragma:\s*allowlist nextline secret/;

/**
 * Finds plaintext AWS credentials (access key IDs, secret access keys, session tokens) in one text.
 * Findings on a line carrying `ssoenv:allow`, `gitleaks:allow` or `pragma: allowlist secret` are dropped.
 * The secret is never returned: only a redacted prefix and its sha256 fingerprint.
 *
 * @example
 * const findings = scanText({ text: await readFile(".env", "utf8"), path: ".env" });
 * for (const f of findings) console.log(`${f.path}:${f.line}:${f.column} ${f.rule} ${f.redacted}`);
 */
export function scanText(options: ScanTextOptions): Finding[] {
  const text = options.text ?? (options.bytes ? scannableText(options.bytes) : undefined);
  if (text === undefined) return [];
  const path = options.path ?? "<text>";

  const anchors: Array<[number, number]> = [];
  const raw = findCandidates(text, 0, anchors);
  const candidates = [...raw, ...findInViews(text, anchors)];
  if (candidates.length === 0) return [];

  const lines = lineIndex(text);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const line = lineOf(lines, c.start);
    if (options.onlyLines && !options.onlyLines.has(line)) continue;
    const fingerprint = sha256(c.secret);
    const key = `${c.rule}:${fingerprint}:${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (isAllowed(text, lines, line)) continue;
    const finding: Finding = {
      rule: c.rule,
      path,
      line,
      column: c.start - (lines[line - 1] as number) + 1,
      redacted: redact(c.secret),
      fingerprint,
    };
    if (c.encoding) finding.encoding = c.encoding;
    else finding.length = c.secret.length;
    findings.push(finding);
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The first 4 characters and an ellipsis. */
export function redact(secret: string): string {
  return `${secret.slice(0, 4)}…`;
}

// node:crypto is loaded on the first finding, not at start-up: most scans find nothing, and it
// is one of the costlier built-in modules to load (a commit hook starts a new process each time).
let crypto: typeof import("node:crypto") | undefined;
function sha256(value: string): string {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto.createHash("sha256").update(value).digest("hex");
}

function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function lineText(text: string, starts: number[], line: number): string {
  const start = starts[line - 1];
  if (start === undefined) return "";
  const end = starts[line];
  return text.slice(start, end === undefined ? text.length : end);
}

function isAllowed(text: string, starts: number[], line: number): boolean {
  const current = lineText(text, starts, line);
  if (ALLOW_RE.test(current)) return true;
  return line > 1 && ALLOW_NEXT_LINE_RE.test(lineText(text, starts, line - 1));
}
