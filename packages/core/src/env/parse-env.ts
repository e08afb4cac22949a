import { validateArgument } from "../validate-options.js";

/**
 * A .env tokenizer that follows python-dotenv's grammar (the strictest of the common readers) and keeps
 * the position of every part, so the writer can replace exactly one value and leave every other byte alone.
 *
 * Written by hand on purpose: editing .env files safely is the point of ssoenv, and no library both
 * parses like python-dotenv/dotenv and reports byte offsets. Whitespace classes are ASCII only so the
 * tokenizer also works on a latin1 ("binary") view of a file whose bytes are not valid UTF-8.
 */

/** One binding (or comment, blank run or unparseable line) of a .env file, with offsets into the text. */
export interface EnvEntry {
  /** The key, or `undefined` for comments, blank lines and unparseable lines. */
  key: string | undefined;
  /** The value as python-dotenv reads it (escapes decoded, no interpolation); `undefined` for `KEY` without `=`. */
  value: string | undefined;
  /** Start of this entry (including the blank lines before it), end (after its line break). */
  start: number;
  end: number;
  /** Offsets of the raw value text, quotes included. Only set when the line has `=`. */
  valueStart?: number;
  valueEnd?: number;
  /** Quote character around the value, if any. */
  quote?: "'" | '"';
  /** True when the line starts with `export `. */
  exported: boolean;
  /** True for a line python-dotenv cannot parse (kept byte for byte by the writer). */
  invalid: boolean;
}

const MULTILINE_WS = /[ \t\n\r\f\v]*/y;
const INLINE_WS = /[ \t\f\v]*/y;
const EXPORT = /(?:export[ \t\f\v]+)?/y;
const SINGLE_QUOTED_KEY = /'([^']+)'/y;
const UNQUOTED_KEY = /[^=# \t\n\r\f\v]+/y;
const EQUAL_SIGN = /=[ \t\f\v]*/y;
const SINGLE_QUOTED_VALUE = /'((?:\\'|[^'])*)'/y;
const DOUBLE_QUOTED_VALUE = /"((?:\\"|[^"])*)"/y;
const UNQUOTED_VALUE = /[^\r\n]*/y;
const COMMENT = /(?:[ \t\f\v]*#[^\r\n]*)?/y;
const END_OF_LINE = /[ \t\f\v]*(?:\r\n|\n|\r|$)/y;
const REST_OF_LINE = /[^\r\n]*(?:\r|\n|\r\n)?/y;

class ParseError extends Error {}

/** Splits .env text into entries, python-dotenv style. Offsets are string indices into `text`. */
export function parseEnvEntries(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  let pos = 0;
  // A BOM is not part of the first key for dotenv and docker (python-dotenv and Node.js keep it in the
  // key: the writer repeats such a key of ours on a line of its own).
  if (text.startsWith("\ufeff")) pos = 1;
  else if (text.startsWith("\xef\xbb\xbf")) pos = 3;
  const read = (regex: RegExp): RegExpExecArray => {
    regex.lastIndex = pos;
    const match = regex.exec(text);
    if (!match) throw new ParseError();
    pos = regex.lastIndex;
    return match;
  };
  while (pos < text.length) {
    const start = pos;
    const entry: EnvEntry = {
      key: undefined,
      value: undefined,
      start,
      end: start,
      exported: false,
      invalid: false,
    };
    try {
      read(MULTILINE_WS);
      if (pos >= text.length) {
        entry.end = pos;
        entries.push(entry);
        break;
      }
      const beforeExport = pos;
      read(EXPORT);
      entry.exported = pos > beforeExport;
      const first = text[pos];
      let key: string | undefined;
      if (first === "#") key = undefined;
      else if (first === "'") key = read(SINGLE_QUOTED_KEY)[1];
      else key = read(UNQUOTED_KEY)[0];
      read(INLINE_WS);
      if (text[pos] === "=") {
        const equalAt = pos;
        read(EQUAL_SIGN);
        const char = text[pos];
        if (char === "'" || char === '"') {
          entry.valueStart = pos;
          const raw = read(char === "'" ? SINGLE_QUOTED_VALUE : DOUBLE_QUOTED_VALUE)[1] ?? "";
          entry.valueEnd = pos;
          entry.quote = char;
          entry.value = char === "'" ? decodeSingleQuoted(raw) : decodeDoubleQuoted(raw);
        } else if (char === undefined || char === "\n" || char === "\r") {
          entry.valueStart = pos;
          entry.valueEnd = pos;
          entry.value = "";
        } else {
          const valueStart = pos;
          const part = read(UNQUOTED_VALUE)[0];
          const value = withoutComment(part);
          entry.value = value;
          if (part.startsWith("#") && valueStart > equalAt + 1) {
            // `KEY= # note`: python-dotenv reads "# note", dotenv reads "". A value written right after
            // the `=` keeps the note a comment for both.
            entry.valueStart = equalAt + 1;
            entry.valueEnd = equalAt + 1;
          } else {
            entry.valueStart = valueStart;
            entry.valueEnd = valueStart + value.length;
          }
        }
      }
      entry.key = key;
      read(COMMENT);
      read(END_OF_LINE);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      read(REST_OF_LINE);
      entry.key = undefined;
      entry.value = undefined;
      entry.valueStart = undefined;
      entry.valueEnd = undefined;
      entry.quote = undefined;
      entry.invalid = true;
    }
    entry.end = pos;
    entries.push(entry);
  }
  return entries;
}

/**
 * The key/value pairs of a .env text as python-dotenv reads them (last occurrence wins; no `${}`
 * interpolation). Keys without `=` are left out.
 *
 * @example parseEnv("A=1\nexport B='two'\n") // { A: "1", B: "two" }
 */
export function parseEnv(text: string): Record<string, string> {
  validateArgument({
    fn: "parseEnv",
    name: "text",
    value: text,
    kind: "string",
    example: 'parseEnv("A=1\\n")',
  });
  const values: Record<string, string> = {};
  for (const entry of parseEnvEntries(text)) {
    if (entry.key !== undefined && entry.value !== undefined) values[entry.key] = entry.value;
  }
  return values;
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

function decodeSingleQuoted(raw: string): string {
  return raw.replace(/\\[\\']/g, (match) => match.slice(1));
}

function decodeDoubleQuoted(raw: string): string {
  return raw.replace(/\\[\\'"abfnrtv]/g, (match) => DOUBLE_QUOTE_ESCAPES[match.slice(1)] ?? match);
}

/**
 * An unquoted value as python-dotenv reads it, `re.sub(r"\s+#.*", "", part).rstrip()`, in time linear
 * in its length: those regexes, run as they are, retry from every blank of a long run of
 * them, quadratic time (a line padded with 200,000 spaces took minutes).
 */
function withoutComment(part: string): string {
  // A blank before a `#` starts the comment; the blanks before it go with it
  const comment = BLANK_THEN_HASH.exec(part);
  let end = comment ? comment.index : part.length;
  while (end > 0 && BLANKS.includes(part[end - 1] as string)) end--;
  return part.slice(0, end);
}

const BLANK_THEN_HASH = /[ \t\n\r\f\v]#/;
const BLANKS = " \t\n\r\f\v";
