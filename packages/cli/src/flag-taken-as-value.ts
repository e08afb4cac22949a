import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { type Command, CommanderError } from "commander";

/** The error of {@link refuseFlagsAsValues}: which option took which of its command's flags. */
export type FlagTakenAsValue = CommanderError & {
  commandPath: string;
  spellings: string[];
  /** The option's value as its help names it: `<name>`, `<path>`. */
  placeholder: string;
  value: string;
};

/**
 * Commander gives an option that takes a value whatever word comes next, a flag too: `refresh
 * --env-file --json` wrote the credentials into a file named `--json`, and `env --profile --format
 * json` looked for a profile named `--format`. Refuses, before any command runs, a value that is one
 * of the command's own options (`./--json` still names such a file). Call once every command is
 * registered; exitCodeOf prints the error with {@link describeFlagTakenAsValue}.
 */
export function refuseFlagsAsValues(program: Command): void {
  const walk = (command: Command, path: string) => {
    const flags = new Set(["-h", "--help"]);
    for (const option of command.options)
      for (const flag of [option.long, option.short]) if (flag) flags.add(flag);
    for (const option of command.options) {
      if (!option.required || option.variadic) continue;
      const parse = option.parseArg;
      option.argParser((value: string, previous: unknown) => {
        if (flags.has(value.split("=")[0] as string)) {
          throw Object.assign(new CommanderError(2, "ssoenv.flagTakenAsValue", `${option.flags}: ${value}`), {
            commandPath: path,
            spellings: [option.long, option.short].filter((flag) => flag !== undefined),
            placeholder: /<[^>]+>/.exec(option.flags)?.[0] ?? "<value>",
            value,
          });
        }
        return parse ? parse(value, previous) : value;
      });
    }
    for (const sub of command.commands) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(program, "");
}

/** `--env-file needs a <path> before --json`, and the line with the value's place kept for it. */
export function describeFlagTakenAsValue(
  error: FlagTakenAsValue,
  argv: readonly string[],
): { message: string; hint: string } {
  const at = argv.findIndex((word, i) => error.spellings.includes(word) && argv[i + 1] === error.value);
  if (at < 0) {
    // `--env-file=--json`: no word to put the value before.
    const flag = error.spellings[0] ?? "";
    return {
      message: `${flag} took ${error.value}, an option of ${error.commandPath}, as its ${error.placeholder}`,
      hint: `ssoenv ${error.commandPath} --help`,
    };
  }
  const words = (from: number, to?: number) => argv.slice(from, to).map(shellWord);
  return {
    message: `${argv[at]} needs a ${error.placeholder} before ${error.value} (a variable that is not set?)`,
    hint: `ssoenv ${[...words(0, at + 1), error.placeholder, ...words(at + 1)].join(" ")}`,
  };
}
