import { SsoenvError } from "../errors.js";
import type { Session } from "../session/session-types.js";
import { validateOptions } from "../validate-options.js";
import { credentialEnv, PROFILE_ENV_NAMES } from "./credential-env.js";
import { CREDENTIAL_FORMATS, type CredentialFormat } from "./credential-formats.js";

/**
 * Credentials as text to evaluate or store, quoted correctly for each shell. The shell formats first
 * unset `AWS_PROFILE` and `AWS_DEFAULT_PROFILE`: left pointing at another profile, they would win
 * over these credentials (JS SDK v3) or confuse which identity is in use.
 * - `sh`: `unset AWS_PROFILE AWS_DEFAULT_PROFILE`, `export K='v'` (POSIX sh, bash, zsh; `eval "$(ssoenv env)"`)
 * - `fish`: `set -e AWS_PROFILE;`, `set -gx K 'v';`
 * - `powershell`: `Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue`, `$Env:K = 'v'`
 * - `dotenv`: `K=v` (quoted only when needed; a file cannot unset)
 * - `json`: `{ "K": "v" }` (the variables to set)
 *
 * @throws SsoenvError `INVALID_ARGUMENT` for an unknown format.
 */
export function formatCredentials(options: {
  session: Pick<Session, "credentials" | "region">;
  format: CredentialFormat;
}): string {
  validateOptions({
    fn: "formatCredentials",
    options,
    kinds: { session: "session", format: "string" },
    required: ["session", "format"],
    example: 'formatCredentials({ session: await ensureSession(), format: "sh" })',
  });
  const env = credentialEnv(options.session);
  const entries = Object.entries(env);
  switch (options.format) {
    case "sh":
      return lines([
        `unset ${PROFILE_ENV_NAMES.join(" ")}`,
        ...entries.map(([k, v]) => `export ${k}=${shQuote(v)}`),
      ]);
    case "fish":
      return lines([
        ...PROFILE_ENV_NAMES.map((k) => `set -e ${k};`),
        ...entries.map(([k, v]) => `set -gx ${k} ${fishQuote(v)};`),
      ]);
    case "powershell":
      return lines([
        ...PROFILE_ENV_NAMES.map((k) => `Remove-Item Env:${k} -ErrorAction SilentlyContinue`),
        ...entries.map(([k, v]) => `$Env:${k} = ${powershellQuote(v)}`),
      ]);
    case "dotenv":
      return lines(entries.map(([k, v]) => `${k}=${dotenvValue(v)}`));
    case "json":
      return `${JSON.stringify(env, null, 2)}\n`;
    default:
      throw new SsoenvError("INVALID_ARGUMENT", `Unknown credential format "${String(options.format)}"`, {
        hint: `use one of: ${CREDENTIAL_FORMATS.join(", ")}`,
      });
  }
}

function lines(list: string[]): string {
  return `${list.join("\n")}\n`;
}

/** POSIX single quotes: nothing is special inside but the quote itself. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish single quotes: only \\ and \' are escapes. */
export function fishQuote(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** PowerShell verbatim string: a quote is doubled. */
export function powershellQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Bare when safe (python-dotenv quote_mode="never" style, as the script of the Medley Advent Calendar 2024 article wrote), else double-quoted. */
export function dotenvValue(value: string): string {
  if (/^[A-Za-z0-9_+/=.:@%,-]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
