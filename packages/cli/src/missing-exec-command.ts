import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * `ssoenv exec --profile dev` (or `… --`) with no command: the line it needs, the command after `--`.
 * `argv` is the command line after `ssoenv`, starting with `exec`.
 *
 * @example missingExecCommand(["exec", "--profile", "dev"]) // "the command goes after --: ssoenv exec --profile dev -- <command>"
 */
export function missingExecCommand(argv: readonly string[]): string {
  const words = argv.at(-1) === "--" ? argv.slice(0, -1) : argv;
  return `the command goes after --: ssoenv ${words.map(shellWord).join(" ")} -- <command>`;
}
