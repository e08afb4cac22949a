import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { configFilePath } from "./aws-paths.js";
import { readAwsFile } from "./read-aws-file.js";
import { SDK_SECTION_NAME, sdkReadableName } from "./safe-profile-name.js";

/** A line of ~/.aws/config that the AWS CLI refuses, or that the AWS SDKs skip without a word. */
export interface ConfigLineProblem {
  /** 1-based line number. */
  line: number;
  /**
   * The key (or section) name the problem is about, when it looks like one; never anything else
   * from the line (a value may be a secret).
   */
  key?: string;
  /** The kind of a header whose name an AWS tool skips (`section-name-skipped`, `section-name-unread`). */
  kind?: SectionKind;
  /** The earlier line a duplicate repeats. */
  firstLine?: number;
  /** What is wrong, without anything from the line itself. */
  reason:
    | "outside-section"
    | "not-key-value"
    | "nested-not-key-value"
    | "unclosed-section"
    | "empty-section-name"
    | "empty-key"
    | "duplicate-section"
    | "duplicate-key"
    | "byte-order-mark"
    | "utf-16"
    | "colon-separator"
    | "inline-comment"
    | "continued-value"
    | "section-name-skipped"
    | "section-name-unread"
    | "section-kind-unread"
    | "two-defaults"
    | "same-section-twice"
    | "empty-region"
    | "empty-sso-session"
    | "default-section"
    | "sdk-only-section";
}

/** The kinds of named section in ~/.aws/config. */
export type SectionKind = "profile" | "sso-session" | "services";

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
 * The config file's text, or why there is none: missing (`exists: false`), a directory, a path
 * through a file (`throughFile`: that file), or a read error (its code). Never throws.
 */
export async function readConfigText(
  path: string,
): Promise<{ exists: boolean; text?: string; unreadable?: string; throughFile?: string }> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  // Whatever is there, read: the SDK's loader, called next, takes this read (readAwsFile). Why it
  // failed is said from the stat.
  const read = await readAwsFile(path, info instanceof Error ? undefined : info).then(
    (text) => ({ text }),
    (error: NodeJS.ErrnoException) => ({ error }),
  );
  if (info instanceof Error) {
    // A missing file (or a dangling link) is "no config", as for the AWS CLI.
    if (info.code === "ENOENT") return { exists: false };
    // `~/.aws/config/config`: a file taken for a folder, which chmod cannot fix.
    const file = info.code === "ENOTDIR" ? await fileOnPath(path) : undefined;
    if (file)
      return { exists: true, unreadable: `${file} is a file, not a folder (ENOTDIR)`, throughFile: file };
    return { exists: true, unreadable: `it cannot be read (${info.code ?? info.message})` };
  }
  if (info.isDirectory()) return { exists: true, unreadable: "it is a directory, not a file" };
  if ("error" in read) {
    return { exists: true, unreadable: `it cannot be read (${read.error.code ?? read.error.message})` };
  }
  return { exists: true, text: read.text };
}

/** The nearest folder of `path` that is a file (what ENOTDIR stumbled on), undefined when none is. */
async function fileOnPath(path: string): Promise<string | undefined> {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info) return info.isDirectory() ? undefined : dir;
  }
  return undefined;
}

/**
 * findConfigProblems over a text. The AWS CLI (botocore's configparser) refuses the file for: a line before
 * any section, a line that is neither `[section]` nor `key = value` (nor `key: value`, nor an indented
 * continuation), `[]`, `= value`, a section or a key (any case) given twice, a byte-order mark, UTF-16 text
 * (that alone is reported). A header with text after its `]` it reads, but the SDKs do not (they keep filling
 * the section before), so it counts as unclosed too. Lines both read, but differently, are reported and not
 * fatal (isConfigLineRefused): `key: value`, which the SDKs skip (`colon-separator`); a `#`/`;` comment after
 * a value, which the AWS CLI keeps in the value (`inline-comment`); an indented line under a key that has a
 * value, which the AWS CLI appends to that value and the SDKs read as a key of its own (`continued-value`;
 * under `s3 =` with no value it is a sub-section for both); a `[DEFAULT]` section, whose keys the AWS CLI
 * gives every section (configparser's defaults) and the SDKs ignore (`default-section`); a `[profile.dev]` or
 * `[sso-session.corp]` header, which the SDKs read and the AWS CLI skips (`sdk-only-section`); one section
 * under two headers, `[profile dev]` and `[profile "dev"]`, which the SDKs merge and botocore does not (it
 * takes the later alone: `same-section-twice`); `[profile my dev]`, which neither reads
 * (`section-name-unread`); `region =` with no value, which the AWS CLI takes as a region "" (`empty-region`);
 * `sso_session =`, which the AWS CLI looks up as a session named "" (`empty-sso-session`).
 */
