/** `text` with its first letter in lower case: core's sentence ("The SSO token cache file …") as a clause. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
