import { isLikelyKeyId, isLikelySecretKey, isLikelySessionToken } from "./credential-shape.js";
import { lineStartBefore } from "./line-bounds.js";
import type { RuleId } from "./types.js";

/** A credential found in a string, by offsets into that string. */
export interface Candidate {
  rule: RuleId;
  /** Offset of the first character of the (possibly encoded) secret in the scanned string. */
  start: number;
  /** The secret itself (decoded). Never printed: hashed and redacted by the caller. */
  secret: string;
  encoding?: "base64";
}

// Key IDs: the documented prefixes + 16 base32 characters (RFC 4648 alphabet: A-Z and 2-7).
const KEY_ID_SOURCE = "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}";
// STS session tokens start with a serialized header whose base64 is stable ("\t\x0eorigin_ec…", older "er/aws…").
export const TOKEN_PREFIXES = ["IQoJb3JpZ2lu", "FwoGZXIvYXdz", "FQoGZXIvYXdz", "AQoDYXdz"];
const TOKEN_TAIL_RE = /[A-Za-z0-9+/]{60,}={0,2}/y;
// Names that announce a secret key. A secret needs one of them nearby, or a key ID.
const SECRET_NAME_RE = /secret|credential|passw|private.?key|aws.?key|\bsak\b/gi;
// "token" is searched as a literal (fast) and its context checked by hand: session/security token,
// a JSON "Token" key, or `token =` / `token:`.
const TOKEN_WORD_RE = /token/gi;

const NAME_WINDOW_AFTER = 320; // value after its name: `name = value`, `"name": "value"`, YAML next line
const NAME_WINDOW_BEFORE = 100; // same line only: `"value" # secret key`
const PAIR_WINDOW = 420; // a secret within this many characters of a key ID belongs to it
const MAX_DEPTH = 2; // base64 inside base64 inside a file, no deeper

/**
 * AKIA, ASIA, ABIA and ACCA spelled in base64, each at byte offsets 0, 1 and 2: only the output
 * characters whose 6 bits come entirely from the prefix are fixed, so those are what we look for.
 * Written out because working them out cost every commit's scan ~1.4 ms of start-up;
 * find-candidates.test.ts works them out again and holds this list to it.
 */
export const KEY_ID_PREFIXES_IN_BASE64 = [
  ["QUtJQ", "FLSU", "BS0lB"], // AKIA
  ["QVNJQ", "FTSU", "BU0lB"], // ASIA
  ["QUJJQ", "FCSU", "BQklB"], // ABIA
  ["QUNDQ", "FDQ0", "BQ0NB"], // ACCA
].flat();

// One pass finds every fixed-shape anchor: key IDs, token prefixes, and key ID prefixes in base64
// (none of them holds a regex metacharacter: base64's + and / do not occur in them).
const ANCHOR_RE = new RegExp([KEY_ID_SOURCE, ...TOKEN_PREFIXES, ...KEY_ID_PREFIXES_IN_BASE64].join("|"), "g");

/**
 * Every likely AWS credential in `text`: the core of the scanner, a few regex passes over the whole
 * string (no per-line loop: minified bundles are one line). Secrets are only looked for near a name
 * or a key ID, which keeps random 40-character strings (hashes, ids) out and the scan fast.
 */
