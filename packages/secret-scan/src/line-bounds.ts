/**
 * Line boundaries searched at most `limit` characters away. `lastIndexOf("\n")` and `indexOf("\n")`
 * scan to the start or end of the text when there is no newline, which on a one-line minified file
 * with many anchors turns a linear scan into a quadratic one.
 */
export function lineStartBefore(text: string, at: number, limit: number): number {
  const stop = Math.max(0, at - limit);
  for (let i = Math.min(at, text.length) - 1; i >= stop; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return stop;
}

/** Offset of the next "\n" at or after `at`, or `at + limit` (capped at the end of the text). */
export function lineEndAfter(text: string, at: number, limit: number): number {
  const stop = Math.min(text.length, at + limit);
  for (let i = Math.max(0, at); i < stop; i++) if (text.charCodeAt(i) === 10) return i;
  return stop;
}
