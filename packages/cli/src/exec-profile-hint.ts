import { shellWord } from "@ssoenv/secret-scan/shell-word";
import type { Command } from "commander";

/**
 * `ssoenv exec aws s3 ls --profile dev`, options last as the AWS CLI takes them: `--profile dev` is
 * the command's, and ssoenv, with no profile named, used `default`. The hint is the line with ssoenv's
 * `--profile` before the command (and `--`); undefined when the command's words hold no --profile/-p,
 * or `--` already ends ssoenv's options.
 */
export function execProfileHint(exec: Command, argv: readonly string[]): string | undefined {
  const { own, command, dashDash } = execWords(exec, argv);
  if (dashDash) return undefined;
  const at = command.findIndex((word) => /^(--profile(=.*)?|-p)$/.test(word));
  if (at <= 0) return undefined;
  const moved = command[at]?.includes("=") ? command.slice(at, at + 1) : command.slice(at, at + 2);
  if (moved.length === 1 && !moved[0]?.includes("=")) return undefined;
  const rest = [...command.slice(0, at), ...command.slice(at + moved.length)];
  const line = ["ssoenv", "exec", ...own, ...moved, "--", ...rest].map(shellWord).join(" ");
  return `ssoenv's options go before the command: ${line}`;
}

/**
 * `argv` (`exec …`) split as commander reads it: ssoenv's own option words, then the command's words
 * (after `--` when `dashDash`, else from the first word that is not one of ssoenv's options).
 */
export function execWords(
  exec: Command,
  argv: readonly string[],
): { own: string[]; command: string[]; dashDash: boolean } {
  const takesValue = (word: string) =>
    exec.options.some((o) => (o.long === word || o.short === word) && (o.required || o.optional));
  let start = 1;
  while (start < argv.length && (argv[start] as string).startsWith("-")) {
    if (argv[start] === "--")
      return { own: argv.slice(1, start), command: argv.slice(start + 1), dashDash: true };
    start += takesValue(argv[start] as string) ? 2 : 1;
  }
  return { own: argv.slice(1, start), command: argv.slice(start), dashDash: false };
}
