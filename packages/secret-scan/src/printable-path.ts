/**
 * C0 and C1 control characters, DEL, Unicode line separators and bidirectional overrides (they can
 * make a line read as another), the backslash and quote that the quoting itself uses, and the bytes
 * of a name that are not UTF-8 (see pathFromBytes).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\udc80-\udcff\\"]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_CHAR_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\udc80-\udcff\\"]/gu;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\", '"': '\\"' };

/**
 * A file name as it is safe to print on a terminal or in a line-based report: unchanged when it
 * holds no control character, backslash or double quote; otherwise quoted the way git quotes
 * (`"a\nb"`, `"\x1b[31m"`), so a name cannot end a line early, forge another one, or send escape
 * sequences to the terminal. A byte that is not UTF-8 (pathFromBytes) is written in octal, as
 * `git status` writes it (`"lat\351.env"`): the name printed is the file's, not a lookalike.
 *
 * @example
 * printablePath("ok.env");     // ok.env
 * printablePath("a\nb.env");   // "a\nb.env"
 * printablePath("lat\udce9.env"); // "lat\351.env"
 */
export function printablePath(path: string): string {
  if (!UNSAFE_RE.test(path)) return path;
  const escaped = path.replace(
    UNSAFE_CHAR_RE,
    (c) =>
      NAMED[c] ??
      (c >= "\udc80" && c <= "\udcff"
        ? `\\${(c.charCodeAt(0) - 0xdc00).toString(8)}`
        : c.charCodeAt(0) > 0xff
          ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`),
  );
  return `"${escaped}"`;
}
