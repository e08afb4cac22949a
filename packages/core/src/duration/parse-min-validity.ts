import type { SsoenvErrorCode } from "../errors.js";
import { parseDurationSetting } from "./parse-duration-setting.js";

/** What a person types as min-validity, from a flag, a variable or a file. */
export interface ParseMinValidityOptions {
  value: string;
  /**
   * Where the value was written, as the error names it: `--min-validity`, `SSOENV_MIN_VALIDITY`,
   * `/path/ssoenv.toml:3: min_validity`.
   */
  setting: string;
  /** @default "INVALID_ARGUMENT" (both map to exit code 2) */
  code?: Extract<SsoenvErrorCode, "INVALID_ARGUMENT" | "PROJECT_CONFIG_INVALID">;
}

/**
 * The one validator of a min-validity typed by a person (`--min-validity`, `SSOENV_MIN_VALIDITY`,
 * `min_validity` in ssoenv.toml): a duration with a unit ("90m", "2h", "1h30m", "1d"), or "0"
 * (see parseDurationSetting). A person who writes `--min-validity 90` means minutes or hours, and
 * guessing wrong would either never log in again or always.
 *
 * @example parseMinValidity({ value: "2h", setting: "--min-validity" }) // 7_200_000
 * @throws SsoenvError `INVALID_ARGUMENT` (or `code`): one line naming the setting and what is wrong.
 */
export function parseMinValidity(options: ParseMinValidityOptions): number {
  return parseDurationSetting({
    ...options,
    allowZero: true,
    hint: 'write a duration with a unit, e.g. "90m", "2h" or "1h30m" ("0" for no minimum)',
  });
}
