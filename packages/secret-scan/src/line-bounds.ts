/**
 * Line boundaries searched at most `limit` characters away. `lastIndexOf("\n")` and `indexOf("\n")`
 * on the whole text scan to its start or end when there is no newline, which on a one-line minified
 * file with many anchors turns a linear scan into a quadratic one; searched in a slice of `limit`
 * characters (a view, not a copy), they stay bounded and run as native code from the first call.
 */
export function lineStartBefore(text: string, at: number, limit: number): number {
  const end = Math.min(at, text.length);
  const stop = Math.max(0, at - limit);
  if (end <= stop) return stop;
  const newline = text.slice(stop, end).lastIndexOf("\n");
  return newline === -1 ? stop : stop + newline + 1;
}

/** Offset of the next "\n" at or after `at`, or `at + limit` (capped at the end of the text). */
export function lineEndAfter(text: string, at: number, limit: number): number {
  const start = Math.max(0, at);
  const stop = Math.min(text.length, at + limit);
  if (stop <= start) return stop;
  const newline = text.slice(start, stop).indexOf("\n");
  return newline === -1 ? stop : start + newline;
}
