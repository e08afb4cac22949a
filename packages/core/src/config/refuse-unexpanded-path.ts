import { existsSync } from "node:fs";
import { SsoenvError } from "../errors.js";

/** `$NAME` or `${NAME}`, as Python's os.path.expandvars finds them on POSIX. */
const VARIABLE = /\$(\w+|\{[^}]*\})/g;

/**
 * Refuses a file variable (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`) with a `$HOME` in it that
 * the AWS CLI and boto3 would expand (botocore runs os.path.expandvars on it) to a file that exists,
 * while the path as written, which the AWS SDKs and ssoenv read, does not: otherwise ssoenv would read
 * another file than `aws` (or none) without a word. Such a value is left unexpanded by GitHub Actions
 * `env:`, systemd `Environment=` or a .env file. `resolvePath` turns a value into the absolute path
 * ssoenv reads (a leading `~/` expanded).
 *
 * @throws SsoenvError `ENVIRONMENT_INVALID`.
 */
export function refuseUnexpandedPath(options: {
  variable: string;
  value: string;
  env: NodeJS.ProcessEnv;
  resolvePath: (value: string) => string;
}): void {
  const { variable, value, env, resolvePath } = options;
  const expanded: string[] = [];
  const botocoreValue = value.replace(VARIABLE, (match, name: string) => {
    const known = env[name.replace(/^\{(.*)\}$/, "$1")];
    if (known === undefined) return match; // expandvars leaves an unknown variable as written
    expanded.push(match);
    return known;
  });
  if (expanded.length === 0) return;
  const asWritten = resolvePath(value);
  const botocorePath = resolvePath(botocoreValue);
  if (existsSync(asWritten) || !existsSync(botocorePath)) return;
  throw new SsoenvError(
    "ENVIRONMENT_INVALID",
    `${variable} is ${value}: the AWS CLI and boto3 expand ${[...new Set(expanded)].join(" and ")} in it and read ${botocorePath}, the AWS SDKs and ssoenv take it as written (${asWritten}, which does not exist)`,
    { hint: `write the path out where ${variable} is set: ${variable}=${botocorePath}` },
  );
}
