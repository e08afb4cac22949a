import { readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { isRegionEnvName, REGION_ENV_NAMES } from "../aws/region-env-names.js";
import { setVariableCommand } from "../config/set-variable-command.js";
import { parseMinValidity } from "../duration/parse-min-validity.js";
import { SsoenvError } from "../errors.js";
import { closestName } from "../text/closest-name.js";
import { isReservedEnvName } from "./reserved-env-names.js";

/** The file name looked up from the working folder upwards. */
export const PROJECT_CONFIG_FILE = "ssoenv.toml";

/** Credential variables a project may rename per .env file. */
export const RENAMABLE_ENV_NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  ...REGION_ENV_NAMES,
] as const;
export type RenamableEnvName = (typeof RENAMABLE_ENV_NAMES)[number];

/** One `[[env_files]]` entry. */
export interface ProjectEnvFile {
  /** Absolute path (relative paths in the file are resolved against the folder of ssoenv.toml). */
  path: string;
  /** `path` as written in ssoenv.toml, for messages. */
  pathAsWritten: string;
  /** Line of its `path =` (else of its `[[env_files]]` header), when found. */
  line: number | undefined;
  /** Profile for this file; `undefined` = the project's default. */
  profile: string | undefined;
  /** AWS name -> name written in this file. */
  keys: Partial<Record<RenamableEnvName, string>>;
  /**
   * `credentials = "endpoint"`: the file gets the URL and token of ssoenv's background credentials
   * server (`ssoenv serve`) and no static keys. @default "keys"
   */
  credentials: "keys" | "endpoint";
}

/** A loaded `ssoenv.toml`. */
export interface ProjectConfig {
  /** Absolute path of the ssoenv.toml that was read. */
  path: string;
  /** Its folder: the project root. */
  dir: string;
  profile: string | undefined;
  /** `min_validity` as written, e.g. "1h". */
  minValidity: string | undefined;
  minValidityMs: number | undefined;
  envFiles: ProjectEnvFile[];
}

/**
 * Finds `ssoenv.toml` in `cwd` or the nearest folder above it, reads and validates it.
 * Returns `undefined` when there is none, and when a wrapper whose user has only environment
 * variables runs ssoenv (SSOENV_SET_VARIABLE_COMMAND, the container entrypoint): its command reads no
 * ssoenv.toml, so ssoenv reads none for it either (an explicit `path` is still read).
 *
 * ```toml
 * profile = "dev"
 * min_validity = "1h"
 * [[env_files]]
 * path = "apps/api/.env"
 * profile = "stg"
 * [env_files.keys]
 * AWS_ACCESS_KEY_ID = "S3_ACCESS_KEY_ID"
 * ```
 *
 * @throws SsoenvError PROJECT_CONFIG_INVALID naming the file, the line when known, the key and the fix.
 * @example const project = await loadProjectConfig({ cwd: process.cwd() });
 */
