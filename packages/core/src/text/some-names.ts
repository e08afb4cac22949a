/**
 * `names` shortened for one line, the one way ssoenv shortens a list of profile names: all of them
 * when there are at most `max` (default 4: three and a count keep a sentence short), else the first `max - 1` and how many more ("dev, stg, svc1 and 17
 * more"; never "and 1 more", whose name fits in its place). The caller orders them and says where
 * the whole list is.
 *
 * @example someNames(["dev", "stg", "a", "b", "c"], 4) // "dev, stg, a and 2 more"
 */
export function someNames(names: readonly string[], max = 4): string {
  if (names.length <= max) return names.join(", ");
  const shown = Math.max(1, max - 1);
  return `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}
