import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * Commander's "option '-p, --profile <name>' argument missing" as ssoenv says it: the flag as typed,
 * what it needs, and the line with it. The usual cause is a script's `--profile $PROFILE` with the
 * variable unset, so that nothing follows the flag (a quoted empty one is refuse-empty-names.ts's).
 * Undefined when the line does not end at that flag (commander's words stay).
 */
export function missingOptionValue(
  message: string,
  argv: readonly string[],
): { message: string; hint: string } | undefined {
  const flags = /^option '(.+)' argument missing$/.exec(message)?.[1];
  const value = flags && /<[^>]+>/.exec(flags)?.[0];
  const typed = argv.at(-1);
  if (!flags || !value || !typed || !flags.split(/[, ]+/).includes(typed)) return undefined;
  return {
    message: `${typed} needs a ${value} after it (a variable that is not set?)`,
    hint: `ssoenv ${argv.map(shellWord).join(" ")} ${value}`,
  };
}
