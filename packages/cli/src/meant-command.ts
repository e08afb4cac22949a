import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * Words typed as a command that are another command's (`ssoenv sync` for `ssoenv profiles sync`) or
 * another tool's name for one (`whoami`): what ssoenv calls it. Commander would suggest a look-alike
 * instead (`ssoenv version`: "Did you mean sessions?").
 */
const MEANT: Record<string, string> = {
  version: "--version",
  sync: "profiles sync",
  list: "profiles list",
  install: "hook install",
  uninstall: "hook uninstall",
  stop: "serve --stop",
  whoami: "status",
};

/**
 * The command line `argv` (whose first word is not a command) most likely meant, with the rest of
 * its words: `["sync", "--dry-run"]` gives `ssoenv profiles sync --dry-run`; else undefined.
 */
export function meantCommand(argv: readonly string[]): string | undefined {
  const [word = "", ...rest] = argv;
  const meant = Object.hasOwn(MEANT, word) ? MEANT[word] : undefined;
  if (meant === undefined) return undefined;
  return ["ssoenv", meant, ...rest.map(shellWord)].join(" ");
}
