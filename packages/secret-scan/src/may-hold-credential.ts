import { TOKEN_PREFIXES } from "./find-candidates.js";

/**
 * The scanner's prefilter: false only when `scanText` cannot report anything in these bytes, so a
 * file for which it is false need not be decoded or scanned. It reads UTF-8 or Latin-1 bytes (not
 * UTF-16: the caller scans those whole) in one pass, and asks of each shape the rules need:
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
 */
export function mayHoldCredential(bytes: Uint8Array): boolean {
  const length = bytes.length;
  // Most bytes only extend or end a run: one table lookup each. Runs reaching 20 are looked at whole.
  let run = 0;
  for (let i = 0; i < length; i++) {
    const kind = CLASS[bytes[i] as number] as number;
    if ((kind & B64) !== 0) {
      if (++run === 20) {
        let end = i + 1;
        while (end < length && ((CLASS[bytes[end] as number] as number) & B64) !== 0) end++;
        if (runMayHoldCredential(bytes, i - 19, end)) return true;
        i = end - 1;
      }
      continue;
    }
    run = 0;
    if (kind === 0) continue;
    if ((kind & ESCAPE) !== 0) {
      if (escapedRunLength(bytes, i) >= 16) return true;
    } else if (
      // A quote: a split string literal joins the runs on both sides.
      i > 0 &&
      ((CLASS[bytes[i - 1] as number] as number) & B64) !== 0 &&
      joinedAcrossQuotes(bytes, i) >= 16
    ) {
      return true;
    }
  }
  return false;
}

const PREFIXES = TOKEN_PREFIXES.map((prefix) => Buffer.from(prefix));

function runMayHoldCredential(bytes: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n >= 100 || hasKeyIdShape(bytes, start, end)) return true;
  if (n === 40 && hasBothCases(bytes, start, end)) return true;
  // A token found by its prefix starts a run (find-candidates skips one with base64 before it).
  if (n >= 68 && PREFIXES.some((prefix) => startsWith(bytes, start, prefix))) return true;
  // The scanner decodes a run only when decodeBase64Text accepts it (a named value, or one holding
  // a key ID's base64 spelling); what it then reports is inside the decoded text.
  return decodesToText(bytes, start, end);
}

/** An "A" (every key ID prefix starts with one), then 19 more of A-Z0-9. */
function hasKeyIdShape(bytes: Uint8Array, start: number, end: number): boolean {
  let firstA = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (((CLASS[c] as number) & UPPER) === 0) firstA = -1;
    else if (firstA === -1) firstA = c === 65 ? i : -1;
    else if (i - firstA >= 19) return true;
  }
  return false;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  for (let j = 0; j < prefix.length; j++) if (bytes[at + j] !== prefix[j]) return false;
  return true;
}

function hasBothCases(bytes: Uint8Array, start: number, end: number): boolean {
  let lower = false;
  let upper = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
  }
  return lower && upper;
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
      if (
        !((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09) &&
        ++bad > allowed
      ) {
        return false;
      }
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

const B64 = 1;
const UPPER = 2;
const ESCAPE = 4;
const QUOTE_CHAR = 8;
/** What each byte is to the prefilter (0: nothing, most bytes). */
const CLASS = new Uint8Array(256);
for (let c = 48; c <= 57; c++) CLASS[c] = B64 | UPPER;
for (let c = 65; c <= 90; c++) CLASS[c] = B64 | UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = B64;
CLASS[43] = B64; // +
CLASS[47] = B64; // /
CLASS[37] = ESCAPE; // %
CLASS[92] = ESCAPE; // \
for (const c of [34, 39, 96]) CLASS[c] = QUOTE_CHAR; // " ' `
const BASE64 = CLASS.map((kind) => kind & B64);
const QUOTE = CLASS.map((kind) => (kind & QUOTE_CHAR) >> 3);
const JOINER = new Uint8Array(256);
for (const c of [32, 9, 10, 13, 92, 43, 46, 38, 124]) JOINER[c] = 1; // space tab \n \r \ + . & |
/** The 6-bit value of each base64 character. */
const SEXTET = new Uint8Array(256);
for (const [k, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) {
  SEXTET[c.charCodeAt(0)] = k;
}
