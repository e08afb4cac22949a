import { redactSecrets } from "./secret-registry.js";

// ESC-introduced sequences (CSI, OSC up to BEL or ST, and two-byte escapes), then any C0/C1
// control character or DEL left: none of them belongs in a one-line message on a terminal.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u009c]*[\u0007\u009c]?|\u001b[@-_]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * Text that came from a server (or any other untrusted source), made safe to print on one line:
 * terminal escape sequences and control characters removed (a server cannot retitle the terminal,
 * move the cursor or forge a line), every secret ssoenv holds redacted, and at most `maxLength`
 * characters kept.
 *
 * @example cleanServerText("\u001b]0;pwned\u0007denied") // "denied"
 */
export function cleanServerText(text: string, maxLength = 200): string {
  // Stripped first, redacted after: a secret split by escape sequences must not come back whole.
  const plain = redactSecrets(
    String(text).replace(ESCAPE_SEQUENCE, "").replace(CONTROL, " ").replace(/\s+/g, " ").trim(),
  );
  return plain.length > maxLength ? `${plain.slice(0, maxLength - 1)}…` : plain;
}