export async function loadProjectConfig(
  options: {
    cwd?: string;
    path?: string;
    /** Environment for SSOENV_SET_VARIABLE_COMMAND. @default process.env */
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<ProjectConfig | undefined> {
  if (!options.path && setVariableCommand(options.env ?? process.env)) return undefined;
  const file = options.path ? resolve(options.cwd ?? process.cwd(), options.path) : await findUp(options.cwd);
  if (!file) return undefined;
  await refuseOtherThanFile(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new SsoenvError(
      "PROJECT_CONFIG_INVALID",
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`,
      {
        hint: "check that the file exists and is readable",
        cause: error,
      },
    );
  }
  // Loaded only when a project has an ssoenv.toml: keeps `credential-process` startup lean.
  const { parse, TomlError } = await import("smol-toml");
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const where = line ? `${file}:${line}` : file;
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    const quoted = line ? withQuotes(text.split(/\r?\n/)[line - 1] ?? "") : undefined;
    throw new SsoenvError("PROJECT_CONFIG_INVALID", `${where}: not valid TOML (${reason})`, {
      hint: quoted ? `a text value goes in quotes: ${quoted}` : `fix the syntax at that line of ${file}`,
      cause: error,
    });
  }
  const dir = dirname(file);
  const fail = (key: string, problem: string, fix: string, knownLine?: number): never => {
    const line =
      knownLine ??
      lineOf(
        text,
        key
          .split(/[.[\]]/)
          .filter(Boolean)
          .at(-1) ?? key,
      );
    throw new SsoenvError("PROJECT_CONFIG_INVALID", `${file}${line ? `:${line}` : ""}: ${key} ${problem}`, {
      hint: fix,
    });
  };

  for (const key of Object.keys(data)) {
    if (!["profile", "min_validity", "env_files"].includes(key)) {
      // A typo (min-validity, [[env_file]]) is the setting meant: "remove it" would lose it.
      const meant = closestName(key, ["profile", "min_validity", "env_files"]);
      fail(
        key,
        "is not a known setting",
        `${meant ? `rename it to ${meant === "env_files" ? "[[env_files]]" : meant}` : "remove it"}; known settings: profile, min_validity, [[env_files]]`,
        lineOf(text, key) ?? tableLines(text, key)[0],
      );
    }
  }
  const profile = optionalName(data.profile, "profile", fail);
  let minValidityMs: number | undefined;
  const minValidity = data.min_validity;
  if (minValidity !== undefined) {
    if (typeof minValidity !== "string") fail("min_validity", "must be a string", 'e.g. min_validity = "1h"');
    const line = lineOf(text, "min_validity");
    minValidityMs = parseMinValidity({
      value: minValidity as string,
      setting: `${file}${line ? `:${line}` : ""}: min_validity`,
      code: "PROJECT_CONFIG_INVALID",
    });
  }

  const envFiles: ProjectEnvFile[] = [];
  const rawFiles = data.env_files ?? [];
  // TOML's one `[env_files]` table, or `env_files = [".env"]`: each file is its own [[env_files]] entry.
  const entriesFix = 'write [[env_files]] then path = ".env", once per file';
  const twoBrackets = "each .env file is an [[env_files]] entry (two brackets)";
  const oneTable = singleTableLine(text, "env_files");
  if (!Array.isArray(rawFiles) && oneTable !== undefined)
    fail("[env_files]", `is one table; ${twoBrackets}`, entriesFix, oneTable);
  if (!Array.isArray(rawFiles))
    fail("env_files", "must be [[env_files]] entries (two brackets), one per .env file", entriesFix);
  if ((rawFiles as unknown[]).length > 0 && (rawFiles as unknown[]).every((raw) => typeof raw === "string"))
    fail("env_files", `is a list of paths; ${twoBrackets}`, entriesFix);
  const entryLines = tableLines(text, "env_files");
  (rawFiles as unknown[]).forEach((raw, index) => {
    const at = `env_files[${index}]`;
    const line = entryLines[index];
    // An entry's `key =` is looked for between its header and the next entry's, not in the whole file
    // (where the first `profile =` is the top-level one).
    const lineIn = (key: string): number | undefined =>
      line === undefined ? undefined : (lineOf(text, key, line, entryLines[index + 1]) ?? line);
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      fail(at, "must be a table", entriesFix, lineOf(text, "env_files"));
    }
    const entry = raw as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      // The whole file's setting written under an entry: it belongs above the first entry.
      if (key === "min_validity") {
        fail(
          `${at}.min_validity`,
          "is not a setting of one file",
          `move it above the first [[env_files]] (min_validity = "${String(entry[key])}" applies to every file); an entry takes path, profile, credentials, [env_files.keys]`,
          lineIn(key),
        );
      }
      if (!["path", "profile", "keys", "credentials"].includes(key)) {
        const meant = closestName(key, ["path", "profile", "keys", "credentials"]);
        fail(
          `${at}.${key}`,
          "is not a known setting",
          `${meant ? `rename it to ${meant === "keys" ? "[env_files.keys]" : meant}` : "remove it"}; known: path, profile, credentials, [env_files.keys]`,
          lineIn(key),
        );
      }
    }
    const credentials = entry.credentials ?? "keys";
    if (credentials !== "keys" && credentials !== "endpoint") {
      fail(
        `${at}.credentials`,
        'must be "keys" or "endpoint"',
        'e.g. credentials = "endpoint"',
        lineIn("credentials"),
      );
    }
    if (typeof entry.path !== "string" || entry.path.trim() === "") {
      fail(
        `${at}.path`,
        "is required and must be a non-empty string",
        'e.g. path = "apps/api/.env"',
        lineIn("path"),
      );
    }
    if ((entry.path as string).includes("\0")) {
      fail(`${at}.path`, "contains a NUL byte", "remove the \\u0000 from the path", lineIn("path"));
    }
    const keys: Partial<Record<RenamableEnvName, string>> = {};
    if (entry.keys !== undefined) {
      if (typeof entry.keys !== "object" || entry.keys === null || Array.isArray(entry.keys)) {
        fail(
          `${at}.keys`,
          "must be a table",
          'write [env_files.keys] then AWS_ACCESS_KEY_ID = "MY_KEY_ID"',
          lineIn("keys"),
        );
      }
      for (const [awsName, target] of Object.entries(entry.keys as Record<string, unknown>)) {
        if (!(RENAMABLE_ENV_NAMES as readonly string[]).includes(awsName)) {
          fail(
            `${at}.keys.${awsName}`,
            "is not a credential variable",
            `rename one of ${RENAMABLE_ENV_NAMES.join(", ")}`,
            lineIn(awsName),
          );
        }
        if (typeof target !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) {
          fail(
            `${at}.keys.${awsName}`,
            "must be a variable name",
            `e.g. ${awsName} = "S3_${awsName.slice(4)}"`,
            lineIn(awsName),
          );
        }
        if (credentials === "endpoint" && !isRegionEnvName(awsName)) {
          fail(
            `${at}.keys.${awsName}`,
            'cannot be renamed in a file with credentials = "endpoint" (it gets no keys)',
            'remove the rename, or use credentials = "keys"',
            lineIn(awsName),
          );
        }
        if (isReservedEnvName(target as string)) {
          fail(
            `${at}.keys.${awsName}`,
            `maps to ${target}, a variable shells, loaders or AWS tools rely on for something else`,
            `pick a name of your own, e.g. ${awsName} = "APP_${awsName}"`,
            lineIn(awsName),
          );
        }
        // A name given as itself is no rename: every reader of `keys` takes a key in it as renamed.
        if (target !== awsName) keys[awsName as RenamableEnvName] = target as string;
      }
      // Two values under one name: the file would keep whichever came last. The region variables
      // hold the same value, so one name for both is fine.
      const writtenAs = new Map<string, string>();
      for (const awsName of RENAMABLE_ENV_NAMES) {
        const name = keys[awsName] ?? awsName;
        const other = writtenAs.get(name.toUpperCase());
        if (other !== undefined && !(isRegionEnvName(other) && isRegionEnvName(awsName))) {
          fail(
            `${at}.keys`,
            `writes ${other} and ${awsName} both as ${name}`,
            "give each credential variable its own name",
            line,
          );
        }
        writtenAs.set(name.toUpperCase(), awsName);
      }
    }
    envFiles.push({
      path: resolve(dir, entry.path as string),
      pathAsWritten: entry.path as string,
      line: lineIn("path"),
      profile: optionalName(entry.profile, `${at}.profile`, fail, lineIn("profile")),
      keys,
      credentials: credentials as "keys" | "endpoint",
    });
  });

  return {
    path: file,
    dir,
    profile,
    minValidity: minValidity as string | undefined,
    minValidityMs,
    envFiles,
  };
}

async function findUp(cwd = process.cwd()): Promise<string | undefined> {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, PROJECT_CONFIG_FILE);
    // Whatever is there: an ssoenv.toml that is no file is said (refuseOtherThanFile), not passed over.
    if (await stat(candidate).catch(() => undefined)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * A folder or a FIFO named ssoenv.toml: one line naming it. A FIFO is not read, as it would hold
 * every command run below it until something writes to it.
 */
async function refuseOtherThanFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info || info.isFile()) return;
  if (info.isDirectory()) {
    throw new SsoenvError("PROJECT_CONFIG_INVALID", `cannot read ${file}: it is a folder, not a file`, {
      hint: `rename or remove that folder: ssoenv reads the project's settings from a file ${PROJECT_CONFIG_FILE}`,
    });
  }
  throw new SsoenvError("PROJECT_CONFIG_INVALID", `cannot read ${file}: it is not a regular file`, {
    hint: `make ${file} a file holding the project's settings, or remove it`,
  });
}

function optionalName(
  value: unknown,
  key: string,
  fail: (key: string, problem: string, fix: string, line?: number) => never,
  line?: number,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    fail(key, "must be a non-empty string (a profile name from ~/.aws/config)", 'e.g. profile = "dev"', line);
  }
  return value as string;
}

