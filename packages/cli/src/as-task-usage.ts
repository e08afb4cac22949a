import { COMMAND_NAMES } from "./as-runnable.js";

/**
 * A usage hint for the command a mise task ran (`ssoenv refresh --help`, `a profile goes after
 * --profile: ssoenv refresh --profile dev`) as the task takes it: `mise run aws:refresh -- --help`.
 * SSOENV_TASK (plugins/mise/lib/exec-ssoenv.sh) is the task the user typed, so mise and it are what
 * they surely have: `ssoenv` may be on the task's PATH only (mise's [tools] or _.path), or found off
 * PATH and run by its path with the task's node. The task hands what follows `--` to `ssoenv
 * <command>` as it is. Other text, and every hint when no task ran ssoenv, stays.
 *
 * @example asTaskUsage("ssoenv refresh --help", { command: "refresh", env: { SSOENV_TASK: "mise run aws:refresh" } })
 * // "mise run aws:refresh -- --help"
 */
export function asTaskUsage(
  hint: string,
  options: { command: string | undefined; env?: NodeJS.ProcessEnv },
): string {
  const task = (options.env ?? process.env).SSOENV_TASK || undefined;
  const { command } = options;
  if (!task || !COMMAND_NAMES.some((name) => name === command)) return hint;
  const line = new RegExp(`(^|[\\s(\`'"])ssoenv ${command}(?=\\s|$)( ?)`, "g");
  return hint.replace(
    line,
    (_whole, before: string, space: string) => `${before}${task}${space ? " -- " : ""}`,
  );
}
