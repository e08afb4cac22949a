import { readFile, stat } from "node:fs/promises";
import { configFilePath } from "./aws-paths.js";

/** A line of ~/.aws/config that the AWS CLI refuses, or that the AWS SDKs skip without a word. */
export interface ConfigLineProblem {
  /** 1-based line number. */
  line: number;
  /**
   * The key (or section) name the problem is about, when it looks like one; never anything else
   * from the line (a value may be a secret).
   */
  key?: string;
  /** The earlier line a duplicate repeats. */
  firstLine?: number;
  /** What is wrong, without anything from the line itself. */
  reason:
    | "outside-section"
    | "not-key-value"
    | "unclosed-section"
    | "empty-section-name"
    | "empty-key"
    | "duplicate-section"
    | "duplicate-key"
    | "byte-order-mark"
    | "colon-separator";
}

/** What findConfigProblems found. */
export interface ConfigProblems {
  /** The config file looked at (`AWS_CONFIG_FILE`, else `~/.aws/config`). */
  path: string;
  exists: boolean;
  /** Why the file cannot be read at all ("it is a directory", "EACCES"); absent when it can. */
  unreadable?: string;
  problems: ConfigLineProblem[];
}

/**
 * The lines of the AWS config file that the AWS CLI v2 refuses ("Unable to parse config file"), and
 * those that the SDK's INI reader (`@smithy/shared-ini-file-loader`, the one loadSsoProfile uses)
 * skips, so a typo silently drops a setting. Reports line numbers and key names only, never a value.
 *
 * @example const { path, problems } = await findConfigProblems(); // [{ line: 7, reason: "not-key-value" }]
 */
export async function findConfigProblems(options: { env?: NodeJS.ProcessEnv } = {}): Promise<ConfigProblems> {
  const path = configFilePath(options.env ?? process.env);
  const read = await readConfigText(path);
  if (read.text === undefined) {
    return {
      path,
      exists: read.exists,
      ...(read.unreadable ? { unreadable: read.unreadable } : {}),
      problems: [],
    };
  }
  return { path, exists: true, problems: findConfigLineProblems(read.text) };
}

/**
 * The config file's text, or why there is none: missing (`exists: false`), a directory, or a read
 * error (its code). Never throws.
 */
