import { parseDurationSetting } from "../duration/parse-duration-setting.js";

/**
 * `ssoenv_session_duration` of a section of `file` (an `[sso-session corp]`, or a legacy profile's own
 * `[profile dev]`), in ms: how long a sign-in there lasts; undefined when the section does not set it.
 * `section` names it in the error (`sso-session corp`, `profile dev`).
 * @throws SsoenvError `CONFIG_INVALID` naming the setting, its section and the file.
 */
export function readSessionDuration(options: {
  values: Readonly<Record<string, string | undefined>>;
  section: string;
  file: string;
}): number | undefined {
  const value = options.values.ssoenv_session_duration;
  if (!value) return undefined;
  return parseDurationSetting({
    value,
    setting: `ssoenv_session_duration in [${options.section}] of ${options.file}:`,
    code: "CONFIG_INVALID",
    hint: `write it as "12h", "8h" or "1h30m" (your IAM Identity Center session duration)`,
  });
}

/**
 * `SSOENV_SESSION_DURATION` of `env` in ms (it overrides ssoenv_session_duration); undefined when unset
 * or empty. Checked where a profile loads, before any call, as the config's key is: a value ssoenv
 * ignored would make it assume AWS's 8 h without a word.
 * @throws SsoenvError `INVALID_ARGUMENT` naming the variable (bare digits too: "12" is not 12 ms).
 */
export function readSessionDurationVariable(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.SSOENV_SESSION_DURATION;
  if (!value) return undefined;
  return parseDurationSetting({
    value,
    setting: "SSOENV_SESSION_DURATION",
    hint: 'set SSOENV_SESSION_DURATION to your IAM Identity Center session duration, e.g. "8h" or "12h", or unset it',
  });
}
