import { SsoenvError } from "../errors.js";

/** Characters that dotenv, python-dotenv and docker `--env-file` all read literally when unquoted. */
const SAFE_UNQUOTED = /^[A-Za-z0-9_\-./+=:,@%]*$/;

/**
 * The text to write after `KEY=` so that dotenv (npm), python-dotenv and docker `--env-file` read
 * `value` back exactly. AWS credentials ([A-Za-z0-9/+=]), regions and ISO dates are written unquoted
 * (docker takes quotes literally, so unquoted is the only form all three agree on). When the existing
 * line used quotes and the value fits them, the same quotes are kept.
 *
 * @throws SsoenvError ENV_FILE_INVALID when no form reads back the same in every reader.
 * @example formatEnvValue({ key: "AWS_REGION", value: "eu-west-1" }) // "eu-west-1"
 */
export function formatEnvValue(options: { key: string; value: string; quote?: "'" | '"' }): string {
  const { key, value, quote } = options;
  const fitsSingle = !/['\\\r\n]/.test(value);
  // Double quotes: no escapes (dotenv and python-dotenv decode different sets) and no `$` (python-dotenv
  // interpolates); a line break is written as is (both read multi-line double-quoted values).
  const fitsDouble = !/["\\$\r]/.test(value);
  if (quote === "'" && fitsSingle) return `'${value}'`;
  if (quote === '"' && fitsDouble) return `"${value}"`;
  if (SAFE_UNQUOTED.test(value)) return value;
  if (fitsSingle) return `'${value}'`;
  if (fitsDouble) return `"${value}"`;
  throw new SsoenvError(
    "ENV_FILE_INVALID",
    `the value for ${key} cannot be written so that every .env reader reads it back unchanged`,
    { hint: `map ${key} to a value without both quotes and backslashes` },
  );
}
