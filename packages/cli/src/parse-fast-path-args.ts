import type { FastPath, OptionSpec, ParsedArgs } from "./fast-path.js";

/**
 * Reads a command line (the words after the command's name) as the command's commander definition
 * does, from the same option list, in its plain spellings only: `--name value`, `--name=value`,
 * `-n value`, `--flag`, `-f`, and arguments for a command that takes them, every word after `--`
 * being one (pre-commit passes file names after the hook's entry: a file named `--help` must be
 * scanned, not read as an option). Undefined for anything else (an unknown option, a value that
 * starts with `-` or is empty, `-nvalue`, a lone `-`, a flag given a value, a value outside `choices`):
 * commander then reads the line, and reports what is wrong.
 * Not node's util.parseArgs: loading and compiling it cost the cached credential-process answer
 * ~3.7 M instructions (valgrind; `node -e 0` is ~78 M), a quarter of what it adds to Node.js's start.
 */
export function parseFastPathArgs(fastPath: FastPath, args: readonly string[]): ParsedArgs | undefined {
  const given = new Map<OptionSpec, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === "--") {
      if (!fastPath.takesArguments) return undefined;
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith("-")) {
      if (!fastPath.takesArguments) return undefined;
      positionals.push(word);
      continue;
    }
    const equals = word.startsWith("--") ? word.indexOf("=") : -1;
    const name = equals === -1 ? word : word.slice(0, equals);
    const spec = fastPath.options.find(
      (option) => name === `--${option.long}` || (option.short !== undefined && name === `-${option.short}`),
    );
    if (spec === undefined) return undefined;
    if (spec.value === undefined) {
      if (equals !== -1) return undefined;
      given.set(spec, true);
      continue;
    }
    const value = equals === -1 ? args[++i] : word.slice(equals + 1);
    // An empty value too: commander's reading says what is wrong with it (an empty --profile).
    if (value === undefined || value.startsWith("-") || value.trim() === "") return undefined;
    // Commander checks every occurrence against the choices, not only the last.
    if (spec.choices && !spec.choices.includes(value)) return undefined;
    given.set(spec, value);
  }
  const options: ParsedArgs["options"] = {};
  for (const spec of fastPath.options) {
    const value = given.get(spec);
    if (isNegating(spec)) {
      // Commander: a lone `--no-x` makes `x` true unless it is given.
      options[attributeName(spec)] = value !== true;
    } else if (value !== undefined) {
      options[attributeName(spec)] = value;
    } else if (spec.default !== undefined) {
      options[attributeName(spec)] = spec.default;
    }
  }
  return { args: positionals, options };
}

/** The name commander gives the option's value: camelCase, without a negating `no-`. */
export function attributeName(spec: OptionSpec): string {
  const name = isNegating(spec) ? spec.long.slice("no-".length) : spec.long;
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function isNegating(spec: OptionSpec): boolean {
  return spec.long.startsWith("no-") && spec.value === undefined;
}
