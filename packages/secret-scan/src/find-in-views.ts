import { type Candidate, findCandidates, isBase64Char } from "./find-candidates.js";
import { lineEndAfter, lineStartBefore } from "./line-bounds.js";

/** A candidate found in a decoded view, with its offset mapped back to the original text. */
export interface ViewCandidate extends Omit<Candidate, "encoding"> {
  encoding: "percent" | "escaped" | "split";
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
  /** Characters the trigger match takes from the base64 runs on its left and right. */
  overlap: number;
  /** A character every trigger match contains: zones without it are skipped with one indexOf. */
  marker?: string;
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
    overlap: 0,
    marker: "%",
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
    overlap: 0,
    marker: "\\",
  },
  {
    // A secret split across literals: `"wJal…" + "…KEY"`, Python's `"ab" "cd"`, PHP's `'ab' . 'cd'`,
    // also across a line break. Only joins between two base64 characters matter. Bounded
    // whitespace: `\s*` on both sides of an optional operator backtracks quadratically.
    encoding: "split",
    trigger:
      /[A-Za-z0-9+/]["'`][ \t]{0,16}(?:\+|\.|&|\|\|)?[ \t]{0,16}(?:\\?\r?\n[ \t]{0,64}(?:(?:\+|\.|&|\|\|)[ \t]{0,16})?)?["'`][A-Za-z0-9+/]/g,
    decode:
      /(?<=[A-Za-z0-9+/])["'`][ \t]{0,16}(?:\+|\.|&|\|\|)?[ \t]{0,16}(?:\\?\r?\n[ \t]{0,64}(?:(?:\+|\.|&|\|\|)[ \t]{0,16})?)?["'`](?=[A-Za-z0-9+/])/g,
    replace: () => "",
    passes: 1,
    overlap: 1,
  },
];

const REGION_RADIUS = 2000; // minified bundles: look this far around a trigger, not the whole line
// Decoding only pays off where it joins base64 runs into something key-sized (a key ID is 20).
const MIN_JOINED_RUN = 16;

// The loops over zones and regions index their pairs: destructured (`for (const [a, b] of …)`), each
// pair went through the iterator protocol, and V8's optimizing compiler took several ms more on
// these functions during a scan's first files.

/**
 * Candidates visible only once the text is decoded: percent-encoding, backslash escapes, string
 * concatenation. Triggers are only searched in zones around names and key IDs (an encoded secret
 * still needs one of them nearby), and only a trigger that joins key-sized base64 runs gets its
 * lines (and the line before, for names) decoded and scanned again.
 */
export function findInViews(text: string, anchors: ReadonlyArray<[number, number]>): ViewCandidate[] {
  const out: ViewCandidate[] = [];
  if (anchors.length === 0) return out;
  // Most texts hold no `%` and no `\`: those views need not visit each zone to find none.
  const views = VIEWS.filter((view) => view.marker === undefined || text.includes(view.marker));
  const zones = mergeZones(text, anchors);
  for (const view of views) {
    const regions = triggerRegions(text, view, zones);
    for (let k = 0; k < regions.length; k++) {
      const bounds = regions[k] as [number, number];
      const start = bounds[0];
      const end = bounds[1];
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

/**
 * Where views may matter: around names and key IDs (an encoded secret still needs one of them
 * nearby), widened to whole lines plus the line before, merged.
 */
function mergeZones(text: string, anchors: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const sorted = anchors.slice().sort((a, b) => a[0] - b[0]);
  const zones: Array<[number, number]> = [];
  // lineEndAfter(text, at, REGION_RADIUS) with a native search: `newline` is the first "\n" at or
  // after `searchedFrom` (text.length: none), so an `at` in between needs no search at all and the
  // text is searched about once in all, even when it is one long line.
  let searchedFrom = -1;
  let newline = -1;
  const lineEnd = (at: number): number => {
    if (at < searchedFrom || at > newline) {
      searchedFrom = at;
      newline = text.indexOf("\n", at);
      if (newline === -1) newline = text.length;
    }
    return Math.min(newline, at + REGION_RADIUS, text.length);
  };
  for (let k = 0; k < sorted.length; k++) {
    const anchor = sorted[k] as [number, number];
    const at = Math.max(0, anchor[0]);
    const e = anchor[1];
    const last = zones[zones.length - 1];
    // Line bounds are only searched past the current zone, so a dense run of anchors stays linear.
    if (last && at <= last[1]) {
      if (e > last[1]) last[1] = lineEnd(Math.min(text.length, e));
      continue;
    }
    zones.push([previousLineStart(text, at), lineEnd(Math.min(text.length, e))]);
  }
  return zones;
}

function triggerRegions(
  text: string,
  view: View,
  zones: ReadonlyArray<[number, number]>,
): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  // First occurrence of the marker at or after `from`: zones come sorted by start, so the text is
  // searched for it about once in all, and a zone without it costs nothing.
  let from = 0;
  let marker = view.marker === undefined ? 0 : text.indexOf(view.marker);
  for (let k = 0; k < zones.length; k++) {
    const bounds = zones[k] as [number, number];
    const zoneStart = bounds[0];
    const zoneEnd = bounds[1];
    if (view.marker !== undefined) {
      // `marker` is the first occurrence at or after `from` (-1: none there).
      if (zoneStart < from || (marker !== -1 && marker < zoneStart)) {
        marker = text.indexOf(view.marker, zoneStart);
      }
      from = zoneStart;
      if (marker === -1 || marker >= zoneEnd) continue;
    }
    const zone = text.slice(zoneStart, zoneEnd);
    const inZone = triggerRegionsIn(zone, view);
    for (let r = 0; r < inZone.length; r++) {
      const region = inZone[r] as [number, number];
      regions.push([region[0] + zoneStart, region[1] + zoneStart]);
    }
  }
  return regions;
}

function triggerRegionsIn(text: string, view: View): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  const trigger = view.trigger;
  trigger.lastIndex = 0;
  for (let m = trigger.exec(text); m; m = trigger.exec(text)) {
    const at = m.index;
    const after = at + m[0].length;
    if (!joinsLongRuns(text, at + view.overlap, after - view.overlap, view)) {
      trigger.lastIndex = after - view.overlap;
      continue;
    }
    const start = previousLineStart(text, at);
    const end = lineEndAfter(text, after, REGION_RADIUS);
    const last = regions[regions.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else regions.push([start, end]);
    trigger.lastIndex = Math.max(trigger.lastIndex, end);
  }
  return regions;
}

/**
 * Base64 characters just before `left` plus just after `right` reach MIN_JOINED_RUN. Other escapes
 * of the same kind (`%2F`, `\/`) count as one character: a secret may hold several.
 */
function joinsLongRuns(text: string, left: number, right: number, view: View): boolean {
  const escapeCode = view.encoding === "percent" ? 37 : view.encoding === "escaped" ? 92 : -1;
  const width = view.encoding === "percent" ? 3 : 2;
  let n = 0;
  for (let i = left - 1; i >= 0 && n < MIN_JOINED_RUN; i--) {
    if (text.charCodeAt(i - width + 1) === escapeCode) i -= width - 1;
    else if (!isBase64Char(text.charCodeAt(i))) break;
    n++;
  }
  for (let i = right; i < text.length && n < MIN_JOINED_RUN; i++) {
    if (text.charCodeAt(i) === escapeCode) i += width - 1;
    else if (!isBase64Char(text.charCodeAt(i))) break;
    n++;
  }
  return n >= MIN_JOINED_RUN;
}

/** Start of the line before the one holding `at` (its names are context), at most REGION_RADIUS back. */
function previousLineStart(text: string, at: number): number {
  const lineStart = lineStartBefore(text, at, REGION_RADIUS);
  if (lineStart === 0 || text.charCodeAt(lineStart - 1) !== 10) return lineStart;
  return lineStartBefore(text, lineStart - 1, REGION_RADIUS - (at - lineStart));
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
