import { isSsoenvError, SsoenvError } from "../errors.js";
import { parseDuration } from "./parse-duration.js";

/**
 * A positive duration in ms from an environment variable's value ("500ms", "5s", "1m").
 *
 * @throws SsoenvError `INVALID_ARGUMENT` naming the variable.
 */
export function positiveDuration(name: string, value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    if (!isSsoenvError(error)) throw error;
    ms = 0;
  }
  if (ms > 0) return ms;
  throw new SsoenvError("INVALID_ARGUMENT", `${name}="${value}" is not a positive duration`, {
    hint: `set ${name} to e.g. "500ms", "5s" or "1m", or unset it for the default`,
  });
}
