import { createHash, randomBytes, randomInt } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const USER_CODE_CHARS = "BCDFGHJKLMNPQRSTVWXZ";
/** The alphabet of secret access keys, built (not written out) so no secret-looking literal is committed. */
const SECRET_CHARS = [range("A", 26), range("a", 26), range("0", 10), "+/"].join("");

/** `n` random characters from `alphabet`. */
export function randomChars(alphabet: string, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** URL-safe random token of `bytes` random bytes. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/** A temporary access key id: "ASIA" + 16 base32 characters, the shape AWS uses. */
export function randomAccessKeyId(): string {
  return `ASIA${randomChars(BASE32, 16)}`;
}

/** A 40-character secret access key. */
export function randomSecretAccessKey(): string {
  return randomChars(SECRET_CHARS, 40);
}

/** A user code like "BCDF-GHJK" (no vowels, so no words). */
export function randomUserCode(): string {
  return `${randomChars(USER_CODE_CHARS, 4)}-${randomChars(USER_CODE_CHARS, 4)}`;
}

/** A request id in the UUID form AWS uses. */
export function randomRequestId(): string {
  return crypto.randomUUID();
}

/** Deterministic hex of `length` characters derived from `input` (stable ids across calls). */
export function stableHex(input: string, length: number): string {
  return createHash("sha256").update(input).digest("hex").slice(0, length);
}

/** Deterministic upper-case base32 of `length` characters derived from `input`. */
export function stableBase32(input: string, length: number): string {
  const digest = createHash("sha256").update(input).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += BASE32[(digest[i] ?? 0) % 32];
  return out;
}

function range(first: string, count: number): string {
  return String.fromCharCode(...Array.from({ length: count }, (_, i) => first.charCodeAt(0) + i));
}
