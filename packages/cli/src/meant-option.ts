import { CREDENTIAL_FORMATS } from "@ssoenv/core/internal/credentials/credential-formats";
import { shellWord } from "@ssoenv/secret-scan/shell-word";

/** Each shell's `ssoenv env --format`: bash and zsh read sh's exports. */
const FORMAT_OF_SHELL: Record<string, string> = {
  sh: "sh",
  bash: "sh",
  zsh: "sh",
  dash: "sh",
  ksh: "sh",
  fish: "fish",
  powershell: "powershell",
  pwsh: "powershell",
};

/**
 * An option a command does not take, typed for what another option or command does: `env --shell zsh`
 * (direnv's, aws-vault's word) is `env --format sh`; `login --device-code` is `--use-device-code`;
 * `sessions --profile dev` is status's line. The hint
 * is the line meant; commander would suggest a look-alike instead ("Did you mean --help?").
 * `unknown` is the word commander named (`--shell`, `--shell=pwsh`); undefined for any other.
 */
export function meantOption(
  commandPath: string,
  unknown: string,
  argv: readonly string[],
): string | undefined {
  const at = argv.indexOf(unknown);
  if (at < 0) return undefined;
  const name = unknown.split("=")[0];
  if (commandPath === "env" && name === "--shell") return formatLine(argv, at);
  // Too far from --use-device-code for commander's look-alike: the name aws sso login gave it.
  if (commandPath === "login" && unknown === "--device-code") {
    const line = argv.map((word, i) => (i === at ? "--use-device-code" : word));
    return `the flag is --use-device-code, as in aws sso login: ssoenv ${line.map(shellWord).join(" ")}`;
  }
  if (commandPath === "sessions" && (name === "--profile" || unknown.startsWith("-p"))) {
    // The command word only: a profile may be named "sessions" too.
    const command = argv.indexOf("sessions");
    const line = argv.map((word, i) => (i === command ? "status" : word));
    return `sessions lists every sign-in; one profile's is status's: ssoenv ${line.map(shellWord).join(" ")}`;
  }
  return undefined;
}

/**
 * `env --format zsh` (`-f bash`, `--format=pwsh`): a shell's name where its format goes, which commander
 * refused. The hint is the line with that shell's format (bash and zsh read sh's exports); undefined
 * for another command or a value that names no shell.
 */
export function formatOfShell(commandPath: string, argv: readonly string[]): string | undefined {
  if (commandPath !== "env") return undefined;
  const at = argv.findIndex((word) => word === "--format" || word === "-f" || word.startsWith("--format="));
  if (at < 0) return undefined;
  const word = argv[at] as string;
  const inline = word.includes("=");
  const shell = inline ? word.slice(word.indexOf("=") + 1) : (argv[at + 1] ?? "");
  const format = Object.hasOwn(FORMAT_OF_SHELL, shell.toLowerCase())
    ? FORMAT_OF_SHELL[shell.toLowerCase()]
    : undefined;
  if (format === undefined || format === shell) return undefined;
  const given = inline ? [`--format=${format}`] : [word, format];
  const line = [...argv.slice(0, at), ...given, ...argv.slice(at + (inline ? 1 : 2))];
  return `${shell} reads the ${format} format: ssoenv ${line.map(shellWord).join(" ")}`;
}

/** `--shell zsh` (or `--shell=zsh`) at `at` as `--format sh`, when that shell has a format. */
function formatLine(argv: readonly string[], at: number): string {
  const word = argv[at] as string;
  const inline = word.includes("=");
  const shell = (inline ? word.slice(word.indexOf("=") + 1) : (argv[at + 1] ?? "")).toLowerCase();
  const format = Object.hasOwn(FORMAT_OF_SHELL, shell) ? FORMAT_OF_SHELL[shell] : undefined;
  if (format === undefined) {
    const formats = `${CREDENTIAL_FORMATS.slice(0, -1).join(", ")} or ${CREDENTIAL_FORMATS.at(-1)}`;
    return `the output format goes after --format (${formats}): ssoenv env --help`;
  }
  const line = [...argv.slice(0, at), "--format", format, ...argv.slice(at + (inline ? 1 : 2))];
  return `the output format goes after --format: ssoenv ${line.map(shellWord).join(" ")}`;
}
