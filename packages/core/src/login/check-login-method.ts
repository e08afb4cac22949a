import { SsoenvError } from "../errors.js";
import type { LoginMethod } from "../session/session-types.js";

const METHODS: readonly LoginMethod[] = ["auto", "aws-cli", "native"];

/**
 * The login method a caller asked for, checked: a script in plain JavaScript gets no type error for
 * `login: "awscli"`, and anything unknown used to fall through to the built-in login silently.
 * @throws SsoenvError `INVALID_ARGUMENT` naming the option and the values it takes.
 */
export function checkLoginMethod(value: unknown, option: string): LoginMethod {
  if ((METHODS as readonly unknown[]).includes(value)) return value as LoginMethod;
  throw new SsoenvError("INVALID_ARGUMENT", `Invalid ${option} ${JSON.stringify(value) ?? String(value)}`, {
    hint: `use one of ${METHODS.map((m) => `"${m}"`).join(", ")}${option === "login" ? ", or false (never log in)" : ""}`,
  });
}
