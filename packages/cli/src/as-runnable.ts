/** Every command name (commands.ts's COMMANDS, and `help`): a word after `ssoenv ` that is one of these makes a command line. */
export const COMMAND_NAMES = [
  "login",
  "status",
  "ensure",
  "env",
  "refresh",
  "exec",
  "credential-process",
  "serve",
  "profiles",
  "logout",
  "console",
  "sessions",
  "doctor",
  "scan",
  "hook",
  "ci-job",
  "help",
] as const;

const COMMAND_LINE = new RegExp(`(^|[\\s(\`'"])ssoenv (${COMMAND_NAMES.join("|")})(?![\\w:-])`, "g");

/**
 * `text` with the ssoenv command lines in it (`ssoenv login --profile dev`) as the user can run them
 * where a wrapper found ssoenv off PATH (the mise tasks, plugins/mise/lib/exec-ssoenv.sh, say so):
 * `ssoenv login` becomes SSOENV_LOGIN_COMMAND (`mise run aws:login`), any other `ssoenv <command>`
 * SSOENV_COMMAND (the path the wrapper ran). Prose (`ssoenv does not log in from here`) and labels
 * (`ssoenv scan: skipped …`) stay.
 *
 * @example asRunnable("run: ssoenv login --profile dev", { SSOENV_LOGIN_COMMAND: "mise run aws:login" })
 * // "run: mise run aws:login --profile dev"
 */
export function asRunnable(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const self = env.SSOENV_COMMAND || undefined;
  const login = env.SSOENV_LOGIN_COMMAND || undefined;
  if (!self && !login) return text;
  return text.replace(COMMAND_LINE, (whole, before: string, command: string) => {
    if (command === "login" && login) return `${before}${login}`;
    return self ? `${before}${self} ${command}` : whole;
  });
}