export async function readConfigText(
  path: string,
): Promise<{ exists: boolean; text?: string; unreadable?: string }> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    // A missing file (or a dangling link) is "no config", as for the AWS CLI.
    if (info.code === "ENOENT") return { exists: false };
    return { exists: true, unreadable: `it cannot be read (${info.code ?? info.message})` };
  }
  if (info.isDirectory()) return { exists: true, unreadable: "it is a directory, not a file" };
  try {
    return { exists: true, text: await readFile(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { exists: true, unreadable: `it cannot be read (${code ?? (error as Error).message})` };
  }
}

/**
 * findConfigProblems over a text. The AWS CLI (botocore's configparser) refuses the file for: a line
 * before any section, a line that is neither `[section]` nor `key = value` (nor `key: value`, nor an
 * indented continuation), `[]`, `= value`, a section or a key (any case) given twice, a byte-order
 * mark. A header with text after its `]` it reads, but the SDKs do not (they keep filling the section
 * before), so it counts as unclosed too. `key: value` the AWS CLI reads and the SDKs skip:
 * reported as `colon-separator`, which isConfigLineRefused says is not fatal.
 */
export function findConfigLineProblems(text: string): ConfigLineProblem[] {
  const problems: ConfigLineProblem[] = [];
  if (text.startsWith("\uFEFF")) problems.push({ line: 1, reason: "byte-order-mark" });
  const sections = new Map<string, number>();
  let keys: Map<string, number> | undefined;
  for (const [index, raw] of text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .entries()) {
    const lineNumber = index + 1;
    // The SDK's comment rule: `#` or `;` at the start or after a space.
    const line = raw.split(/(^|\s)[;#]/)[0]?.trim() ?? "";
    if (line === "") continue;
    if (line.startsWith("[")) {
      if (!line.endsWith("]")) {
        problems.push({ line: lineNumber, reason: "unclosed-section" });
        continue;
      }
      const name = line.slice(1, -1).trim();
      if (name === "") {
        problems.push({ line: lineNumber, reason: "empty-section-name" });
        keys = undefined;
        continue;
      }
      const first = sections.get(name);
      if (first !== undefined) {
        problems.push({ line: lineNumber, ...nameOf(name), firstLine: first, reason: "duplicate-section" });
      } else {
        sections.set(name, lineNumber);
      }
      keys = new Map();
      continue;
    }
    const equals = line.indexOf("=");
    const colon = line.indexOf(":");
    // configparser splits at whichever of = and : comes first.
    const separator = equals === -1 ? colon : colon === -1 ? equals : Math.min(equals, colon);
    const key = separator > 0 ? line.slice(0, separator).trim() : "";
    if (!keys) {
      problems.push({ line: lineNumber, ...nameOf(key), reason: "outside-section" });
      continue;
    }
    // An indented line continues the value above (the SDKs: a sub-section such as `s3 =`).
    if (raw.trimStart() !== raw) continue;
    if (separator === -1) {
      problems.push({ line: lineNumber, reason: "not-key-value" });
      continue;
    }
    if (separator === 0 || key === "") {
      problems.push({ line: lineNumber, reason: "empty-key" });
      continue;
    }
    const first = keys.get(key.toLowerCase());
    if (first !== undefined) {
      problems.push({ line: lineNumber, ...nameOf(key), firstLine: first, reason: "duplicate-key" });
    } else {
      keys.set(key.toLowerCase(), lineNumber);
    }
    if (equals === -1 || colon < equals) {
      if (colon !== -1) problems.push({ line: lineNumber, ...nameOf(key), reason: "colon-separator" });
    }
  }
  return problems;
}

/** True when the AWS CLI refuses the whole file for this problem (all but `key: value`). */
export function isConfigLineRefused(problem: ConfigLineProblem): boolean {
  return problem.reason !== "colon-separator";
}

/** What is wrong with the line, as the end of "line N ...", without any of its text but a key name. */
export function describeConfigLineProblem(problem: ConfigLineProblem): string {
  const key = problem.key ? ` ${problem.key}` : "";
  switch (problem.reason) {
    case "byte-order-mark":
      return "starts with a byte-order mark (save the file as UTF-8 without BOM)";
    case "unclosed-section":
      return "has a section header without its closing ] (or with text after it), e.g. [profile dev]";
    case "empty-section-name":
      return "has an empty section name []";
    case "outside-section":
      return `${problem.key ? `sets the key${key}` : "has text"} before any [section] (move it under the [profile NAME] it belongs to)`;
    case "not-key-value":
      return "is neither [section] nor key = value (write it as key = value, or comment it out with #)";
    case "empty-key":
      return "has = without a key name before it";
    case "duplicate-section":
      return `repeats the section${problem.key ? ` [${problem.key}]` : ""} of line ${problem.firstLine} (merge the two)`;
    case "duplicate-key":
      return `sets${key || " a key"} a second time in its section (first on line ${problem.firstLine}; keep one)`;
    case "colon-separator":
      return `writes${key || " a key"} as key: value, which the AWS CLI reads but the AWS SDKs (and ssoenv) skip (write key = value)`;
  }
}

/**
 * A key or section name, only when it looks like one: on a mistyped line such as a pasted
 * `wJalr...=`, the "key" would be the secret. AWS's names are short or have separators.
 */
function nameOf(name: string): { key?: string } {
  const looksLikeName =
    /^[A-Za-z][A-Za-z0-9_. -]{0,63}$/.test(name) && (name.length < 16 || /[_. -]/.test(name));
  return looksLikeName && name.trim() === name ? { key: name } : {};
}
