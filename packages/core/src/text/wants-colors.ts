import { ciSetting } from "../session/ci-setting.js";

/**
 * Whether text for `stream` gets colours, one rule for the CLI and the mise enter hook: none with
 * NO_COLOR, none with FORCE_COLOR=0 or false (as Node.js and supports-color read it), always with
 * another FORCE_COLOR; else when the stream is a terminal (TERM not dumb) or CI is set, whose logs
 * render them (ci-setting.ts: not false, 0, no, off; a CI vendor's own variables do not count, as
 * Jenkins' console shows escapes raw). Not picocolors' isColorSupported, which colours with
 * FORCE_COLOR=0 and CI=false, on every Windows pipe, and takes an argument of `exec`'s command
 * (`--color`, `--no-color`) as its own switch. No dependency: every error path loads it.
 */
export function wantsColors(options: { env: NodeJS.ProcessEnv; isTTY: boolean | undefined }): boolean {
  const { env } = options;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return (Boolean(options.isTTY) && env.TERM !== "dumb") || ciSetting(env) !== undefined;
}
