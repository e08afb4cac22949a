import { constants } from "node:os";

/**
 * Every error ssoenv raises on purpose. `code` is stable (scripts may branch on it),
 * `message` says what happened, `hint` says how to fix it — usually a command to run.
 * Messages and hints never contain a token or a secret.
 */
export type SsoenvErrorCode =
  // usage and configuration (CLI exit code 2)
  | "INVALID_ARGUMENT"
  | "CONFIG_INVALID"
  | "PROFILE_NOT_FOUND"
  | "NOT_SSO_PROFILE"
  | "PROJECT_CONFIG_INVALID"
  | "ENV_FILE_INVALID"
  | "CONFIG_UNWRITABLE"
  | "ENVIRONMENT_INVALID"
  // a role's mfa_serial with no one to type its code (no terminal: CI, credential_process, serve)
  | "MFA_CODE_REQUIRED"
  // a login method the user chose (aws-cli) without the tool it needs: install it or choose another
  | "AWS_CLI_MISSING"
  | "AWS_CLI_TOO_OLD"
  // a minValidity longer than any sign-in of the profile lasts (its configured duration)
  | "SESSION_TOO_SHORT"
  // login needed but not possible here (CLI exit code 3); a corrupt token cache too: a login replaces it
  | "LOGIN_REQUIRED"
  | "TOKEN_CACHE_INVALID"
  // failures (CLI exit code 1)
  | "LOGIN_FAILED"
  | "LOGIN_CANCELLED"
  | "LOGIN_TIMED_OUT"
  | "ACCESS_DENIED"
  | "ENDPOINT_UNREACHABLE"
  | "AWS_ANSWER_UNEXPECTED"
  | "CLOCK_SKEW"
  | "CREDENTIALS_INVALID"
  | "LOCK_TIMEOUT"
  | "ENV_FILE_WRITE_FAILED"
  | "FILE_ACCESS_FAILED"
  | "COMMAND_FAILED"
  // exec's command did not start: not found (CLI exit code 127), found but not runnable (126), as a
  // shell, env or timeout exit: a script tells "terraform missing" from terraform's own exit 1
  | "COMMAND_NOT_FOUND"
  | "COMMAND_NOT_EXECUTABLE"
  // ssoenv serve
  | "PORT_IN_USE"
  | "SERVER_START_FAILED"
  // stopped by the person at the terminal (Ctrl-C), or by SIGTERM / SIGHUP: CLI exit code 128 + the
  // signal's number (130, 143, 129), as a shell reports a command the signal ended
  | "CANCELLED";

/**
 * Where the name of a profile came from: `option` (given by the caller: `--profile`, an argument),
 * an environment variable, the project's `ssoenv.toml`, or `default` (nothing named one).
 */
export type ProfileSource =
  | "option"
  | "SSOENV_PROFILE"
  | "AWS_PROFILE"
  | "AWS_DEFAULT_PROFILE"
  | "ssoenv.toml"
  | "default";

/** The profile a `PROFILE_NOT_FOUND` looked for, and where its name came from. */
export interface MissingProfile {
  name: string;
  source: ProfileSource;
  /** The ssoenv.toml that named it (`source: "ssoenv.toml"`). */
  path?: string;
}

export interface SsoenvErrorOptions {
  /** How to fix it, ideally a command to run. */
  hint?: string;
  /** The underlying error (an AWS SDK error, a file-system error, the abort reason). */
  cause?: unknown;
  /** `CANCELLED` by a signal to the process (the CLI's SIGTERM, SIGHUP): its exit code is 128 + its number. */
  signal?: NodeJS.Signals;
  /** `PROFILE_NOT_FOUND`: the profile looked for and where its name came from. */
  profile?: MissingProfile;
}

export class SsoenvError extends Error {
  override readonly name = "SsoenvError";
  readonly code: SsoenvErrorCode;
  readonly hint: string | undefined;
  /** The signal that cancelled it (`CANCELLED` only), when one did. */
  readonly signal: NodeJS.Signals | undefined;
  /**
   * The profile not found (`PROFILE_NOT_FOUND`): callers branch on these fields, never on the message's
   * words.
   */
  readonly profile: MissingProfile | undefined;

