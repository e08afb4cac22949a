import { TOKEN_PREFIXES } from "./find-candidates.js";

/**
 * The scanner's prefilter: false only when `scanText` cannot report anything in these bytes, so a
 * file for which it is false need not be decoded or scanned. It reads UTF-8 or Latin-1 bytes (not
 * UTF-16: the caller scans those whole), and asks of each shape the rules need:
 *
 * - **Runs.** Every credential, plain or base64-encoded, is a run of `A-Za-z0-9+/`. A run of 20 or
 *   more passes when it holds an `A` and 19 more `A-Z0-9` with no letter or digit on either side (a
 *   key ID, bounded as the rule bounds it), is exactly 40 long with both cases (a
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
 * Speed: most bytes are never read. Every shape above is 18 bytes or longer, so the search probes
 * one byte in 18 (see findShapes); `%` and `\` are found with Buffer#indexOf, which is native.
 */
export function mayHoldCredential(bytes: Uint8Array): boolean {
  // Two steps, so that the loop over every byte stays small: V8 optimizes it within the first file.
  // With the checks inlined into it, its optimized code took 60-100 ms to compile on a busy machine
  // and was thrown away and compiled again the first time a rare check ran, while the files
  // meanwhile went through at interpreter speed.
  findShapes(bytes);
  for (let k = 0; k < found.runs; k += 2) {
    if (runMayHoldCredential(bytes, runs[k] as number, runs[k + 1] as number)) return true;
  }
  for (let k = 0; k < found.quotes; k++) if (quoteMayJoin(bytes, quotes[k] as number)) return true;
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
 * The shortest shape findShapes looks for. A run must reach 20 to matter by itself; a quote joint
 * is a run, a quote, joiners, a quote and a run, with 16 base64 characters on its two sides
 * together and at least one before the first quote: 18 bytes or more from its first byte, which
 * is base64, to its last.
 */
const STRIDE = 18;

/** What findShapes found (one set per thread, reused). */
const found = { runs: 0, quotes: 0 };
/** Start and end of each run of 20 or more, in pairs. */
let runs = new Int32Array(1024);
/** Quotes that may be one of the two of a joint. */
let quotes = new Int32Array(1024);

/**
 * Puts in `runs` every maximal run of 20 or more base64 characters and in `quotes` every quote that
 * may open or close a joint, for the checks that follow. Skips ahead: every such shape that starts
 * at or after i is 18 or more bytes long and so holds the byte at i + 17, the probe; the probe
 * tells which of the shape's parts it could be, and the bytes before it are never read:
 *
 * - a joiner or quote: the probe may lie between a joint's quotes; the quote it follows over
 *   joiners (or itself) may be the first.
 * - base64 (`+` is a joiner too): the run around it is walked back, no further than i. A quote
 *   just before the run with a joiner or quote before it may be a joint's second quote. When the
 *   run starts after i, the search goes on from the run's start: a shape starting between i and
 *   there would hold the probe and the byte before the run, which is not base64, so it is a joint
 *   whose second side holds the probe, and that quote was just kept. When the run reaches back to
 *   i, it is 18 or longer (a run of 20, or a joint's first side): it is walked to its end, and a
 *   quote just after it with a joiner or quote after that may be a joint's first quote.
 * - anything else: no shape holds it.
 *
 * Then i moves past the probe, to the start of the run the probe is in, or past the run walked: a
 * shape starting before that holds the probe (it is 18 long), or would start inside the run (none
 * does: shapes start at a run's start). Walking only back from most probes (most runs are words,
 * shorter than 18) reads fewer bytes than walking each run whole.
 */
function findShapes(bytes: Uint8Array): void {
  const length = bytes.length;
  found.runs = 0;
  found.quotes = 0;
  // Invariant: i is 0 or bytes[i - 1] is not base64, so a run that starts at or after i starts there.
  let i = 0;
  while (i + STRIDE <= length) {
    const probe = i + STRIDE - 1;
    const c = bytes[probe] as number;
    if (NEAR_QUOTE[c] === 1) {
      // A joiner or quote: maybe between a joint's quotes. Its first quote comes after a base64
      // byte, so after i (bytes[i - 1] is not base64).
      let at = probe;
      while (at > i && JOINER[bytes[at] as number] === 1) at--;
      if (QUOTE[bytes[at] as number] === 1) addQuote(at);
    }
    // Base64, "+" included (a joiner too): a run of 20, or a joint's side.
    if (BASE64[c] === 1) {
      let start = probe;
      while (start > i && BASE64[bytes[start - 1] as number] === 1) start--;
      if (
        start >= 2 &&
        QUOTE[bytes[start - 1] as number] === 1 &&
        NEAR_QUOTE[bytes[start - 2] as number] === 1
      ) {
        addQuote(start - 1);
      }
      // A run that starts after i: the next probe, 17 bytes into it, tells whether it is 18 long.
      if (start > i) {
        i = start;
        continue;
      }
      let end = probe + 1;
      while (end < length && BASE64[bytes[end] as number] === 1) end++;
      if (end - start >= 20) addRun(start, end);
      if (
        end + 1 < length &&
        QUOTE[bytes[end] as number] === 1 &&
        NEAR_QUOTE[bytes[end + 1] as number] === 1
      ) {
        addQuote(end);
      }
      i = end + 1;
      continue;
    }
    i = probe + 1;
  }
}

function addRun(start: number, end: number): void {
  if (found.runs === runs.length) runs = grown(runs);
  runs[found.runs] = start;
  runs[found.runs + 1] = end;
  found.runs += 2;
}

function addQuote(at: number): void {
  if (found.quotes === quotes.length) quotes = grown(quotes);
  quotes[found.quotes++] = at;
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(2 * array.length);
  larger.set(array);
  return larger;
}

/** The quote at `at` as the first of a joint, or as the second. */
function quoteMayJoin(bytes: Uint8Array, at: number): boolean {
  if (at > 0 && BASE64[bytes[at - 1] as number] === 1 && joinedAcrossQuotes(bytes, at) >= 16) return true;
  const first = quoteBefore(bytes, at);
  return first > 0 && BASE64[bytes[first - 1] as number] === 1 && joinedAcrossQuotes(bytes, first) >= 16;
}

const PREFIXES = TOKEN_PREFIXES.map((prefix) => Buffer.from(prefix));

/** A run of 20 or more, with the tests of the rules that need one. */
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
 * A key ID's shape, bounded as the rule bounds it: an "A" (every key ID prefix starts with one) and
 * 19 more of A-Z0-9, with no letter or digit just before or after (find-candidates reports a key ID
 * only then; one glued to an escape, `\nAKIA…`, is the escape test's). In a run, that is a whole
 * stretch of exactly 20 of A-Z0-9 between `+`, `/` or the run's ends; random base64 (a lock file's
 * integrity hashes) often holds 20 of A-Z0-9 in a longer stretch of letters, never as a key ID.
 * Skips ahead as the run search does: when the byte at i + 19 is not A-Z0-9, no such 20 starts in
 * [i, i + 19].
 */
function hasKeyIdShape(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i + 20 <= end) {
    const probe = i + 19;
    if (UPPER[bytes[probe] as number] === 0) {
      i = probe + 1;
      continue;
    }
    // The whole stretch of A-Z0-9 around the probe (bytes[i - 1], if in the run, is not A-Z0-9).
    let first = probe;
    while (first > i && UPPER[bytes[first - 1] as number] === 1) first--;
    let last = probe + 1;
    while (last < end && UPPER[bytes[last] as number] === 1) last++;
    if (
      last - first === 20 &&
      bytes[first] === 65 &&
      ALNUM[bytes[first - 1] as number] !== 1 &&
      ALNUM[bytes[last] as number] !== 1
    ) {
      return true;
    }
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
  let i = start;
  // Four characters give three bytes.
  for (; i + 4 <= end; i += 4) {
    const bits =
      ((SEXTET[bytes[i] as number] as number) << 18) |
      ((SEXTET[bytes[i + 1] as number] as number) << 12) |
      ((SEXTET[bytes[i + 2] as number] as number) << 6) |
      (SEXTET[bytes[i + 3] as number] as number);
    bad +=
      (UNPRINTABLE[bits >>> 16] as number) +
      (UNPRINTABLE[(bits >>> 8) & 0xff] as number) +
      (UNPRINTABLE[bits & 0xff] as number);
    if (bad > allowed) return false;
  }
  // Two or three characters left give one or two bytes (one gives none).
  if (end - i >= 2) {
    const bits = ((SEXTET[bytes[i] as number] as number) << 6) | (SEXTET[bytes[i + 1] as number] as number);
    bad += UNPRINTABLE[bits >>> 4] as number;
    if (end - i === 3) {
      bad += UNPRINTABLE[((bits & 0xf) << 4) | ((SEXTET[bytes[i + 2] as number] as number) >>> 2)] as number;
    }
  }
  return bad <= allowed;
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

/** 1 for each byte of the class: base64 `A-Za-z0-9+/`, key ID `A-Z0-9`, letters and digits, quotes `"'\``. */
const BASE64 = byteClass("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const UPPER = byteClass("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
const ALNUM = byteClass("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
const QUOTE = byteClass("\"'`");
/** 1 for a-z, 2 for A-Z (a secret key has both). */
const CASE = new Uint8Array(256);
for (let c = 97; c <= 122; c++) CASE[c] = 1;
for (let c = 65; c <= 90; c++) CASE[c] = 2;
/** What decodeBase64Text counts as printable: 0x20-0x7e, tab, line feed, carriage return. */
const PRINTABLE = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) PRINTABLE[c] = 1;
for (const c of [9, 10, 13]) PRINTABLE[c] = 1;
const UNPRINTABLE = PRINTABLE.map((printable) => 1 - printable);
function byteClass(chars: string): Uint8Array {
  const table = new Uint8Array(256);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}
const JOINER = new Uint8Array(256);
for (const c of [32, 9, 10, 13, 92, 43, 46, 38, 124]) JOINER[c] = 1; // space tab \n \r \ + . & |
/** A joiner or a quote: what lies next to a joint's quote, on the joint's side. */
const NEAR_QUOTE = JOINER.map((joiner, c) => joiner | (QUOTE[c] as number));
/** The 6-bit value of each base64 character. */
const SEXTET = new Uint8Array(256);
for (const [k, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) {
  SEXTET[c.charCodeAt(0)] = k;
}
