import { editDistance } from "./edit-distance.js";

/**
 * The known name a misspelt one was meant to be, for a "did you mean": the same letters in another
 * case or with other punctuation (`dryrun`, `sso_session`, `Dev`), else the nearest at most two edits
 * away (a swap of neighbours is one) with most of it unchanged, so that `x` does not guess `qa`.
 *
 * @example closestName("dve", ["default", "dev", "stg"]) // "dev"
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
  const typed = plain(name);
  const same = known.find((k) => plain(k) === typed);
  if (same) return same;
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const candidate = plain(k);
    const distance = editDistance(candidate, typed);
    const length = Math.max(candidate.length, typed.length);
    // commander's rule for its own "Did you mean": under 60% of the longer word changed.
    const similar = (length - distance) / length > 0.4;
    if (distance <= 2 && similar && (!best || distance < best.distance)) best = { name: k, distance };
  }
  return best?.name;
}
