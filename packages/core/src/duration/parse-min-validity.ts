import { SsoenvError, type SsoenvErrorCode } from "../errors.js";
import { parseDuration } from "./parse-duration.js";

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
 * `min_validity` in ssoenv.toml): a duration with a unit ("90m", "2h", "1h30m", "1d"), or "0".
 * Stricter than parseDuration, which takes bare digits as milliseconds for the library's callers:
 * a person who writes `--min-validity 90` means minutes or hours, and guessing wrong would either
 * never log in again or always.
 *
 * @example parseMinValidity({ value: "2h", setting: "--min-validity" }) // 7_200_000
 * @throws SsoenvError `INVALID_ARGUMENT` (or `code`): one line naming the setting and what is wrong.
 */
export function parseMinValidity(options: ParseMinValidityOptions): number {
  const text = options.value.trim();
  const problem =
    text === ""
      ? "is empty"
      : /^-/.test(text)
        ? "is negative"
        : /^\d+(\.\d+)?$/.test(text) && Number(text) !== 0
          ? "has no unit"
          : undefined;
  if (!problem) {
    try {
      const ms = parseDuration(text);
      if (Number.isSafeInteger(ms)) return ms;
    } catch {
      // reported below with the setting's name
    }
  }
  throw new SsoenvError(
    options.code ?? "INVALID_ARGUMENT",
    `${options.setting} ${JSON.stringify(shown(options.value))} ${problem ?? "is not a duration"}`,
    { hint: 'write a duration with a unit, e.g. "90m", "2h" or "1h30m" ("0" for no minimum)' },
  );
}

/** The value as typed, short and without control characters (it lands in a terminal). */
function shown(value: string): string {
  const clean = value.replace(/\p{Cc}/gu, "?");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