  constructor(code: SsoenvErrorCode, message: string, options: SsoenvErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.signal = options.signal;
    this.profile = options.profile;
  }
}

/** Narrowing helper that also works across duplicated module copies (checks the shape, not the class). */
export function isSsoenvError(value: unknown, code?: SsoenvErrorCode): value is SsoenvError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  if (candidate.name !== "SsoenvError" || typeof candidate.code !== "string") return false;
  return code === undefined || candidate.code === code;
}

const USAGE_CODES: ReadonlySet<SsoenvErrorCode> = new Set([
  "INVALID_ARGUMENT",
  "CONFIG_INVALID",
  "PROFILE_NOT_FOUND",
  "NOT_SSO_PROFILE",
  "PROJECT_CONFIG_INVALID",
  "ENV_FILE_INVALID",
  "CONFIG_UNWRITABLE",
  "ENVIRONMENT_INVALID",
  // A profile that needs a person to type a code, run where none is: the fix is where it runs.
  "MFA_CODE_REQUIRED",
  // Only a --port given can be taken (ssoenv serve checks it before a login): the flag and its fix.
  "PORT_IN_USE",
  // --method aws-cli (SSOENV_LOGIN_METHOD) without an AWS CLI v2 >= 2.9: every retry would fail alike.
  "AWS_CLI_MISSING",
  "AWS_CLI_TOO_OLD",
  // A minValidity longer than the configured sign-in: decided before any call, the same every retry;
  // the fix is the option or ssoenv_session_duration.
  "SESSION_TOO_SHORT",
]);

/** What to check for each system error a file operation can meet. */
const FILE_ERROR_HINTS: Record<string, string> = {
  EPERM:
    "check the permissions and flags of the file and its folder (lsattr: an immutable file cannot change)",
  EACCES: "check the permissions of the file and its folder",
  EROFS: "the file system is mounted read-only: point ssoenv at a writable HOME or file",
  ENOSPC: "free some disk space",
  EDQUOT: "free some space within your disk quota",
  EISDIR: "a folder stands where a file should be",
  ENOTDIR: "a file stands where a folder should be",
  ENAMETOOLONG: "use a shorter path",
  ELOOP: "a symbolic link loops",
  EMFILE: "too many files are open; try again",
};

/**
 * A file-system failure (EPERM, EACCES, EROFS, ENOSPC, ...) from Node as one SsoenvError
 * (`FILE_ACCESS_FAILED`: the operation, the path, the code and what to check); undefined for
 * anything else. For the CLI's last line of defence: an odd file is not a bug to report.
 */
export function fromFileSystemError(error: unknown): SsoenvError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!(e instanceof Error) || typeof e.code !== "string" || !/^E[A-Z]+$/.test(e.code)) return undefined;
  if (typeof e.path !== "string" || typeof e.syscall !== "string") return undefined;
  return new SsoenvError("FILE_ACCESS_FAILED", `cannot ${e.syscall} ${e.path}: ${e.code}`, {
    hint: FILE_ERROR_HINTS[e.code] ?? "check the file, its folder and the disk",
    cause: error,
  });
}

/**
 * Exit code convention shared by the CLI and the shell plugins: 1 failure, 2 usage/config, 3 login
 * needed, 127 / 126 exec's command not found / not executable, 130 cancelled by Ctrl-C (128 + SIGINT, what a shell, mise or CI expects of an interrupted
 * command), 143 by SIGTERM, 129 by SIGHUP (128 + the error's `signal`). The CLI maps every error
 * through this one function.
 */
export function exitCodeFor(error: SsoenvError): number {
  if (error.code === "CANCELLED") return 128 + (constants.signals[error.signal ?? "SIGINT"] ?? 2);
  // A corrupt token cache is "login needed" too: its fix is a login, which replaces the file.
  if (error.code === "LOGIN_REQUIRED" || error.code === "TOKEN_CACHE_INVALID") return 3;
  if (error.code === "COMMAND_NOT_FOUND") return 127;
  if (error.code === "COMMAND_NOT_EXECUTABLE") return 126;
  return USAGE_CODES.has(error.code) ? 2 : 1;
}
