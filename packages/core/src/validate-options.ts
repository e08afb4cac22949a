import { SsoenvError } from "./errors.js";
import { closestName } from "./text/closest-name.js";

/** What an option must be; the last five take values our own functions return. */
export type OptionKind =
  | "any"
  | "string"
  | "number"
  | "boolean"
  | "function"
  | "object"
  | "string-or-number"
  | "env"
  | "signal"
  | "sso-profile"
  | "profile-name-or-sso-profile"
  | "session"
  | "credentials"
  | "token";

const KINDS: Record<OptionKind, { what: string; test: (value: unknown) => boolean }> = {
  // an option the function checks itself (with its own message), listed so that it is known
  any: { what: "anything", test: () => true },
  string: { what: "a string", test: (v) => typeof v === "string" },
  number: { what: "a number", test: (v) => typeof v === "number" && !Number.isNaN(v) },
  boolean: { what: "true or false", test: (v) => typeof v === "boolean" },
  function: { what: "a function", test: (v) => typeof v === "function" },
  object: { what: "an object", test: (v) => isObject(v) },
  "string-or-number": {
    what: 'a duration ("2h") or milliseconds',
    test: (v) => ["string", "number"].includes(typeof v),
  },
  env: { what: "an object of environment variables (such as process.env)", test: (v) => isObject(v) },
  signal: { what: "an AbortSignal", test: (v) => v instanceof AbortSignal },
  "sso-profile": { what: "an SSO profile (what loadSsoProfile() returns)", test: isSsoProfile },
  "profile-name-or-sso-profile": {
    what: "a profile name or an SSO profile (what loadSsoProfile() returns)",
    test: (v) => typeof v === "string" || isSsoProfile(v),
  },
  session: {
    what: "a session (what ensureSession() returns)",
    test: (v) => isObject(v) && isCredentials(v.credentials),
  },
  credentials: {
    what: "credentials ({ accessKeyId, secretAccessKey, sessionToken, expiration })",
    test: isCredentials,
  },
  token: {
    what: "an SSO token ({ startUrl, region, accessToken, expiresAt, ... })",
    test: (v) => isObject(v) && typeof v.accessToken === "string" && v.expiresAt instanceof Date,
  },
};

/**
 * Checks what a plain-JavaScript caller passed to a public function, before any of it is used: a
 * missing options object, a missing required option, one of the wrong kind or one the function does
 * not take (`dryrun` for `dryRun` would otherwise be ignored: a "dry run" that writes) is
 * `INVALID_ARGUMENT` naming the function and the option, with a call that works as the hint, not a
 * TypeError from deep inside. `kinds` lists every option the function takes (undefined is always fine
 * for an optional one; `"any"` for one it checks itself).
 *
 * @example validateOptions({ fn: "readSsoToken", options, kinds: { profile: "sso-profile", env: "env" }, required: ["profile"], example: "..." })
 * @throws SsoenvError `INVALID_ARGUMENT`
 */
export function validateOptions(check: {
  /** The public function's name, as the caller wrote it. */
  fn: string;
  options: unknown;
  kinds: Readonly<Record<string, OptionKind>>;
  required?: readonly string[];
  /** A call that works, for the hint. */
  example: string;
}): void {
  const { fn, options, kinds, required = [], example } = check;
  const hint = `e.g. ${example}`;
  if (options === undefined || options === null) {
    if (required.length === 0) return;
    throw new SsoenvError("INVALID_ARGUMENT", `${fn}() needs an options object with ${list(required)}`, {
      hint,
    });
  }
  if (!isObject(options)) {
    throw new SsoenvError("INVALID_ARGUMENT", `${fn}() takes an options object, not ${describe(options)}`, {
      hint,
    });
  }
  for (const name of Object.keys(options)) {
    if (Object.hasOwn(kinds, name)) continue;
    const meant = closestName(name, Object.keys(kinds));
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${fn}(): unknown option \`${name}\`${meant ? ` (did you mean \`${meant}\`?)` : ""}`,
      { hint: `${fn}() takes ${Object.keys(kinds).join(", ")}; ${hint}` },
    );
  }
  for (const name of required) {
    if (options[name] === undefined)
      throw new SsoenvError("INVALID_ARGUMENT", `${fn}(): options.${name} is missing`, { hint });
  }
  for (const [name, kind] of Object.entries(kinds)) {
    const value = options[name];
    if (value === undefined || KINDS[kind].test(value)) continue;
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${fn}(): options.${name} must be ${KINDS[kind].what}, not ${describe(value)}`,
      { hint },
    );
  }
}

/** The same check for a function that takes one value, not an options object (`parseEnv(text)`). */
export function validateArgument(check: {
  fn: string;
  name: string;
  value: unknown;
  kind: OptionKind;
  example: string;
}): void {
  if (KINDS[check.kind].test(check.value)) return;
  throw new SsoenvError(
    "INVALID_ARGUMENT",
    `${check.fn}(): ${check.name} must be ${KINDS[check.kind].what}, not ${describe(check.value)}`,
    { hint: `e.g. ${check.example}` },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCredentials(value: unknown): boolean {
  return (
    isObject(value) && typeof value.accessKeyId === "string" && typeof value.secretAccessKey === "string"
  );
}

/** The kind of a wrong value, never the value itself: it may be a secret. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object without the expected fields";
  return `a ${typeof value}`;
}

function list(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(" and ");
}

function isSsoProfile(value: unknown): boolean {
  return isObject(value) && (typeof value.ssoSession === "string" || typeof value.startUrl === "string");
}
