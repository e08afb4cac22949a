import { closestName } from "@ssoenv/core/internal/text/closest-name";
import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * Commander's "option '-f, --format <format>' argument 'yaml' is invalid. Allowed choices are sh, …."
 * in ssoenv's words: `--format yaml is not one of: sh, …`, and, for a value close to one of them
 * (`jsn`), the line with it as hint. Undefined for any other message.
 */
export function invalidChoice(
  message: string,
  argv: readonly string[],
): { message: string; hint?: string } | undefined {
  const parts =
    /^option '(?:(-\w), )?(--[\w-]+)[^']*' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/.exec(
      message,
    );
  if (!parts) return undefined;
  const [, short, long, value, list] = parts as unknown as [
    string,
    string | undefined,
    string,
    string,
    string,
  ];
  const choices = list.split(", ");
  const said = `${long} ${value} is not one of: ${choices.join(", ")}`;
  const meant = closestName(value, choices);
  if (meant === undefined) return { message: said };
  const line = argv.map((word, i) => {
    if (word === `${long}=${value}`) return `${long}=${meant}`;
    const flag = argv[i - 1];
    return word === value && (flag === long || (short !== undefined && flag === short)) ? meant : word;
  });
  return { message: said, hint: `did you mean ${meant}? ssoenv ${line.map(shellWord).join(" ")}` };
}
