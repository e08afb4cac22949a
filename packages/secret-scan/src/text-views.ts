import { type Candidate, findCandidates } from "./find-candidates.js";

/** A candidate found in a decoded view, with its offset mapped back to the original text. */
export interface ViewCandidate extends Omit<Candidate, "encoding"> {
  encoding: "percent" | "escaped" | "split" | "base64";
}

interface View {
  encoding: "percent" | "escaped" | "split";
  /** Where a view is worth building: something in the text is encoded this way. */
  trigger: RegExp;
  /** What to replace in a region, and with what. */
  decode: RegExp;
  replace: (match: string) => string;
  /** Decode the result again (JSON inside a JSON string is escaped twice). */
  passes: number;
}

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };

const VIEWS: readonly View[] = [
  {
    // URLs: `?aws_secret_access_key=abc%2Bdef…`, `s3://KEY:SECRET%2F…@bucket`.
    encoding: "percent",
    trigger: /%[0-9A-Fa-f]{2}/g,
    decode: /%[0-9A-Fa-f]{2}/g,
    replace: (m) => String.fromCharCode(Number.parseInt(m.slice(1), 16)),
    passes: 2,
  },
  {
    // Escaped strings: `"{\"k\":\"…\\/…\"}"`, `\nAKIA…`, `\u0041KIA…`.
    encoding: "escaped",
    trigger: /\\(?:[\\/"'nrtbf]|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})/g,
    decode: /\\(?:[\\/"'nrtbf]|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})/g,
    replace: (m) => {
      const c = m[1] as string;
      if (c === "u" || c === "x") return String.fromCharCode(Number.parseInt(m.slice(2), 16));
      return ESCAPES[c] ?? c;
    },
    passes: 2,
  },
  {
    // A secret split across literals: `"wJal…" + "…KEY"`, Python's `"ab" "cd"`, PHP's `'ab' . 'cd'`,
    // also across a line break. Only joins between two base64 characters matter.
    encoding: "split",
    trigger: /[A-Za-z0-9+/]["'`]\s*(?:\+|\.|&|\|\|)?\s*(?:\\\r?\n\s*)?["'`][A-Za-z0-9+/]/g,
    decode: /(?<=[A-Za-z0-9+/])["'`]\s*(?:\+|\.|&|\|\|)?\s*(?:\\\r?\n\s*)?["'`](?=[A-Za-z0-9+/])/g,
    replace: () => "",
    passes: 1,
  },
];

const REGION_RADIUS = 2000; // minified bundles: look this far around a trigger, not the whole line

/**
 * Candidates visible only once the text is decoded: percent-encoding, backslash escapes, string
 * concatenation. Only regions around a trigger are decoded (the line before, for its names), so
 * files without such encodings cost one regex pass per view.
 */
export function findInViews(text: string): ViewCandidate[] {
  const out: ViewCandidate[] = [];
  for (const view of VIEWS) {
    for (const [start, end] of triggerRegions(text, view.trigger)) {
      const region = text.slice(start, end);
      let decoded = region;
      let map: number[] | undefined;
      for (let pass = 0; pass < view.passes; pass++) {
        const next = decodeWithMap(decoded, view.decode, view.replace);
        if (next.text === decoded) break;
        map = map ? next.map.map((i) => (map as number[])[i] as number) : next.map;
        decoded = next.text;
      }
      if (!map) continue;
      for (const c of findCandidates(decoded)) {
        out.push({
          rule: c.rule,
          secret: c.secret,
          start: start + (map[c.start] ?? 0),
          encoding: view.encoding,
        });
      }
    }
  }
  return out;
}

function triggerRegions(text: string, trigger: RegExp): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  trigger.lastIndex = 0;
  for (let m = trigger.exec(text); m; m = trigger.exec(text)) {
    const at = m.index;
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    const prevLineStart = lineStart > 0 ? text.lastIndexOf("\n", lineStart - 2) + 1 : 0;
    let lineEnd = text.indexOf("\n", at + m[0].length);
    if (lineEnd === -1) lineEnd = text.length;
    const start = Math.max(prevLineStart, at - REGION_RADIUS);
    const end = Math.min(lineEnd, at + REGION_RADIUS);
    const last = regions[regions.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else regions.push([start, end]);
    trigger.lastIndex = Math.max(trigger.lastIndex, end);
  }
  return regions;
}

/** Replaces every match and records, for each output character, its offset in the input. */
function decodeWithMap(
  input: string,
  pattern: RegExp,
  replace: (match: string) => string,
): { text: string; map: number[] } {
  let text = "";
  const map: number[] = [];
  let last = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(input); m; m = pattern.exec(input)) {
    for (let i = last; i < m.index; i++) map.push(i);
    text += input.slice(last, m.index);
    const replacement = replace(m[0]);
    for (let i = 0; i < replacement.length; i++) map.push(m.index);
    text += replacement;
    last = m.index + m[0].length;
    if (m[0].length === 0) pattern.lastIndex++;
  }
  for (let i = last; i < input.length; i++) map.push(i);
  text += input.slice(last);
  map.push(input.length);
  return { text, map };
}