export function findCandidates(text: string, depth = 0, anchorsOut?: Array<[number, number]>): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate) => {
    const key = `${c.rule}:${c.start}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };

  // 1. Fixed-shape anchors in one pass; base64 runs are decoded after it (decoding recurses).
  const keyIdStarts: number[] = [];
  const sessionKeyIdStarts: number[] = [];
  const base64Runs: Array<{ start: number; end: number }> = [];
  ANCHOR_RE.lastIndex = 0;
  for (let m = ANCHOR_RE.exec(text); m; m = ANCHOR_RE.exec(text)) {
    const start = m.index;
    const match = m[0];
    if (match.length === 20) {
      // An access key ID, with word boundaries so a prefix inside a longer token does not count.
      if (isAlnum(text.charCodeAt(start - 1)) || isAlnum(text.charCodeAt(start + 20))) {
        // Maybe glued to an escape (`\nAKIA…`): let the decoded views look here.
        anchorsOut?.push([start - 8, start + 28]);
        ANCHOR_RE.lastIndex = start + 1;
        continue;
      }
      if (!isLikelyKeyId(match)) continue;
      add({ rule: "aws-access-key-id", start, secret: match });
      keyIdStarts.push(start);
      if (match.startsWith("ASIA")) sessionKeyIdStarts.push(start);
    } else if (TOKEN_PREFIXES.includes(match)) {
      // A session token by its stable prefix, named or not.
      TOKEN_TAIL_RE.lastIndex = start + match.length;
      const tail = TOKEN_TAIL_RE.exec(text);
      if (!tail || isBase64Char(text.charCodeAt(start - 1))) continue;
      const end = TOKEN_TAIL_RE.lastIndex;
      ANCHOR_RE.lastIndex = end;
      if (isPercentEncodedPart(text, start, end)) continue;
      const token = stripPadding(text.slice(start, end));
      if (isLikelySessionToken(token)) add({ rule: "aws-session-token", start, secret: token });
    } else if (depth < MAX_DEPTH) {
      // A key ID prefix spelled in base64 (Kubernetes Secret data, an encoded .env file).
      const run = expandBase64Run(text, start);
      ANCHOR_RE.lastIndex = run.end;
      if (run.end - run.start >= 28) base64Runs.push(run);
    }
  }

  // 2. Windows where a secret key or a token may sit: after names, around key IDs.
  const windows: Window[] = [];
  SECRET_NAME_RE.lastIndex = 0;
  for (let m = SECRET_NAME_RE.exec(text); m; m = SECRET_NAME_RE.exec(text)) {
    windows.push(nameWindow(text, m.index, true, false));
  }
  TOKEN_WORD_RE.lastIndex = 0;
  for (let m = TOKEN_WORD_RE.exec(text); m; m = TOKEN_WORD_RE.exec(text)) {
    const at = isTokenName(text, m.index);
    if (at !== -1) windows.push(nameWindow(text, at, false, true));
  }
  for (const start of keyIdStarts) {
    windows.push({
      start: Math.max(0, start - PAIR_WINDOW),
      end: Math.min(text.length, start + 20 + PAIR_WINDOW),
      secrets: true,
      tokens: false,
      named: false,
    });
  }
  for (const start of sessionKeyIdStarts) {
    windows.push({
      start: Math.max(0, start - PAIR_WINDOW),
      end: Math.min(text.length, start + 20 + 2 * PAIR_WINDOW),
      secrets: false,
      tokens: true,
      named: false,
    });
  }
  for (const w of mergeWindows(windows)) {
    anchorsOut?.push([w.start, w.end]);
    scanWindow(text, w, depth, add);
  }

  // 3. Key IDs hidden in base64: decode the runs and look inside.
  for (const run of base64Runs) {
    for (const inner of findInBase64(text.slice(run.start, run.end), depth, false)) {
      add({ ...inner, start: run.start, encoding: "base64" });
    }
  }
  return out;
}

interface Window {
  start: number;
  end: number;
  /** 40-character secret keys may be reported here. */
  secrets: boolean;
  /** Long base64 may be reported as a session token here. */
  tokens: boolean;
  /** The window follows a name: a base64-encoded value may be decoded and checked. */
  named: boolean;
}

function nameWindow(text: string, at: number, secrets: boolean, tokens: boolean): Window {
  return {
    start: lineStartBefore(text, at, NAME_WINDOW_BEFORE),
    end: Math.min(text.length, at + NAME_WINDOW_AFTER),
    secrets,
    tokens,
    named: true,
  };
}

/** Merges overlapping windows of the same kind (widening the caller's own objects in place). */
function mergeWindows(windows: Window[]): Window[] {
  windows.sort((a, b) => a.start - b.start);
  const merged: Window[] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (
      last &&
      w.start <= last.end &&
      last.secrets === w.secrets &&
      last.tokens === w.tokens &&
      last.named === w.named
    ) {
      last.end = Math.max(last.end, w.end);
    } else {
      merged.push(w);
    }
  }
  return merged;
}

const MIN_RUN = 28; // base64 of 20 bytes (a key ID) is 28 characters; a secret key is 40

function scanWindow(text: string, w: Window, depth: number, add: (c: Candidate) => void): void {
  // Two steps: find the runs, then check each. With the checks inlined into a JavaScript loop over
  // the window, V8's optimized code for it took 12-15 ms to compile, which a commit's scan waited for
  // at exit. The runs are kept per call: checkRun may decode and recurse.
  const runs = findRunsInWindow(text, w.start, w.end);
  for (let k = 0; k < runs.length; k += 2) {
    checkRun(text, w, runs[k] as number, runs[k + 1] as number, depth, add);
  }
}

/**
 * Start and end (in pairs) of every maximal base64 run of MIN_RUN or more characters that starts in
 * [from, to). The regex looks in [from, to + MIN_RUN - 1) only (a run that starts before `to` has its
 * first MIN_RUN characters there); each run found is then followed to its end. Native regex code
 * reads the window, where a JavaScript loop over it ran in V8's interpreter and then kept V8's
 * optimizing compiler busy when the scan was already over (a commit's scan waited for it at exit).
 */
function findRunsInWindow(text: string, from: number, to: number): number[] {
  const runs: number[] = [];
  const part = text.slice(from, to + MIN_RUN - 1);
  RUN_RE.lastIndex = 0;
  for (let m = RUN_RE.exec(part); m; m = RUN_RE.exec(part)) {
    // The match starts with the character before the run, unless the run starts the window.
    const at = BASE64[part.charCodeAt(m.index)] === 1 ? m.index : m.index + 1;
    const start = from + at;
    // A run that started before the window is part of something longer.
    if (at === 0 && BASE64[text.charCodeAt(from - 1)] === 1) continue;
    let end = from + RUN_RE.lastIndex;
    while (BASE64[text.charCodeAt(end)] === 1) end++;
    runs.push(start, end);
  }
  return runs;
}

// Runs of MIN_RUN or more, tried only where a run starts (not again at each of its characters):
// after a character that is not base64, or at the start. A lookbehind for that character made V8
// test it at every position, ~40% slower.
const RUN_RE = /(?:^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{28,}/g;

/** Reports what the base64 run [start, i) of window `w` holds: a secret key, a token, or (named) its decoded content. */
function checkRun(
  text: string,
  w: Window,
  start: number,
  i: number,
  depth: number,
  add: (c: Candidate) => void,
): void {
  let end = i;
  while (end < text.length && text.charCodeAt(end) === 61 /* = */ && end - i < 2) end++;
  if (isAlnum(text.charCodeAt(end)) || isPercentEncodedPart(text, start, end)) return;
  const run = text.slice(start, end);
  const bare = text.slice(start, i);
  if (bare.length === 40 && end === i) {
    if (
      w.secrets &&
      !isPartOfLongerToken(text, start, end) &&
      isLikelySecretKey(run) &&
      !followsBase64Line(text, start)
    ) {
      add({ rule: "aws-secret-access-key", start, secret: run });
    }
    return;
  }
  if (bare.length >= 100 && w.tokens && isLikelySessionToken(bare) && !isOtherTokenFormat(text, start, end)) {
    add({ rule: "aws-session-token", start, secret: bare });
    return;
  }
  // A named value in base64 (Kubernetes Secret `data:`): decode it and look inside.
  if (w.named && depth < MAX_DEPTH) {
    for (const inner of findInBase64(run, depth, w.secrets)) {
      add({ ...inner, start, encoding: "base64" });
    }
  }
}

/**
 * Decodes a base64 run and looks inside it. `named`: the run followed a secret-like name, so a bare
 * 40-character secret is enough (its name was outside the encoded part).
 */
function findInBase64(run: string, depth: number, named: boolean): Candidate[] {
  const decoded = decodeBase64Text(run);
  if (decoded === undefined) return [];
  const trimmed = decoded.trim();
  if (named && trimmed.length === 40 && /^[A-Za-z0-9+/]{40}$/.test(trimmed) && isLikelySecretKey(trimmed)) {
    return [{ rule: "aws-secret-access-key", start: 0, secret: trimmed }];
  }
  return findCandidates(decoded, depth + 1);
}

/** Decodes base64 to text when it is mostly printable; undefined for binary content. */
export function decodeBase64Text(run: string): string | undefined {
  const bytes = Buffer.from(run, "base64");
  if (bytes.length < 16) return undefined;
  let printable = 0;
  for (const byte of bytes) {
    if ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09) printable++;
  }
  if (printable / bytes.length < 0.9) return undefined;
  return bytes.toString("latin1");
}

function expandBase64Run(text: string, at: number): { start: number; end: number } {
  let start = at;
  while (start > 0 && isBase64Char(text.charCodeAt(start - 1))) start--;
  let end = at;
  while (end < text.length && isBase64Char(text.charCodeAt(end))) end++;
  while (end < text.length && text.charCodeAt(end) === 61 /* = */) end++;
  return { start, end };
}

/**
 * Offset of the name when "token" at `at` names a session token (`session_token`, `SecurityToken`,
 * `"Token"`, `token =`, `token:`), else -1.
 */
function isTokenName(text: string, at: number): number {
  const before = text.slice(Math.max(0, at - 9), at).toLowerCase();
  const m = /(?:session|security).?$/.exec(before);
  if (m) return at - (before.length - m.index);
  if (text.charCodeAt(at - 1) === 34 && text.charCodeAt(at + 5) === 34) return at - 1; // "token"
  if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(at + 5))) return -1;
  let i = at + 5;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  const c = text.charCodeAt(i);
  return c === 58 || c === 61 ? at : -1; // `:` or `=`
}

function isWordChar(code: number): boolean {
  return isAlnum(code) || code === 95;
}

// `…%2F<run>%2B…`: a run next to a "%" is a piece of a longer percent-encoded value (the "2F" of
// "%2F" even starts the run); the percent-decoded view judges the value whole.
function isPercentEncodedPart(text: string, start: number, end: number): boolean {
  return text.charCodeAt(start - 1) === 37 || text.charCodeAt(end) === 37;
}

// A secret access key is a token of its own. Glued to "-" or "_" the run is a piece of URL-safe
// base64 (a wheel RECORD's `sha256=…-b8`); after a "." it is the path of a host name
// (`docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html`).
function isPartOfLongerToken(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  return before === 45 || before === 95 || before === 46 || after === 45 || after === 95; // - _ .
}

// The last line of a PEM or MIME base64 block (64/76-character lines) can be 40 characters long.
function followsBase64Line(text: string, start: number): boolean {
  const lineStart = lineStartBefore(text, start, 200);
  if (
    lineStart === 0 ||
    text.charCodeAt(lineStart - 1) !== 10 ||
    text.slice(lineStart, start).trim() !== ""
  ) {
    return false;
  }
  const prevStart = lineStartBefore(text, lineStart - 1, 200);
  return /^\s*[A-Za-z0-9+/]{60,}={0,2}\r?$/.test(text.slice(prevStart, lineStart - 1));
}

// JWTs (`eyJ…` segments joined by dots) and data URIs (`base64,…`) are not STS session tokens.
function isOtherTokenFormat(text: string, start: number, end: number): boolean {
  if (text.startsWith("eyJ", start)) return true;
  if (text.charCodeAt(start - 1) === 46 || text.charCodeAt(end) === 46) return true; // "."
  if (text.slice(Math.max(0, start - 7), start) === "base64,") return true;
  // An STS token decodes to binary; base64 of text (a Kubernetes Secret's `token:`, a JWT encoded
  // again) is something else, and the caller decodes it and looks inside.
  return decodeBase64Text(text.slice(start, end)) !== undefined;
}

function stripPadding(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 61) end--;
  return value.slice(0, end);
}

const ALNUM = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ALNUM[c] = 1;
for (let c = 65; c <= 90; c++) ALNUM[c] = 1;
for (let c = 97; c <= 122; c++) ALNUM[c] = 1;
const BASE64 = ALNUM.slice();
BASE64[43] = 1; // +
BASE64[47] = 1; // /

/** [A-Za-z0-9] (NaN, past either end of the text, is not). */
export function isAlnum(code: number): boolean {
  return ALNUM[code] === 1;
}

/** [A-Za-z0-9+/] */
export function isBase64Char(code: number): boolean {
  return BASE64[code] === 1;
}
