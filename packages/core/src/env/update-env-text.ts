import { SsoenvError } from "../errors.js";
import { validateOptions } from "../validate-options.js";
import { formatEnvValue } from "./format-env-value.js";
import { type EnvEntry, parseEnvEntries } from "./parse-env.js";
import { node20StopsAt, parseEnvLikeNode20 } from "./parse-env-like-node20.js";

/** Names we accept as keys: what a shell, dotenv and docker all accept. */
const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Sets `values` in .env `text` and returns the new text. Only the values of our keys change: every
 * other byte (comments, order, blank lines, `export `, CRLF, a BOM, a missing final newline, lines no
 * reader can parse) stays. Every occurrence of a duplicated key is updated, so whichever one a reader
 * takes (dotenv, python-dotenv and docker all take the last) it gets our value. Keys not yet in the
 * file are appended in the file's newline style (`export KEY=` when every existing line uses `export`),
 * before trailing lines Node.js would glue to them, or before a `=value` line Node.js 20 stops reading
 * at (the other readers skip it); a key of ours Node.js 20's parser, python-dotenv or
 * dotenv (npm) misreads where it stands (after such a line, after a BOM, indented with a tab, before a
 * bare name or a `KEY: value` line of it, after a `=value` line) is written again on a line of its own. Running it again on
 * its result changes nothing. Refuses a file whose lone-CR line ends would hide our keys from Node.js.
 *
 * Keys in `remove` lose their whole line (every occurrence; blank lines and comments around them stay):
 * a file switched to the credentials endpoint must not keep static keys, which every SDK prefers.
 *
 * Works on any string view of the file; `updateEnvFile` passes a latin1 view so bytes that are not
 * UTF-8 survive untouched.
 *
 * @throws SsoenvError ENV_FILE_INVALID for a bad key name, a value no reader form can hold, or a file
 *   whose other lines it would change for a reader (an open quote, lone-CR line ends).
 */
