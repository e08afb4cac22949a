/**
 * Shape checks that tell a real credential from things that merely look like one: documentation
 * examples, placeholders, low-entropy filler, hex hashes and camelCase identifiers. Thresholds were
 * set on 200,000 random keys each, so a real (random) key fails them with a probability below 1e-5.
 */

// AWS documentation examples all carry EXAMPLE (AKIAIOSFODNN7EXAMPLE, wJalr…EXAMPLEKEY, AQoEXAMPLE…).
const DOC_EXAMPLE = "EXAMPLE";
// Words people put in fake key IDs (AKIAYOURACCESSKEYID…); 5+ letters keeps the chance of a random
// base32 suffix containing one near 1e-6 (4-letter words like FAKE or XXXX would cost 1e-5 each).
const KEY_ID_PLACEHOLDER_RE =
  /YOURKEY|YOURACCESS|FAKEKEY|TESTKEY|DUMMY|SAMPLE|PLACEHOLDER|REPLACE|CHANGEME|XXXXX|ACCESSKEY/;
const SECRET_PLACEHOLDER_RE = /example|placeholder|changeme|replace|dummy|sample|yoursecret|secretkey|xxxxx/i;
const HEX_RE = /^[0-9a-fA-F]+$/;

/** True for a 20-character access key ID that is not an example, placeholder or filler. */
export function isLikelyKeyId(id: string): boolean {
  if (id.includes(DOC_EXAMPLE)) return false;
  const suffix = id.slice(4);
  if (KEY_ID_PLACEHOLDER_RE.test(suffix)) return false;
  // Random 16-char base32: at least 7 distinct symbols (observed minimum over 200k samples).
  if (countDistinct(suffix) < 7) return false;
  return !isSequential(suffix);
}

/** True for a 40-character secret access key candidate that looks random. */
export function isLikelySecretKey(value: string): boolean {
  if (value.length !== 40 || value.includes(DOC_EXAMPLE)) return false;
  // Both cases (which also rules out lower-case sha1 and git object ids), but not hex.
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || HEX_RE.test(value)) return false;
  if (countDistinct(value) < 18) return false;
  if (SECRET_PLACEHOLDER_RE.test(value)) return false;
  if (isSequential(value)) return false;
  // camelCase identifiers (getAwsSecretAccessKeyFromEnvironment…) are mostly words.
  return wordFraction(value) < 0.85;
}

/** True for a session token candidate (long base64) that looks random. */
export function isLikelySessionToken(value: string): boolean {
  if (value.length < 100 || value.includes(DOC_EXAMPLE)) return false;
  if (HEX_RE.test(value)) return false;
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  if (countDistinct(value) < 30) return false;
  return wordFraction(value) < 0.6;
}

function countDistinct(value: string): number {
  return new Set(value).size;
}

// ABCDEFGH… or 12345678…: runs of 8+ consecutive code points are filler, not randomness.
function isSequential(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= 8) return true;
  }
  return false;
}

const WORD_RE = /[a-z]{3,}|[A-Z][a-z]{2,}/g;
function wordFraction(value: string): number {
  let inWords = 0;
  for (const match of value.matchAll(WORD_RE)) inWords += match[0].length;
  return inWords / value.length;
}
