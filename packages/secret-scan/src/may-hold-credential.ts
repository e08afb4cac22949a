import { TOKEN_PREFIXES } from "./find-candidates.js";

/**
 * The scanner's prefilter: false only when `scanText` cannot report anything in these bytes, so a
 * file for which it is false need not be decoded or scanned. It reads UTF-8 or Latin-1 bytes (not
 * UTF-16: the caller scans those whole), and asks of each shape the rules need:
 *
 * - **Runs.** Every credential, plain or base64-encoded, is a run of `A-Za-z0-9+/`. A run of 20 or
 *   more passes when it holds an `A` and 19 more `A-Z0-9` after it (a key ID), is exactly 40 long with both cases (a
 *   secret key), is 100 or more long, or 68 or more with a token prefix (a session token), or
 *   decodes from base64 to mostly printable text (something encoded: the scanner decodes it only
 *   then). Shorter runs never pass: no rule reports one.
 * - **Joints.** The decoded views (`%2F`, `\/`, `"…" + "…"`) only decode where a joint joins runs of
 *   16 base64 characters in all. A `%` or `\` passes when the run of base64 characters, escapes
 *   and the bytes just after an escape around it is 16 or longer; a quote passes when the base64
 *   run before it and the one after the next quote (over spaces, operators and line breaks) add up
 *   to 16.
 *
 * Each test is looser than the rule it stands for (lengths, not shapes; every escape, not only
 * triggers), which is how it stays a superset: README "The prefilter" has the argument, and
 * test/secret-scan/prefilter.test.ts checks it on the corpus and on generated texts.
 *
 * Speed: most bytes are never read. Runs are found by skipping ahead (only runs of 8 or more
 * matter, see findRuns) and escapes with Buffer#indexOf, which is native.
 */
