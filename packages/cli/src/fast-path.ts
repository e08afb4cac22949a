/**
 * One option of a command, as data. The command's commander definition is built from it
 * (addOptions), and so is its fast path's parser (parseFastPathArgs): the two cannot drift apart.
 * Kept free of commander so that the entry bundle can hold it.
 */
export interface OptionSpec {
  /** The long name without its dashes: `"profile"`, or `"no-input"` for a negating flag. */
  long: string;
  /** One letter: `"p"` for `-p`. */
  short?: string;
  /** The value's name in help (`<name>`); absent for a flag. */
  value?: string;
  description: string;
  /** The value when the option is not given (options with a value only). */
  default?: string;
  /** The only values accepted. */
  choices?: readonly string[];
}

/** A command line as a command's action gets it: its arguments and its options by attribute name. */
export interface ParsedArgs {
  args: string[];
  /** Commander's names: `--max-file-size` is `maxFileSize`, `--no-input` is `input` (false). */
  options: Record<string, string | boolean | undefined>;
}

/**
 * A way to answer a command before commander and the command's module load, for the command lines
 * other tools run again and again (AWS tools run `credential-process` before every command, git runs
 * `scan --staged` on every commit). Declared in the command table (commands.ts); runCli parses the
 * command line with `options` (strict: an unknown option, a missing or odd value, arguments to a
 * command that takes none, a value outside `choices` leave it to commander) and calls `answer`.
 */
export interface FastPath {
  /** Every option of the command: the commander command is built from this same list. */
  options: readonly OptionSpec[];
  /** Whether the command takes arguments (`scan [paths...]`). */
  takesArguments: boolean;
  /** Resolves to the exit code, or undefined having printed nothing (commander then takes over). */
  answer: (parsed: ParsedArgs) => Promise<number | undefined>;
}