/** 1-based lines of each `[[name]]` header, in order, for error messages about one entry. */
function tableLines(text: string, name: string): number[] {
  const header = new RegExp(`^\\s*\\[\\[\\s*["']?${escapeRegExp(name)}["']?\\s*\\]\\]`);
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (header.test(line)) lines.push(index + 1);
  });
  return lines;
}

/** 1-based line of a `[name]` header (one table, not `[[name]]`), if the file has one. */
function singleTableLine(text: string, name: string): number | undefined {
  const header = new RegExp(`^\\s*\\[(?!\\[)\\s*["']?${escapeRegExp(name)}["']?\\s*\\]`);
  const index = text.split(/\r?\n/).findIndex((line) => header.test(line));
  return index === -1 ? undefined : index + 1;
}

/**
 * 1-based line of the first `key =` in the file, for error messages; with `from` (and `before`), of
 * the first one from line `from` on (and before line `before`): within one [[env_files]] entry.
 */
function lineOf(text: string, key: string, from = 1, before = Number.POSITIVE_INFINITY): number | undefined {
  const lines = text.split(/\r?\n/);
  const pattern = new RegExp(`^\\s*["']?${escapeRegExp(key)}["']?\\s*=`);
  const index = lines.findIndex((line, i) => i + 1 >= from && i + 1 < before && pattern.test(line));
  return index === -1 ? undefined : index + 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `key = bare words` (as ~/.aws/config writes `profile = dev`) as TOML wants it, `key = "bare words"`;
 * undefined for a line whose value already starts as a TOML value does (a quote, [, {) or is empty.
 */
function withQuotes(line: string): string | undefined {
  const setting = /^\s*([A-Za-z0-9_-]+)\s*=\s*([^\s"'[{#][^#]*?)\s*(?:#.*)?$/.exec(line);
  return setting ? `${setting[1]} = ${JSON.stringify(setting[2])}` : undefined;
}
