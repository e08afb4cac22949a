import { redactSecrets } from "./secret-registry.js";

// ESC-introduced sequences (CSI, OSC up to BEL or ST, and two-byte escapes), then any C0/C1
// control character or DEL left: none of them belongs in a one-line message on a terminal.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u009c]*[\u0007\u009c]?|\u001b[@-_]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

// What anyone can tell is an AWS credential without knowing it: an access key id (IAM user AKIA,
// STS ASIA, ABIA, ACCA) and an STS session token's opening. A key pasted where a value goes (a flag, a
// profile name) would otherwise be named back whole. Kept as the scanner prints one: four characters.
const CREDENTIAL_SHAPED =
  /\b(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b|\b(IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9+/=]*/g;

/**
 * Text that came from a server (or any other untrusted source), made safe to print on one line:
 * terminal escape sequences and control characters removed (a server cannot retitle the terminal,
 * move the cursor or forge a line), every secret ssoenv holds redacted, so is anything shaped like
 * an access key id or a session token, and at most `maxLength` characters kept.
 *
 * @example cleanServerText("\u001b]0;pwned\u0007denied") // "denied"
 */
export function cleanServerText(text: string, maxLength = 200): string {
  // Stripped first, redacted after: a secret split by escape sequences must not come back whole.
  const plain = redactSecrets(
    String(text).replace(ESCAPE_SEQUENCE, "").replace(CONTROL, " ").replace(/\s+/g, " ").trim(),
  ).replace(CREDENTIAL_SHAPED, (credential) => `${credential.slice(0, 4)}…`);
  return plain.length > maxLength ? `${plain.slice(0, maxLength - 1)}…` : plain;
}
