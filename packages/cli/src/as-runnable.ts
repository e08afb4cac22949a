import { asFlags } from "./as-flags.js";

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

const COMMAND_LINE = new RegExp(`(^|[\\s(\`'"])ssoenv (${COMMAND_NAMES.join("|")})(?![\\w:-])(?=( ?))`, "g");

export interface AsRunnableOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * The command whose usage the text gives (a usage error's hint, `ssoenv refresh --help`): run by a
   * mise task (SSOENV_TASK), its lines are that task's, arguments after `--`.
   */
  usageOf?: string | undefined;
}

/**
 * `text` as the user of the CLI acts on it: core's options (`{ profile: "dev" }`) as ssoenv's flags
 * (`--profile dev`, asFlags), and the ssoenv command lines in it (`ssoenv login --profile dev`) as the
 * user can run them where a wrapper found ssoenv off PATH (the mise tasks, plugins/mise/lib/exec-ssoenv.sh, say so):
 * `ssoenv login` becomes SSOENV_LOGIN_COMMAND (`mise run aws:login`), any other `ssoenv <command>`
 * SSOENV_COMMAND (the path the wrapper ran). Prose (`ssoenv does not log in from here`) and labels
 * (`ssoenv scan: skipped …`) stay.
 *
 * With `usageOf`, a line of that command is the mise task that ran it (SSOENV_TASK, the task the user
 * typed, so mise and it are what they surely have: `ssoenv` may be on the task's PATH only, or found
 * off PATH and run by its path with the task's node). The task hands what follows `--` to `ssoenv
 * <command>` as it is.
 *
 * @example asRunnable("run: ssoenv login --profile dev", { env: { SSOENV_LOGIN_COMMAND: "mise run aws:login" } })
 * // "run: mise run aws:login --profile dev"
 * @example asRunnable("ssoenv refresh --help", { usageOf: "refresh", env: { SSOENV_TASK: "mise run aws:refresh" } })
 * // "mise run aws:refresh -- --help"
 */
export function asRunnable(text: string, options: AsRunnableOptions = {}): string {
  const env = options.env ?? process.env;
  const self = env.SSOENV_COMMAND || undefined;
  const login = env.SSOENV_LOGIN_COMMAND || undefined;
  const task = (options.usageOf !== undefined && env.SSOENV_TASK) || undefined;
  const flagged = asFlags(text);
  if (!self && !login && !task) return flagged;
  return flagged.replace(COMMAND_LINE, (whole, before: string, command: string, space: string) => {
    // The space stays: only a task's arguments need its `--` before them.
    if (task && command === options.usageOf) return `${before}${task}${space ? " --" : ""}`;
    if (command === "login" && login) return `${before}${login}`;
    return self ? `${before}${self} ${command}` : whole;
  });
}
