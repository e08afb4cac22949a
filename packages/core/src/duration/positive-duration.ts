import { parseDurationSetting } from "./parse-duration-setting.js";

/**
 * A positive duration in ms from an environment variable's value ("500ms", "5s", "1m"); bare digits
 * are refused (`SSOENV_CONNECT_TIMEOUT=5` is not 5 ms).
 *
 * @throws SsoenvError `INVALID_ARGUMENT` naming the variable.
 */
export function positiveDuration(name: string, value: string): number {
  return parseDurationSetting({
    value,
    setting: name,
    hint: `set ${name} to e.g. "500ms", "5s" or "1m", or unset it for the default`,
  });
}