export function updateEnvText(options: {
  text: string;
  values: Readonly<Record<string, string>>;
  remove?: readonly string[];
}): {
  text: string;
  changedKeys: string[];
} {
  validateOptions({
    fn: "updateEnvText",
    options,
    kinds: { text: "string", values: "object", remove: "any" },
    required: ["text", "values"],
    example: 'updateEnvText({ text: "A=1\\n", values: credentialEnv(session) })',
  });
  const { text, values } = options;
  const remove = new Set((options.remove ?? []).filter((key) => !Object.hasOwn(values, key)));
  for (const key of Object.keys(values)) {
    if (!KEY_NAME.test(key)) {
      throw new SsoenvError("ENV_FILE_INVALID", `"${key}" is not a valid .env key name`, {
        hint: "use letters, digits and underscores, not starting with a digit",
      });
    }
  }
  const original = readingsOf(text);
  const before = original.values;
  // The file's line end: CRLF or LF as its first LF says (a stray lone CR is not the file's style)
  const newline = /\r?\n/.exec(text)?.[0] ?? (text.includes("\r") ? "\r" : "\n");
  const bindings = original.entries.filter((entry) => entry.key !== undefined);
  const allExported = bindings.length > 0 && bindings.every((entry) => entry.exported);
  // A line python-dotenv cannot parse with a quote in it (an open quote dotenv (npm) may read further):
  // new lines go last. Not a `=value` line: no reader takes it as a key, nor reads on after it.
  const unparsedLine = original.entries.some((entry) => {
    const line = text.slice(entry.start, entry.end);
    return entry.invalid && /['"`]/.test(line) && !/^\s*=/.test(line);
  });

  let output = "";
  let cursor = 0;
  const seen = new Set<string>();
  for (const entry of original.entries) {
    const { key, valueStart, valueEnd } = entry;
    if (key !== undefined && remove.has(key) && valueStart !== undefined) {
      // From the start of the key's line (the entry's leading blank lines stay) through its line break.
      const lineStart = Math.max(entry.start, lastLineBreak(text, valueStart) + 1);
      output += text.slice(cursor, lineStart);
      cursor = entry.end;
      continue;
    }
    if (
      key === undefined ||
      !Object.hasOwn(values, key) ||
      valueStart === undefined ||
      valueEnd === undefined
    ) {
      continue;
    }
    const formatted = formatEnvValue({ key, value: values[key] as string, quote: entry.quote });
    output += text.slice(cursor, valueStart) + formatted;
    cursor = valueEnd;
    seen.add(key);
  }
  output += text.slice(cursor);

  const append = (text: string, keys: string[], atEnd = false): string => {
    const lines = keys.map(
      (key) =>
        `${allExported ? "export " : ""}${key}=${formatEnvValue({ key, value: values[key] as string })}`,
    );
    return appendLines({ text, lines, newline, unparsedLine, atEnd });
  };
  const missing = Object.keys(values).filter((key) => !seen.has(key));
  if (missing.length > 0) output = append(output, missing);
  // Node.js 20 (--env-file, process.loadEnvFile) glues a line without `=` to the next line's key and
  // keeps a BOM or a tab in a key (nodejs/node#56686): a key of ours it does not read as ours is
  // written again on a line of its own, where it does. The other readers take the last occurrence,
  // which is the same value. Only when that line helps: a run with nothing new adds nothing.
  // Likewise a key python-dotenv reads as None (a bare `NAME` of ours after its line) and one dotenv
  // (npm) reads from a later `KEY: value` line. Until no line helps: the first line written after a
  // bare name is glued to it in turn, and a second run must find nothing left to do. A key right once
  // stays right (only `KEY=value` lines of ours follow it), so each round fixes one key at least.
  let read = readingsOf(output);
  const misreadIn = (readings: Readings) =>
    Object.keys(values).filter(
      (key) =>
        readings.node[key] !== values[key] ||
        readings.python.get(key) !== values[key] ||
        readings.dotenv[key] !== values[key],
    );
  for (let round = 0; round <= Object.keys(values).length; round++) {
    const misread = misreadIn(read);
    if (misread.length === 0) break;
    // Where appendLines puts them (before a `=value` line Node.js 20 stops at), else at the very end,
    // after a later `KEY: value` line of ours that dotenv (npm) reads
    let atEnd = false;
    let candidate = "";
    let candidateRead = read;
    let helped: string[] = [];
    for (atEnd of [false, true]) {
      candidate = append(output, misread, atEnd);
      candidateRead = readingsOf(candidate);
      helped = misread.filter(
        (key) =>
          (candidateRead.node[key] === values[key] && read.node[key] !== values[key]) ||
          (candidateRead.python.get(key) === values[key] && read.python.get(key) !== values[key]) ||
          (candidateRead.dotenv[key] === values[key] && read.dotenv[key] !== values[key]),
      );
      if (helped.length > 0) break;
    }
    if (helped.length === 0) break;
    output = helped.length === misread.length ? candidate : append(output, helped, atEnd);
    read = helped.length === misread.length ? candidateRead : readingsOf(output);
  }

  // Check our own work: every reader-visible value is ours for our keys and unchanged for the others.
  const after = read.values;
  for (const [key, value] of Object.entries(values)) {
    if (after[key] !== value) throw unsafe(key);
  }
  for (const [key, value] of Object.entries(before)) {
    if (remove.has(key)) {
      if (Object.hasOwn(after, key)) throw unsafe(key);
    } else if (!Object.hasOwn(values, key) && after[key] !== value) throw unsafe(key);
  }
  // Node.js and dotenv (npm) also read backtick quotes, which python-dotenv does not: a line of ours
  // may sit inside another key's value for them. A name they read differently after the write refuses it.
  const changedForNode = Object.keys(original.node).find(
    (key) =>
      KEY_NAME.test(key) &&
      !Object.hasOwn(values, key) &&
      !remove.has(key) &&
      read.node[key] !== original.node[key],
  );
  // Node.js drops every `\r` and docker splits lines at `\n` only: lines that end in a lone CR (classic
  // Mac OS) are one line to them, our keys inside it. No line we could add helps without rewriting the
  // user's line ends, which is theirs to do.
  const nodeMisreadsOurs = Object.keys(values).some((key) => read.node[key] !== values[key]);
  if (/\r(?!\n)/.test(output) && (nodeMisreadsOurs || changedForNode !== undefined)) {
    throw new SsoenvError(
      "ENV_FILE_INVALID",
      "its lines end in a lone CR (classic Mac OS line ends), which Node.js and docker do not read as line ends, so they would not read the AWS keys; nothing was written",
      {
        hint: "convert the file to LF line ends (perl -pi -e 's/\\r\\n?/\\n/g' <file>), then run the command again",
      },
    );
  }
  if (changedForNode !== undefined) {
    throw new SsoenvError(
      "ENV_FILE_INVALID",
      `writing ${Object.keys(values).length === 1 ? Object.keys(values)[0] : "the AWS keys"} would change ${changedForNode} as Node.js and dotenv (npm) read it (its value spans lines in backticks or an open quote); nothing was written`,
      {
        hint: `put ${changedForNode}'s value in single or double quotes, or fix the quote near it, then run the command again`,
      },
    );
  }
  const changedKeys = [
    ...Object.keys(values).filter((key) => before[key] !== values[key]),
    ...[...remove].filter((key) => Object.hasOwn(before, key)),
  ];
  return { text: output, changedKeys };
}

/**
 * `text` with `lines` added at its end, in its newline style; a file without a final newline keeps
 * that shape. When Node.js 20 stops reading the file at a `=value` line, the lines go before that line
 * (the other readers skip it); else when the file ends in lines without `=` that Node.js would glue to
 * the next key (blanks, an indented comment, a bare `NAME` docker passes from the host), before them.
 * Not when that would change what python-dotenv reads (they are inside a multi-line quoted value), the
 * file has a line python-dotenv cannot parse (`unparsedLine`: an open quote dotenv (npm) may read
 * further), or `atEnd` says so.
 */
function appendLines(options: {
  text: string;
  lines: string[];
  newline: string;
  unparsedLine: boolean;
  atEnd: boolean;
}): string {
  const { text, lines, newline, unparsedLine } = options;
  const endsWithNewline = text === "" || /[\r\n]$/.test(text);
  const atEnd = endsWithNewline
    ? text + lines.map((line) => line + newline).join("")
    : text + lines.map((line) => newline + line).join("");
  if (options.atEnd || unparsedLine) return atEnd;
  const at = node20StopsAt(text) ?? startOfGluedTail(text);
  if (at === undefined) return atEnd;
  const before = text.slice(0, at) + lines.map((line) => line + newline).join("") + text.slice(at);
  const wanted = readLikePython(atEnd);
  const got = readLikePython(before);
  const same = wanted.size === got.size && [...wanted].every(([key, value]) => got.get(key) === value);
  return same ? before : atEnd;
}

/** How the readers the writer checks read a text. */
interface Readings {
  /** Its entries, python-dotenv's grammar. */
  entries: EnvEntry[];
  /** What python-dotenv reads, as parseEnv says it (keys with a value, the BOM skipped). */
  values: Record<string, string>;
  /** What python-dotenv reads, as readLikePython says it (bare names, the BOM kept). */
  python: Map<string, string | undefined>;
  /** What Node.js reads. */
  node: Record<string, string | undefined>;
  /** What dotenv (npm) reads, as far as it differs for us: `values`, and its `KEY: value` lines. */
  dotenv: Record<string, string>;
}

function readingsOf(text: string): Readings {
  const entries = parseEnvEntries(text);
  const values: Record<string, string> = {};
  for (const { key, value } of entries) if (key !== undefined && value !== undefined) values[key] = value;
  // dotenv (npm) also reads `KEY: value`, a line python-dotenv cannot parse; its value is the rest of
  // the line (quotes aside, which a value of ours never needs)
  const dotenv: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.key !== undefined && entry.value !== undefined) dotenv[entry.key] = entry.value;
    const colon = entry.invalid ? COLON_LINE.exec(text.slice(entry.start, entry.end)) : null;
    if (colon) dotenv[colon[1] as string] = (colon[2] as string).trim();
  }
  return { entries, values, python: readLikePython(text, entries), node: readLikeNode(text), dotenv };
}

