import type { Command } from "commander";
import type { OptionSpec } from "./fast-path.js";

/**
 * Adds options described as data (OptionSpec) to a commander command: how a command with a fast path
 * defines its options, so that the fast path's parser reads the same list. Uses the command's own
 * createOption, so that this module does not load commander.
 */
export function addOptions(command: Command, specs: readonly OptionSpec[]): Command {
  for (const spec of specs) {
    const option = command.createOption(optionFlags(spec), spec.description);
    if (spec.choices) option.choices(spec.choices);
    if (spec.default !== undefined) option.default(spec.default);
    command.addOption(option);
  }
  return command;
}

/** The spec as commander's flags: `-p, --profile <name>`. */
export function optionFlags(spec: OptionSpec): string {
  return `${spec.short ? `-${spec.short}, ` : ""}--${spec.long}${spec.value ? ` <${spec.value}>` : ""}`;
}
