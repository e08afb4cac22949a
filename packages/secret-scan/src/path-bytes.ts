import { isUtf8 } from "node:buffer";

/**
 * File names are bytes, and not always UTF-8 (lat\xe9.env, written by a Latin-1 system). Node.js
 * decodes such a name lossily (each bad byte becomes U+FFFD): the name printed, and any command
 * built from it, then names a file that does not exist. The scanner keeps the name whole the way
 * Python does (PEP 383, "surrogateescape"): each byte that is not part of a UTF-8 character becomes
 * the lone surrogate U+DC80-U+DCFF (0x80 + its value). A UTF-8 name is unchanged; no UTF-8 name
 * holds a lone surrogate, so the two never mix up. JSON.stringify writes them as `\udce9`, which
 * Python's json and os.fsencode turn back into the name's bytes.
 *
 * @example pathFromBytes(Buffer.from([0x6c, 0x61, 0x74, 0xe9])) // "lat\udce9"
 */
export function pathFromBytes(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  let path = "";
  let at = 0;
  while (at < bytes.length) {
    const length = utf8CharLength(bytes, at);
    if (length > 0) {
      path += bytes.toString("utf8", at, at + length);
      at += length;
    } else {
      path += String.fromCharCode(0xdc00 + (bytes[at] as number));
      at++;
    }
  }
  return path;
}

/** A name of {@link pathFromBytes} as the bytes it stands for. */
export function pathToBytes(path: string): Buffer {
  if (!ESCAPED_BYTE_RE.test(path)) return Buffer.from(path);
  return Buffer.concat(
    path
      .split(ESCAPED_BYTES_RE)
      .map((part, i) =>
        i % 2 === 0 ? Buffer.from(part) : Buffer.from(Array.from(part, (c) => c.charCodeAt(0) - 0xdc00)),
      ),
  );
}

/** Whether a name of {@link pathFromBytes} holds bytes that are not UTF-8. */
export function hasEscapedBytes(path: string): boolean {
  return ESCAPED_BYTE_RE.test(path);
}

const ESCAPED_BYTE_RE = /[\udc80-\udcff]/u;
/** Runs of escaped bytes, captured: split() puts them at odd indexes. */
const ESCAPED_BYTES_RE = /([\udc80-\udcff]+)/u;

/** The length of the UTF-8 character at `at`, or 0 when the bytes there are not one. */
function utf8CharLength(bytes: Buffer, at: number): number {
  const lead = bytes[at] as number;
  const length =
    lead < 0x80
      ? 1
      : lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
  // isUtf8 refuses overlong forms, surrogates and code points past U+10FFFF.
  return length > 0 && at + length <= bytes.length && isUtf8(bytes.subarray(at, at + length)) ? length : 0;
}