export function findConfigLineProblems(text: string): ConfigLineProblem[] {
  // UTF-16 (Windows PowerShell's > and Out-File), read as UTF-8: its BOM as two U+FFFD, then a NUL
  // beside each letter. Every line is garbage to every AWS tool: say it once.
  if (/^(?:\uFFFD\uFFFD)?(?:[^\0]\0|\0[^\0])/.test(text)) return [{ line: 1, reason: "utf-16" }];
  const problems: ConfigLineProblem[] = [];
  if (text.startsWith("\uFEFF")) problems.push({ line: 1, reason: "byte-order-mark" });
  const sections = new Map<string, number>();
  // The section each header is for the SDKs ("profile dev" for [profile "dev"] too): its first header.
  const sdkSections = new Map<string, { line: number; name: string }>();
  let keys: Map<string, number> | undefined;
  let defaultKeys: Map<string, number> | undefined;
  // The section's last unindented key, if it had a value: an indented line below continues it.
  let valuedKey: string | undefined;
  // The section's last unindented key without a value (`s3 =`): indented lines below are its sub-section.
  let subSectionKey: string | undefined;
  let continuedReported = false;
  let emptyRegion: ConfigLineProblem | undefined;
  for (const [index, raw] of text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .entries()) {
    const lineNumber = index + 1;
    // The SDK's comment rule: `#` or `;` at the start or after a space.
    const line = raw.split(/(^|\s)[;#]/)[0]?.trim() ?? "";
    if (line === "") continue;
    // `region =` (or `sso_session =`) with nothing below it: empty, unless indented lines make it a
    // sub-section.
    if (emptyRegion && raw.trimStart() === raw) problems.push(emptyRegion);
    emptyRegion = undefined;
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
      // [default] after [profile default]: the AWS CLI takes the later one, the SDKs [profile default].
      if (name === "default" && [...sections.keys()].some((seen) => /^profile\s+default$/.test(seen))) {
        problems.push({ line: lineNumber, key: "default", reason: "two-defaults" });
      }
      // [profile dev] and [profile "dev"] (or a tab after "profile"): one section for the SDKs, which
      // merge the two, two for configparser, of which botocore takes the later alone.
      const sdk = sdkSectionOf(line.slice(1, -1));
      const sdkFirst = sdk && sdkSections.get(sdk.section);
      if (sdk && sdkFirst && sdkFirst.name !== name) {
        problems.push({
          line: lineNumber,
          ...nameOf(sdk.name),
          firstLine: sdkFirst.line,
          reason: "same-section-twice",
        });
      } else if (sdk && !sdkFirst) {
        sdkSections.set(sdk.section, { line: lineNumber, name });
      }
      const kind = /^(profile|sso-session|services)\s/.exec(line.slice(1, -1))?.[1] as
        | SectionKind
        | undefined;
      const skipped = sectionNameSkipped(line.slice(1, -1));
      if (skipped && kind) {
        problems.push({ line: lineNumber, ...skippedNameOf(skipped), kind, reason: "section-name-skipped" });
      }
      const unread = sectionNameUnread(line.slice(1, -1));
      if (unread && kind) {
        problems.push({ line: lineNumber, ...nameOf(unread), kind, reason: "section-name-unread" });
      }
      const miswritten = sectionKindUnread(line.slice(1, -1));
      if (miswritten)
        problems.push({ line: lineNumber, ...nameOf(miswritten.name), reason: "section-kind-unread" });
      // [profile.dev]: the SDKs read profile dev (their "profile.dev" key), botocore skips the section.
      const dotted = /^(?:profile|sso-session)\.(.+)$/.exec(line.slice(1, -1));
      if (dotted) problems.push({ line: lineNumber, ...nameOf(dotted[1] ?? ""), reason: "sdk-only-section" });
      if (line === "[DEFAULT]") {
        // configparser's defaults: the AWS CLI gives its keys to every section; the SDKs ignore it.
        // Given twice, it is one section (its keys counted together), not a duplicate.
        problems.push({ line: lineNumber, reason: "default-section" });
        defaultKeys ??= new Map();
        keys = defaultKeys;
        valuedKey = undefined;
        continue;
      }
      const first = sections.get(name);
      if (first !== undefined) {
        problems.push({ line: lineNumber, ...nameOf(name), firstLine: first, reason: "duplicate-section" });
      } else {
        sections.set(name, lineNumber);
      }
      keys = new Map();
      valuedKey = undefined;
      subSectionKey = undefined;
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
    if (raw.trimStart() !== raw) {
      if (valuedKey !== undefined && !continuedReported) {
        problems.push({ line: lineNumber, ...nameOf(valuedKey), reason: "continued-value" });
        continuedReported = true;
      }
      // botocore splits each sub-section line at "=" and refuses the whole file when one has none.
      if (subSectionKey !== undefined && equals === -1) {
        problems.push({ line: lineNumber, ...nameOf(subSectionKey), reason: "nested-not-key-value" });
      }
      continue;
    }
    valuedKey = undefined;
    subSectionKey = undefined;
    continuedReported = false;
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
    if (line !== raw.trim()) problems.push({ line: lineNumber, ...nameOf(key), reason: "inline-comment" });
    if (line.slice(separator + 1).trim() !== "") valuedKey = key;
    else subSectionKey = key;
    if (subSectionKey !== undefined && /^((sso_)?region|sso_session)$/i.test(key)) {
      const reason = /^sso_session$/i.test(key) ? "empty-sso-session" : "empty-region";
      emptyRegion = { line: lineNumber, ...nameOf(key), reason };
    }
  }
  if (emptyRegion) problems.push(emptyRegion);
  return problems;
}

/**
 * The first line of `text` the AWS CLI refuses, as the end of "line N ..." with how many more there
 * are: what validateConfigFile and validateCredentialsFile say of a file. Undefined when there is none.
 */
export function firstRefusedLine(text: string): { line: number; description: string } | undefined {
  const refused = findConfigLineProblems(text).filter(isConfigLineRefused);
  const first = refused[0];
  if (!first) return undefined;
  const more =
    refused.length > 1 ? ` (and ${refused.length - 1} more line${refused.length > 2 ? "s" : ""})` : "";
  return { line: first.line, description: `${describeConfigLineProblem(first)}${more}` };
}

/** True when the AWS CLI refuses the whole file for this problem (not for lines it reads differently). */
export function isConfigLineRefused(problem: ConfigLineProblem): boolean {
  return ![
    "colon-separator",
    "inline-comment",
    "continued-value",
    "section-name-skipped",
    "section-name-unread",
    "section-kind-unread",
    "two-defaults",
    "same-section-twice",
    "empty-region",
    "empty-sso-session",
    "default-section",
    "sdk-only-section",
  ].includes(problem.reason);
}

/** What is wrong with the line, as the end of "line N ...", without any of its text but a key name. */
export function describeConfigLineProblem(problem: ConfigLineProblem): string {
  const key = problem.key ? ` ${problem.key}` : "";
  switch (problem.reason) {
    case "byte-order-mark":
      return "starts with a byte-order mark (save the file as UTF-8 without BOM)";
    case "utf-16":
      return "is UTF-16 text (a NUL byte beside each letter, as Windows PowerShell's > and Out-File write it), which no AWS tool reads: save the file as UTF-8";
    case "unclosed-section":
      return "has a section header without its closing ] (or with text after it), e.g. [profile dev]";
    case "empty-section-name":
      return "has an empty section name []";
    case "outside-section":
      return `${problem.key ? `sets the key${key}` : "has text"} before any [section] (move it under the profile it belongs to)`;
    case "not-key-value":
      return "is neither [section] nor key = value (write it as key = value, or comment it out with #)";
    case "nested-not-key-value":
      return `is indented under${key || " a key"} with no value, which makes it a sub-section of key = value lines, and has no = (to give${key || " the key"} a value, write it on the key's line)`;
    case "empty-key":
      return "has = without a key name before it";
    case "duplicate-section":
      return `repeats the section${problem.key ? ` [${problem.key}]` : ""} of line ${problem.firstLine} (merge the two)`;
    case "duplicate-key":
      return `sets${key || " a key"} a second time in its section (first on line ${problem.firstLine}; keep one)`;
    case "inline-comment":
      return `has a comment after the value of${key || " a key"}, which the AWS CLI and boto3 read as part of the value (the AWS SDKs and ssoenv drop it): put the comment on a line of its own`;
    case "continued-value":
      return `is indented under${key || " a key"}, which has a value, so the AWS CLI and boto3 read it as more of that value (the AWS SDKs and ssoenv as a key of its own): remove the indentation`;
    case "two-defaults":
      return "defines the default profile again after [profile default]: the AWS CLI and boto3 use this later section, the AWS SDKs and ssoenv [profile default]; merge them into one";
    case "same-section-twice":
      return `names${problem.key ? ` "${problem.key}"` : " a section"} again, written otherwise than on line ${problem.firstLine}: the AWS SDKs and ssoenv merge the two sections, the AWS CLI and boto3 take only this later one; merge them into one`;
    case "empty-region":
      return `sets${key || " region"} to nothing, which the AWS SDKs and ssoenv take as no region but the AWS CLI as an empty one, failing every call of the profile ('Invalid endpoint: https://sts..amazonaws.com'): give a region or remove the line`;
    case "empty-sso-session":
      return `sets${key || " sso_session"} to nothing, which the AWS SDKs and ssoenv take as no sso-session (the legacy form, if the profile has sso_start_url) but the AWS CLI and boto3 as a session named "", refusing the profile ('The specified sso-session does not exist: ""'): name the sso-session or remove the line`;
    case "default-section":
      return "is a [DEFAULT] section, whose keys the AWS CLI and boto3 give to every profile and sso-session (Python's configparser defaults) while the AWS SDKs and ssoenv ignore it: move its keys into the profiles that need them ([default], lower case, is the default profile)";
    case "sdk-only-section":
      return `names a section the AWS SDKs and ssoenv read${problem.key ? ` as "${problem.key}"` : ""} but the AWS CLI and boto3 skip (a dot instead of a space after "profile" or "sso-session"): put a space there`;
    case "section-name-skipped":
      return problem.key !== undefined && !SDK_SECTION_NAME.test(problem.key.trim().replace(/\s+/g, "-"))
        ? `names a section the AWS CLI and boto3 read as "${problem.key}" but the AWS SDKs and ssoenv skip (they take A-Z, a-z, 0-9 and - _ @ + . % : / only in a name): ${headerToWrite(problem)}`
        : `names a section the AWS CLI and boto3 read${problem.key ? ` as "${problem.key}"` : ""} but the AWS SDKs and ssoenv skip (quotes around a name with spaces, or extra spaces): ${headerToWrite(problem)}`;
    case "section-name-unread":
      return `names a section${problem.key ? ` "${problem.key}"` : ""} with a space, which no AWS tool reads (the AWS CLI and boto3 split the header at its spaces; the AWS SDKs and ssoenv take A-Z, a-z, 0-9 and - _ @ + . % : / only in a name): ${headerToWrite(problem)}`;
    case "section-kind-unread":
      return `has a section header no AWS tool reads (${KIND_AS_WRITTEN}): write it as [profile NAME], [sso-session NAME] or [default]`;
    case "colon-separator":
      return `writes${key || " a key"} as key: value, which the AWS CLI reads but the AWS SDKs (and ssoenv) skip (write key = value)`;
  }
}

/**
 * The header to write for a section whose name an AWS tool skips, of its own kind and from its own
 * name (`[services local-stack]`), with the key that names it in profiles when the name changes.
 */
function headerToWrite(problem: ConfigLineProblem): string {
  const kind = problem.kind ?? "profile";
  if (problem.key === undefined) return `write the header as [${kind} NAME], NAME without spaces or quotes`;
  const name = sdkReadableName(problem.key);
  const reference = kind === "sso-session" ? "sso_session" : kind === "services" ? "services" : undefined;
  const renamed =
    reference && name !== problem.key ? ` (and ${reference} = ${name} in each profile that uses it)` : "";
  return `write the header as [${kind} ${name}]${renamed}`;
}

/** How the SDK's INI reader splits `[profile NAME]` / `[sso-session NAME]` (NAME optionally quoted). */
const SDK_SECTION = /^([\w-]+)\s(["']?)(.*)\2$/;

/**
 * The section the SDK's reader files a `[profile ...]` or `[sso-session ...]` header under ("profile
 * dev" for `[profile "dev"]` as for `[profile dev]`), and the name in it; undefined for a header it
 * skips or one of another kind.
 */
export function sdkSectionOf(header: string): { section: string; name: string } | undefined {
  const match = SDK_SECTION.exec(header);
  const [, kind, , name] = match ?? [];
  if ((kind !== "profile" && kind !== "sso-session") || name === undefined || !SDK_SECTION_NAME.test(name)) {
    return undefined;
  }
  return { section: `${kind} ${name}`, name };
}

/**
 * The name botocore gives a `[profile ...]`, `[sso-session ...]` or `[services ...]` header the SDK's reader
 * does not recognise (botocore splits the header like a shell: `profile "my dev"` is profile `my dev`), else
 * undefined.
 */
function sectionNameSkipped(header: string): string | undefined {
  if (!/^(profile|sso-session|services)\s/.test(header)) return undefined;
  const sdkName = SDK_SECTION.exec(header)?.[3];
  if (sdkName !== undefined && SDK_SECTION_NAME.test(sdkName)) return undefined;
  const parts = [...header.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
  return parts.length === 2 && parts[1] !== "" ? parts[1] : undefined;
}

/**
 * The name of a `[profile A B]`, `[sso-session A B]` or `[services A B]` header that every AWS tool skips:
 * botocore splits it like a shell into more than two words, and the SDKs take no space in a name. Else
 * undefined.
 */
function sectionNameUnread(header: string): string | undefined {
  const match = /^(?:profile|sso-session|services)\s+([^"'\s].*?)\s*$/.exec(header);
  const name = match?.[1];
  if (name === undefined || !/\s/.test(name) || sdkSectionOf(header)) return undefined;
  return name;
}

/** What every AWS tool takes of a header's kind, for messages. */
export const KIND_AS_WRITTEN =
  'they take [profile NAME], [sso-session NAME] and [default] only as written here: lower case, no space after "["';

/**
 * The kind and name of a header every AWS tool skips for how its kind is written: in another case
 * (`[Profile dev]`, `[Default]`) or after a space (`[ profile dev]`, `[ default ]`). `[DEFAULT]` is
 * configparser's own section (default-section). Else undefined.
 */
export function sectionKindUnread(
  header: string,
): { kind: "profile" | "sso-session"; name: string } | undefined {
  if (header.trim().toLowerCase() === "default") {
    return header === "default" || header === "DEFAULT" ? undefined : { kind: "profile", name: "default" };
  }
  const match = /^\s*(profile|sso-session)\s+["']?(.+?)["']?\s*$/i.exec(header);
  if (!match?.[1] || !match[2] || /^(profile|sso-session)\s/.test(header)) return undefined;
  return { kind: match[1].toLowerCase() as "profile" | "sso-session", name: match[2] };
}

/**
 * The name of a header botocore reads and the SDKs skip, also when it has signs nameOf does not take
 * (`[profile dev~1]`, `[profile a,b]`): short and printable, with a sign outside the SDKs' name
 * characters. A secret key (letters, digits, + and /) has none, so this names no secret.
 */
function skippedNameOf(name: string): { key?: string } {
  const named = nameOf(name);
  if (named.key !== undefined) return named;
  return /^[\x21-\x7e]{1,64}$/.test(name) && !SDK_SECTION_NAME.test(name) ? { key: name } : {};
}

/**
 * A key or section name, only when it looks like one: on a mistyped line such as a pasted
 * `wJalr...=`, the "key" would be the secret. AWS's names are short or have separators.
 */
function nameOf(name: string): { key?: string } {
  const looksLikeName =
    /^\p{L}[\p{L}\p{M}\p{N}_. -]{0,63}$/u.test(name) && (name.length < 16 || /[_. -]/.test(name));
  return looksLikeName && name.trim() === name ? { key: name } : {};
}
