/**
 * `word` as a POSIX shell reads it back as one word: as is when it holds only characters no shell
 * treats specially, else in single quotes. For the commands ssoenv prints for the user to run: the
 * scanner's hints, and the CLI's (`@ssoenv/secret-scan/shell-word`, which loads nothing else).
 *
 * A file name's bytes that are not UTF-8 (held as U+DC80-U+DCFF: pathFromBytes) cannot be typed between single quotes: such a word is written `$'lat\351.env'`,
 * the bytes in octal, as GNU ls quotes such names (bash, zsh, ksh and POSIX.1-2024 shells read it).
 *
 * @example shellWord("my dev") // "'my dev'"
 * @example shellWord("lat\udce9.env") // "$'lat\\351.env'"
 */
export function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  if (/[\udc80-\udcff]/u.test(word)) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are written in octal too
    return `$'${word.replace(/[\udc80-\udcff\u0000-\u001f\u007f\\']/gu, (c) => (c === "\\" || c === "'" ? `\\${c}` : `\\${(c.charCodeAt(0) & 0xff).toString(8).padStart(3, "0")}`))}'`;
  }
  return `'${word.replaceAll("'", "'\\''")}'`;
}
