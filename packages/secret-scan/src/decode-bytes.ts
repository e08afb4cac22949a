/** How many leading bytes decide "binary" (git looks at the first 8000 bytes for a NUL, as here). */
const SNIFF_BYTES = 8000;

/**
 * File bytes to text: UTF-8 (BOM dropped), UTF-16 LE/BE with a BOM — or without one when every other
 * byte is NUL — and `undefined` for binary files (a NUL byte in the first 8000 bytes otherwise).
 */
export function decodeBytes(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString("utf16le", 2);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return swapBytes(buffer.subarray(2)).toString("utf16le");
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.toString("utf8", 3);
  const sniff = buffer.subarray(0, SNIFF_BYTES);
  if (sniff.indexOf(0) === -1) return buffer.toString("utf8");
  const utf16 = guessUtf16(sniff);
  if (utf16 === "le") return buffer.toString("utf16le");
  if (utf16 === "be") return swapBytes(buffer).toString("utf16le");
  return undefined;
}

/** How `decodeBytes` reads bytes that start with these (the first 8000 bytes decide). */
export function textEncodingOf(bytes: Uint8Array): "utf8" | "utf16le" | "utf16be" | "binary" {
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  if (sniff[0] === 0xff && sniff[1] === 0xfe) return "utf16le";
  if (sniff[0] === 0xfe && sniff[1] === 0xff) return "utf16be";
  if (sniff[0] === 0xef && sniff[1] === 0xbb && sniff[2] === 0xbf) return "utf8";
  if (sniff.indexOf(0) === -1) return "utf8";
  const utf16 = guessUtf16(sniff);
  return utf16 === "le" ? "utf16le" : utf16 === "be" ? "utf16be" : "binary";
}

/**
 * Text to scan from file bytes: `decodeBytes`, and Latin-1 for binary files. A key stored in plain
 * text inside a binary file (a SQLite database, a core dump, a pickled object) is still plain text.
 */
export function scannableText(bytes: Uint8Array): string {
  return (
    decodeBytes(bytes) ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")
  );
}

// BOM-less UTF-16 of ASCII-ish text: NUL in (nearly) every odd byte (LE) or every even byte (BE).
function guessUtf16(sniff: Uint8Array): "le" | "be" | undefined {
  const pairs = Math.floor(sniff.length / 2);
  if (pairs < 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i + 1 < sniff.length; i += 2) {
    if (sniff[i] === 0) evenZero++;
    if (sniff[i + 1] === 0) oddZero++;
  }
  if (oddZero / pairs > 0.9 && evenZero / pairs < 0.1) return "le";
  if (evenZero / pairs > 0.9 && oddZero / pairs < 0.1) return "be";
  return undefined;
}

function swapBytes(input: Uint8Array): Buffer {
  const out = Buffer.alloc(input.length - (input.length % 2));
  for (let i = 0; i + 1 < input.length; i += 2) {
    out[i] = input[i + 1] as number;
    out[i + 1] = input[i] as number;
  }
  return out;
}
