import { shellWord } from "@ssoenv/secret-scan/shell-word";
import type { UsageError } from "./name-usage-errors.js";

/**
 * `ssoenv status dev` (aws-vault's `exec dev`) or `ssoenv refresh .env`: one word where the command
 * takes none is most likely the value of `--profile` or `--env-file`. The hint is the line typed with
 * that option before the word; undefined when the command has neither, or for several words.
 */
export function excessWordHint(error: UsageError, argv: readonly string[]): string | undefined {
  const [word, ...more] = error.excessWords ?? [];
  if (word === undefined || more.length > 0 || word.startsWith("-")) return undefined;
  const options = error.optionNames ?? [];
  const isFile = word.includes("/") || word.startsWith(".") || /\.env\b/.test(word);
  const option =
    isFile && options.includes("--env-file")
      ? { name: "--env-file", what: "a file" }
      : options.includes("--profile")
        ? { name: "--profile", what: "a profile" }
        : undefined;
  const at = argv.lastIndexOf(word);
  if (!option || at < 0) return undefined;
  const line = [...argv.slice(0, at), option.name, word, ...argv.slice(at + 1)];
  return `${option.what} goes after ${option.name}: ssoenv ${line.map(shellWord).join(" ")}`;
}
