import { existsSync, readFileSync } from "node:fs";
import { SsoenvError } from "../errors.js";

/** `$NAME` or `${NAME}`, as Python's os.path.expandvars finds them on POSIX. */
const VARIABLE = /\$(\w+|\{[^}]*\})/g;

/**
 * Refuses a file variable (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`) with a `$HOME` (or a
 * `~USER/`) in it that the AWS CLI and boto3 would expand (botocore runs
 * os.path.expandvars, then os.path.expanduser on it) to a file that exists,
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
  // Then os.path.expanduser: ~NAME/ is NAME's home folder in the password database.
  const user = /^~([^/]+)(?=\/|$)/.exec(botocoreValue)?.[1];
  const home = user === undefined ? undefined : (homeOfRunningUser(user) ?? homeInPasswdFile(user));
  const botocoreExpanded = user && home ? `${home}${botocoreValue.slice(user.length + 1)}` : botocoreValue;
  if (user && home) expanded.push(`~${user}`);
  if (expanded.length === 0) return;
  const asWritten = resolvePath(value);
  const botocorePath = resolvePath(botocoreExpanded);
  if (existsSync(asWritten) || !existsSync(botocorePath)) return;
  throw new SsoenvError(
    "ENVIRONMENT_INVALID",
    `${variable} is ${value}: the AWS CLI and boto3 expand ${[...new Set(expanded)].join(" and ")} in it and read ${botocorePath}, the AWS SDKs and ssoenv take it as written (${asWritten}, which does not exist)`,
    { hint: `write the path out where ${variable} is set: ${variable}=${botocorePath}` },
  );
}

/** The passwd home folder of `user` when that is the user running ssoenv, else undefined. */
function homeOfRunningUser(user: string): string | undefined {
  try {
    // From getBuiltinModule, not an import: every command's start (scan --staged's too) loads this file,
    // and node:os is needed only for a ~NAME/ path.
    const { username, homedir } = process.getBuiltinModule("node:os").userInfo();
    return username === user ? homedir : undefined;
  } catch {
    return undefined; // a uid with no passwd entry (a container's --user 1234)
  }
}

/**
 * The home folder of another `user` in /etc/passwd (`name:x:uid:gid:gecos:home:shell`), as Python's
 * pwd module finds it there; undefined where there is no such file or user (Windows; a user known to
 * the system only through LDAP or sssd, which Node cannot look up without spawning `getent`).
 */
function homeInPasswdFile(user: string): string | undefined {
  try {
    for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
      const fields = line.split(":");
      if (fields[0] === user && fields.length >= 7) return fields[5] || undefined;
    }
  } catch {
    // no /etc/passwd, or unreadable
  }
  return undefined;
}
