import { SsoenvError } from "../errors.js";
import { validateOptions } from "../validate-options.js";
import { formatEnvValue } from "./format-env-value.js";
import { parseEnv, parseEnvEntries } from "./parse-env.js";

/** Names we accept as keys: what a shell, dotenv and docker all accept. */
const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Sets `values` in .env `text` and returns the new text. Only the values of our keys change: every
 * other byte (comments, order, blank lines, `export `, CRLF, a BOM, a missing final newline, lines no
 * reader can parse) stays. Every occurrence of a duplicated key is updated, so whichever one a reader
 * takes (dotenv, python-dotenv and docker all take the last) it gets our value. Keys not yet in the
 * file are appended in the file's newline style (`export KEY=` when every existing line uses `export`).
 *
 * Keys in `remove` lose their whole line (every occurrence; blank lines and comments around them stay):
 * a file switched to the credentials endpoint must not keep static keys, which every SDK prefers.
 *
 * Works on any string view of the file; `updateEnvFile` passes a latin1 view so bytes that are not
 * UTF-8 survive untouched.
 *
 * @throws SsoenvError ENV_FILE_INVALID for a bad key name or a value no reader form can hold.
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
  const entries = parseEnvEntries(text);
  const before = parseEnv(text);
  const newline = /\r\n|\n|\r/.exec(text)?.[0] ?? "\n";
  const bindings = entries.filter((entry) => entry.key !== undefined);
  const allExported = bindings.length > 0 && bindings.every((entry) => entry.exported);

  let output = "";
  let cursor = 0;
  const seen = new Set<string>();
  for (const entry of entries) {
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

  const missing = Object.keys(values).filter((key) => !seen.has(key));
  if (missing.length > 0) {
    const lines = missing.map(
      (key) =>
        `${allExported ? "export " : ""}${key}=${formatEnvValue({ key, value: values[key] as string })}`,
    );
    const endsWithNewline = output === "" || /[\r\n]$/.test(output);
    // A file without a final newline keeps that shape: we separate, but add none at the very end.
    output = endsWithNewline
      ? output + lines.map((line) => line + newline).join("")
      : output + lines.map((line) => newline + line).join("");
  }

  // Check our own work: every reader-visible value is ours for our keys and unchanged for the others.
  const after = parseEnv(output);
  for (const [key, value] of Object.entries(values)) {
    if (after[key] !== value) throw unsafe(key);
  }
  for (const [key, value] of Object.entries(before)) {
    if (remove.has(key)) {
      if (Object.hasOwn(after, key)) throw unsafe(key);
    } else if (!Object.hasOwn(values, key) && after[key] !== value) throw unsafe(key);
  }
  const changedKeys = [
    ...Object.keys(values).filter((key) => before[key] !== values[key]),
    ...[...remove].filter((key) => Object.hasOwn(before, key)),
  ];
  return { text: output, changedKeys };
}

function lastLineBreak(text: string, before: number): number {
  return Math.max(text.lastIndexOf("\n", before - 1), text.lastIndexOf("\r", before - 1));
}

function unsafe(key: string): SsoenvError {
  return new SsoenvError(
    "ENV_FILE_INVALID",
    `updating ${key} would change how other lines of the file are read; nothing was written`,
    { hint: "fix the unterminated quote or invalid line near it, then run the command again" },
  );
}
