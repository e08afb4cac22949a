// Types only: a fast path (credential-process's) reads the option specs below without loading commander.
import type { Command } from "commander";
import { addOptions } from "./add-options.js";
import type { OptionSpec } from "./fast-path.js";

/** `-p, --profile <name>` on every command that talks to AWS. */
export const PROFILE_OPTION: OptionSpec = {
  long: "profile",
  short: "p",
  value: "name",
  description:
    "AWS profile (default: ssoenv.toml `profile`, then SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, `default`)",
};

/** `--no-input`: never prompt, never open a browser (also implied when stdin/stderr are not terminals, or in a CI job). */
export const INPUT_OPTION: OptionSpec = {
  long: "no-input",
  description: "never prompt or open a browser; exit 3 with the command to run when a login is needed",
};

/** Adds PROFILE_OPTION. */
export function addProfileOption(command: Command): Command {
  return addOptions(command, [PROFILE_OPTION]);
}

/** Adds INPUT_OPTION. */
export function addInputOption(command: Command): Command {
  return addOptions(command, [INPUT_OPTION]);
}

/** `--min-validity <duration>`: the same session check on every session command. */
export function addMinValidityOption(command: Command): Command {
  return command.option(
    "-m, --min-validity <duration>",
    `log in again first when the session ends sooner than this, e.g. 2h, 90m (default: SSOENV_MIN_VALIDITY, then ssoenv.toml min_validity)`,
  );
}

/** Options shared by the session commands, as commander parses them. */
export interface SessionCommandOptions {
  profile?: string;
  input?: boolean;
  minValidity?: string;
}

/** Help text block: "Examples:" then one example per line. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;
}