export function mayHoldCredential(bytes: Uint8Array): boolean {
  // Two steps, so that the loop over every byte stays small: V8 optimizes it within the first file.
  // With the checks inlined into it, its optimized code took 60-100 ms to compile on a busy machine
  // and was thrown away and compiled again the first time a rare check ran, while the files
  // meanwhile went through at interpreter speed.
  const count = findRuns(bytes);
  for (let k = 0; k < count; k += 2) {
    const start = runs[k] as number;
    const end = runs[k + 1] as number;
    if (end - start >= 20 && runMayHoldCredential(bytes, start, end)) return true;
    // A quote right after the run, or the second quote of a joint right before it.
    if (QUOTE[bytes[end] as number] === 1 && joinedAcrossQuotes(bytes, end) >= 16) return true;
    if (start > 0 && QUOTE[bytes[start - 1] as number] === 1) {
      const first = quoteBefore(bytes, start - 1);
      if (first > 0 && BASE64[bytes[first - 1] as number] === 1 && joinedAcrossQuotes(bytes, first) >= 16) {
        return true;
      }
    }
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Every `%` and `\`, found natively.
  for (const escapeByte of [37, 92]) {
    for (let i = buffer.indexOf(escapeByte); i !== -1; i = buffer.indexOf(escapeByte, i + 1)) {
      if (escapedRunLength(bytes, i) >= 16) return true;
    }
  }
  return false;
}

/**
 * Runs shorter than this are never looked at. A run must reach 20 to matter by itself, and a quote
 * joint needs 16 base64 characters on its two sides together, so one side is a run of 8 or more.
 */
const MIN_RUN = 8;

/** What findRuns found: start and end of each run, in pairs (one array per thread, reused). */
let runs = new Int32Array(1024);

/**
 * Puts in `runs` every maximal run of base64 characters worth a look (20 or more, or 8 or more
 * with a quote on either side) and returns how many numbers it wrote. Skips ahead: when the byte at
 * i + 7 is not base64, no run of 8 starts in [i, i + 7], so those bytes are never read; when it is,
 * the run around it is walked whole. Text is mostly short words between spaces and punctuation, so
 * most bytes are never read.
 */
function findRuns(bytes: Uint8Array): number {
  const length = bytes.length;
  let count = 0;
  // Invariant: i is 0 or bytes[i - 1] is not base64, so a run that starts at or after i starts there.
  let i = 0;
  while (i + MIN_RUN <= length) {
    const probe = i + MIN_RUN - 1;
    if (BASE64[bytes[probe] as number] === 0) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i && BASE64[bytes[start - 1] as number] === 1) start--;
    let end = probe + 1;
    while (end < length && BASE64[bytes[end] as number] === 1) end++;
    if (
      end - start >= MIN_RUN &&
      (end - start >= 20 ||
        (end < length && QUOTE[bytes[end] as number] === 1) ||
        (start > 0 && QUOTE[bytes[start - 1] as number] === 1))
    ) {
      if (count === runs.length) {
        const larger = new Int32Array(2 * count);
        larger.set(runs);
        runs = larger;
      }
      runs[count] = start;
      runs[count + 1] = end;
      count += 2;
    }
    i = end + 1;
  }
  return count;
}

const PREFIXES = TOKEN_PREFIXES.map((prefix) => Buffer.from(prefix));

function runMayHoldCredential(bytes: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n >= 100 || hasKeyIdShape(bytes, start, end)) return true;
  if (n === 40 && hasBothCases(bytes, start, end)) return true;
  // A token found by its prefix starts a run (find-candidates skips one with base64 before it).
  if (n >= 68) for (const prefix of PREFIXES) if (startsWith(bytes, start, prefix)) return true;
  // The scanner decodes a run only when decodeBase64Text accepts it (a named value, or one holding
  // a key ID's base64 spelling); what it then reports is inside the decoded text.
  return decodesToText(bytes, start, end);
}

/**
 * An "A" (every key ID prefix starts with one), then 19 more of A-Z0-9. Skips ahead as the run search
 * does: when the byte at i + 19 is not A-Z0-9, no such 20 starts in [i, i + 19].
 */
function hasKeyIdShape(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i + 20 <= end) {
    const probe = i + 19;
    if (UPPER[bytes[probe] as number] === 0) {
      i = probe + 1;
      continue;
    }
    let first = probe;
    while (first > i && UPPER[bytes[first - 1] as number] === 1) first--;
    let last = probe + 1;
    while (last < end && UPPER[bytes[last] as number] === 1) last++;
    // Any "A" in this stretch with 19 more after it.
    for (let a = first; a + 20 <= last; a++) if (bytes[a] === 65) return true;
    i = last + 1;
  }
  return false;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  for (let j = 0; j < prefix.length; j++) if (bytes[at + j] !== prefix[j]) return false;
  return true;
}

function hasBothCases(bytes: Uint8Array, start: number, end: number): boolean {
  let cases = 0;
  for (let i = start; i < end; i++) cases |= CASE[bytes[i] as number] as number;
  return cases === 3;
}

/**
 * decodeBase64Text(run) !== undefined, without building strings: the run's base64 decoded in place
 * (floor(n * 3 / 4) bytes, as Buffer.from(run, "base64") gives), 16 or more of them, at least 90%
 * printable. Stops as soon as too many are not (random data: after a few bytes).
 */
function decodesToText(bytes: Uint8Array, start: number, end: number): boolean {
  const total = Math.floor(((end - start) * 3) / 4);
  if (total < 16) return false;
  const allowed = total - Math.ceil(total * 0.9); // printable / total >= 0.9
  let bad = 0;
  let bits = 0;
  let value = 0;
  let produced = 0;
  for (let i = start; i < end && produced < total; i++) {
    value = (value << 6) | (SEXTET[bytes[i] as number] as number);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (value >> bits) & 0xff;
      produced++;
      if (PRINTABLE[byte] === 0 && ++bad > allowed) return false;
    }
    value &= 0xff;
  }
  return true;
}

/**
 * Length of the stretch around the `%` or `\` at `at` made of base64 bytes, escape characters, and
 * any byte up to 8 after a `%` or 4 after a `\` (an escape's body, counted as it is in bytes even
 * when it is a multi-byte character).
 */
function escapedRunLength(bytes: Uint8Array, at: number): number {
  const inStretch = (i: number): boolean => {
    const c = bytes[i] as number;
    if (BASE64[c] === 1 || c === 37 || c === 92) return true;
    for (let k = 1; k <= 8 && i - k >= 0; k++) {
      const before = bytes[i - k] as number;
      if (before === 37 || (before === 92 && k <= 4)) return true;
    }
    return false;
  };
  let left = at;
  while (left > 0 && inStretch(left - 1)) left--;
  let right = at + 1;
  while (right < bytes.length && inStretch(right)) right++;
  return right - left;
}

/**
 * For a quote at `at` right after a base64 byte: the base64 run before it plus the run after the
 * next quote, when only spaces, tabs, line breaks, `\` and operators (`+ . & |`) lie between the two
 * quotes (at most 120 bytes). 0 when there is no such second quote.
 */
function joinedAcrossQuotes(bytes: Uint8Array, at: number): number {
  let i = at + 1;
  const stop = Math.min(bytes.length, at + 121);
  while (i < stop && JOINER[bytes[i] as number] === 1) i++;
  if (i >= stop || QUOTE[bytes[i] as number] !== 1) return 0;
  let left = 0;
  for (let j = at - 1; j >= 0 && BASE64[bytes[j] as number] === 1 && left < 16; j--) left++;
  let right = 0;
  for (let j = i + 1; j < bytes.length && BASE64[bytes[j] as number] === 1 && left + right < 16; j++) right++;
  return left + right;
}

/** The quote that the quote at `at` closes a joint with (only joiners between, at most 120 bytes), or -1. */
function quoteBefore(bytes: Uint8Array, at: number): number {
  let i = at - 1;
  while (i >= 0 && at - i <= 120 && JOINER[bytes[i] as number] === 1) i--;
  return i >= 0 && QUOTE[bytes[i] as number] === 1 ? i : -1;
}

/** 1 for each byte of the class: base64 `A-Za-z0-9+/`, key ID `A-Z0-9`, quotes `"'\``. */
const BASE64 = byteClass("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const UPPER = byteClass("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
const QUOTE = byteClass("\"'`");
/** 1 for a-z, 2 for A-Z (a secret key has both). */
const CASE = new Uint8Array(256);
for (let c = 97; c <= 122; c++) CASE[c] = 1;
for (let c = 65; c <= 90; c++) CASE[c] = 2;
/** What decodeBase64Text counts as printable: 0x20-0x7e, tab, line feed, carriage return. */
const PRINTABLE = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) PRINTABLE[c] = 1;
for (const c of [9, 10, 13]) PRINTABLE[c] = 1;
function byteClass(chars: string): Uint8Array {
  const table = new Uint8Array(256);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}
const JOINER = new Uint8Array(256);
for (const c of [32, 9, 10, 13, 92, 43, 46, 38, 124]) JOINER[c] = 1; // space tab \n \r \ + . & |
/** The 6-bit value of each base64 character. */
const SEXTET = new Uint8Array(256);
for (const [k, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) {
  SEXTET[c.charCodeAt(0)] = k;
}
