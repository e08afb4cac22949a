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

// The serialized header every current STS session token starts with ("!\n\torigin_ec"): 12 bytes,
// so its base64 ("IQoJb3JpZ2luX2Vj") is the token's first 16 characters whatever follows.
const SESSION_TOKEN_HEADER = Buffer.from("IQoJb3JpZ2luX2Vj", "base64");

/**
 * An STS session token as AWS hands them out: standard base64 (`A-Za-z0-9+/`, `=` padding) of a
 * binary blob that starts with a fixed header, several hundred characters long and not of one fixed
 * length (AWS says not to assume a size), so some end in `=` or `==`.
 */
export function randomSessionToken(): string {
  const body = randomBytes(560 + randomInt(200));
  return Buffer.concat([SESSION_TOKEN_HEADER, body]).toString("base64");
}

/**
 * An SSO OIDC access (`aoa`) or refresh (`aor`) token in AWS's shape: the prefix, a base64url body,
 * a colon, then a standard-base64 DER ECDSA P-384 signature (`MGUCM…`, SEQUENCE of two INTEGERs).
 */
export function randomOidcToken(prefix: "aoa" | "aor"): string {
  const r = randomBytes(48);
  const s = randomBytes(48);
  // DER: an INTEGER with its high bit set gets a leading 0 byte; keep one shape by clearing r's and setting s's.
  r[0] = (r[0] ?? 0) & 0x7f;
  s[0] = (s[0] ?? 0) | 0x80;
  const signature = Buffer.concat([
    Buffer.from([0x30, 0x65, 0x02, 0x30]),
    r,
    Buffer.from([0x02, 0x31, 0x00]),
    s,
  ]);
  return `${prefix}${randomToken(96)}:${signature.toString("base64")}`;
}

/** An SSO OIDC client secret in AWS's shape: a JWT (`eyJraWQi…`) whose payload carries a serialized blob. */
export function randomClientSecret(): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = part({ kid: `key-${1_500_000_000 + randomInt(200_000_000)}`, alg: "HS384" });
  const payload = part({ serialized: randomBytes(180).toString("base64") });
  return `${header}.${payload}.${randomToken(48)}`;
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
