import { SsoenvError, type SsoenvErrorCode } from "../errors.js";
import { parseDuration } from "./parse-duration.js";

/** A duration a person typed in a flag, a variable or a file. */
export interface ParseDurationSettingOptions {
  value: string;
  /**
   * Where the value was written, as the error names it: `--timeout`, `SSOENV_CONNECT_TIMEOUT`,
   * `/path/ssoenv.toml:3: min_validity`.
   */
  setting: string;
  /** @default "INVALID_ARGUMENT" (all three map to exit code 2) */
  code?: Extract<SsoenvErrorCode, "INVALID_ARGUMENT" | "PROJECT_CONFIG_INVALID" | "CONFIG_INVALID">;
  /** Whether "0" is a value (min-validity's "no minimum"); else the duration must be positive. @default false */
  allowZero?: boolean;
  /** The fix. @default 'write a duration with a unit, e.g. "90s", "5m" or "1h30m"' */
  hint?: string;
}

/**
 * The one validator of a duration typed by a person: a number with a unit ("90s", "5m", "2h",
 * "1h30m", "1d"). Stricter than parseDuration, which takes bare digits as milliseconds for the
 * library's callers: a person who writes `--timeout 5` means minutes or seconds, never 5 ms.
 *
 * @example parseDurationSetting({ value: "5m", setting: "--timeout" }) // 300_000
 * @throws SsoenvError `INVALID_ARGUMENT` (or `code`): one line naming the setting and what is wrong.
 */
export function parseDurationSetting(options: ParseDurationSettingOptions): number {
  const text = options.value.trim();
  let problem =
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
      if (ms === 0 && !options.allowZero) problem = "is zero";
      else if (Number.isSafeInteger(ms)) return ms;
    } catch {
      // reported below with the setting's name
    }
  }
  throw new SsoenvError(
    options.code ?? "INVALID_ARGUMENT",
    `${options.setting} ${JSON.stringify(shown(options.value))} ${problem ?? "is not a duration"}`,
    { hint: options.hint ?? 'write a duration with a unit, e.g. "90s", "5m" or "1h30m"' },
  );
}

/** The value as typed, short and without control characters (it lands in a terminal). */
function shown(value: string): string {
  const clean = value.replace(/\p{Cc}/gu, "?");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
