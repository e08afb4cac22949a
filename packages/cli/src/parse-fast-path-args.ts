import type { FastPath, OptionSpec, ParsedArgs } from "./fast-path.js";

/**
 * Parses a command line (the words after the command's name) as the command's commander definition
 * does, with node's util.parseArgs in strict mode on the same option list. Undefined for anything it
 * does not take as commander would (a parse error, a value outside `choices`): commander then reads
 * it, and reports what is wrong. util.parseArgs rather than commander: it is built into Node.js
 * (node:util is loaded at start-up already; parseArgs adds two small built-in modules).
 */
export function parseFastPathArgs(fastPath: FastPath, args: readonly string[]): ParsedArgs | undefined {
  const { parseArgs } = process.getBuiltinModule("node:util");
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries(
        fastPath.options.map((spec) => [
          spec.long,
          {
            type: spec.value ? ("string" as const) : ("boolean" as const),
            ...(spec.short ? { short: spec.short } : {}),
            // Commander checks every occurrence against the choices, not only the last.
            ...(spec.choices ? { multiple: true } : {}),
          },
        ]),
      ),
      strict: true,
      allowPositionals: fastPath.takesArguments,
    });
  } catch {
    return undefined;
  }
  const options: ParsedArgs["options"] = {};
  for (const spec of fastPath.options) {
    const value = parsed.values[spec.long];
    if (Array.isArray(value) && !value.every((one) => typeof one === "string" && spec.choices?.includes(one)))
      return undefined;
    const given = Array.isArray(value) ? value.at(-1) : value;
    if (isNegating(spec)) {
      // Commander: a lone `--no-x` makes `x` true unless it is given.
      options[attributeName(spec)] = given !== true;
    } else if (typeof given === "string") {
      options[attributeName(spec)] = given;
    } else if (given === true) {
      options[attributeName(spec)] = true;
    } else if (spec.default !== undefined) {
      options[attributeName(spec)] = spec.default;
    }
  }
  return { args: parsed.positionals, options };
}

/** The name commander gives the option's value: camelCase, without a negating `no-`. */
export function attributeName(spec: OptionSpec): string {
  const name = isNegating(spec) ? spec.long.slice("no-".length) : spec.long;
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function isNegating(spec: OptionSpec): boolean {
  return spec.long.startsWith("no-") && spec.value === undefined;
}
