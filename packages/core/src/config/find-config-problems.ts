import { readFile } from "node:fs/promises";
import { configFilePath } from "./aws-paths.js";

/** A line of ~/.aws/config that the AWS SDKs skip without a word. */
export interface ConfigLineProblem {
  /** 1-based line number. */
  line: number;
  /** The key name of a `key = value` line outside any section; absent for a line with no `=`. */
  key?: string;
  /** What is wrong, without anything from the line itself (a value may be a secret). */
  reason: "outside-section" | "not-key-value" | "unclosed-section";
}

/** What findConfigProblems found. */
export interface ConfigProblems {
  /** The config file looked at (`AWS_CONFIG_FILE`, else `~/.aws/config`). */
  path: string;
  exists: boolean;
  problems: ConfigLineProblem[];
}

/**
 * The lines of the AWS config file that the SDK's INI reader (`@smithy/shared-ini-file-loader`,
 * the one loadSsoProfile uses) skips, so a typo silently drops a setting; the AWS CLI refuses the
 * whole file instead ("Unable to parse config file"). Follows the loader's rules: comments start
 * with `#` or `;` at the start or after a space; `[name]` opens a section; inside one, `key = value`
 * (an indented line continues a sub-section). Reports line numbers and key names only, never a value.
 *
 * @example const { path, problems } = await findConfigProblems(); // [{ line: 7, reason: "not-key-value" }]
 */
export async function findConfigProblems(options: { env?: NodeJS.ProcessEnv } = {}): Promise<ConfigProblems> {
  const path = configFilePath(options.env ?? process.env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return { path, exists: false, problems: [] };
  }
  const problems: ConfigLineProblem[] = [];
  let inSection = false;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.split(/(^|\s)[;#]/)[0]?.trim() ?? "";
    if (line === "") continue;
    if (line.startsWith("[")) {
      // The SDK keeps filling the previous section after a header without its "]".
      if (line.endsWith("]")) inSection = true;
      else problems.push({ line: index + 1, reason: "unclosed-section" });
      continue;
    }
    const equals = line.indexOf("=");
    if (!inSection) {
      // A key name only when it looks like one: `token: abc=` would make the secret the "key".
      const key = equals > 0 ? line.slice(0, equals).trim() : "";
      problems.push({
        line: index + 1,
        ...(/^[A-Za-z0-9_.-]{1,64}$/.test(key) ? { key } : {}),
        reason: "outside-section",
      });
    } else if (equals <= 0 && raw.trimStart() === raw) {
      problems.push({ line: index + 1, reason: "not-key-value" });
    }
  }
  return { path, exists: true, problems };
}