/** A `KEY: value` line (after blank lines), which dotenv (npm) reads as `KEY=value`. */
const COLON_LINE = /^\s*(?:export\s+)?([\w.-]+):[ \t]+([^#\r\n]*)/;

/**
 * What python-dotenv reads, a bare `NAME` included (it reads None, overriding an earlier value), and a
 * BOM kept in a key on the first line (it opens files as utf-8, not utf-8-sig).
 */
function readLikePython(text: string, entries = parseEnvEntries(text)): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  // parseEnvEntries skips a BOM, as dotenv (npm) and docker do: its first entry starts after it
  const bom = text.startsWith("\ufeff") ? 1 : text.startsWith("\xef\xbb\xbf") ? 3 : 0;
  const firstLine = text.slice(bom).split(/[\r\n]/, 1)[0] ?? "";
  for (const { key, value, start } of entries) {
    if (key === undefined) continue;
    const onBomLine = bom > 0 && start === bom && firstLine.trim() !== "";
    values.set(onBomLine ? text.slice(0, bom) + key : key, value);
  }
  return values;
}

/**
 * Where the file's last lines without `=` begin, when one of them is a line Node.js glues to the next
 * line's key (anything but an empty line or one starting with `#`); undefined when there is none.
 */
function startOfGluedTail(text: string): number | undefined {
  let start: number | undefined;
  // walk the lines backwards (the last one may lack a line break) while they hold no `=`
  for (let end = text.length; ; ) {
    const lineBreak = end === 0 ? -1 : lastLineBreak(text, end);
    const line = text.slice(lineBreak + 1, end);
    if (line.includes("=")) break;
    if (line !== "" && !line.startsWith("#")) start = lineBreak + 1;
    if (lineBreak < 0) break;
    end = text[lineBreak] === "\n" && text[lineBreak - 1] === "\r" ? lineBreak - 1 : lineBreak;
  }
  return start;
}

/**
 * The key/value pairs Node.js reads (--env-file, process.loadEnvFile), as its strictest parser, Node.js
 * 20's, does: whichever Node.js runs ssoenv, the file is written for an app on any.
 */
function readLikeNode(text: string): Record<string, string | undefined> {
  return parseEnvLikeNode20(text);
}

/**
 * Where the last line break (`\n` or `\r`) before `before` is, -1 when there is none. A loop over the
 * line: `lastIndexOf("\r")` in a file without one reads back to its start, once per line walked.
 */
function lastLineBreak(text: string, before: number): number {
  let at = before - 1;
  while (at >= 0 && text[at] !== "\n" && text[at] !== "\r") at--;
  return at;
}

function unsafe(key: string): SsoenvError {
  return new SsoenvError(
    "ENV_FILE_INVALID",
    `updating ${key} would change how other lines of the file are read; nothing was written`,
    { hint: "fix the unterminated quote or invalid line near it, then run the command again" },
  );
}
