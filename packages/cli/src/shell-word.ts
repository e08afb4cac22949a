/**
 * `word` as a POSIX shell reads it back as one word: as is when it holds only characters no shell
 * treats specially, else in single quotes. For the commands ssoenv prints for the user to run.
 *
 * @example shellWord("my dev") // "'my dev'"
 */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
