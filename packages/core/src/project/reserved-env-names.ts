/**
 * Variables a shell, the dynamic loader, a runtime or an AWS SDK relies on for something other than
 * credentials. A .env file is loaded into processes (`dotenv`, `docker --env-file`, `set -a; . .env`):
 * an ssoenv.toml from a cloned repository must not be able to put a session token in PATH, or an
 * access key id in LD_PRELOAD or AWS_CONFIG_FILE.
 */
const RESERVED_NAMES = new Set([
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "PWD",
  "OLDPWD",
  "IFS",
  "PS1",
  "PS2",
  "PS4",
  "ENV",
  "BASH_ENV",
  "CDPATH",
  "PROMPT_COMMAND",
  "SHELLOPTS",
  "BASHOPTS",
  "TERM",
  "TMPDIR",
  "TMP",
  "TEMP",
  "LANG",
  "TZ",
  "HOSTNAME",
  "MAIL",
  "EDITOR",
  "VISUAL",
  "PAGER",
  "NODE_OPTIONS",
  "NODE_PATH",
  "PYTHONPATH",
  "PYTHONSTARTUP",
  "PYTHONHOME",
  "PERL5LIB",
  "PERL5OPT",
  "RUBYOPT",
  "RUBYLIB",
  "JAVA_TOOL_OPTIONS",
  "GIT_DIR",
  "GIT_SSH_COMMAND",
  "SSH_AUTH_SOCK",
  "USERPROFILE",
  "HOMEPATH",
  "HOMEDRIVE",
  "SYSTEMROOT",
  "COMSPEC",
  "PATHEXT",
  "APPDATA",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CA_BUNDLE",
  "AWS_ROLE_ARN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_SDK_LOAD_CONFIG",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
]);

/** Families of such variables. */
const RESERVED_PREFIXES = [
  "LD_",
  "DYLD_",
  "LC_",
  "BASH_FUNC_",
  "AWS_ENDPOINT_URL",
  "AWS_CONTAINER_",
  "SSOENV_",
];

/**
 * True for a name a key mapping must not write to (compared without case: Windows reads `Path` as PATH).
 *
 * @example isReservedEnvName("PATH") // true
 * @example isReservedEnvName("S3_ACCESS_KEY_ID") // false
 */
export function isReservedEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return RESERVED_NAMES.has(upper) || RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}
