/** Stable codes of the errors this package throws on purpose. */
export type SecretScanErrorCode =
  | "PATH_UNREADABLE"
  | "PATH_UNWRITABLE"
  | "NOT_A_GIT_REPOSITORY"
  | "NO_WORK_TREE"
  | "GIT_FAILED"
  | "BASELINE_INVALID";

/**
 * The one error class of `@ssoenv/secret-scan`: `code` to branch on, `message` naming the file or
 * option, `hint` with the fix. Messages never contain a secret (only paths and options).
 */
export class SecretScanError extends Error {
  override readonly name = "SecretScanError";
  readonly code: SecretScanErrorCode;
  readonly hint: string | undefined;

  constructor(code: SecretScanErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

/** Shape check that also works across duplicated module copies. */
export function isSecretScanError(value: unknown): value is SecretScanError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { name?: unknown }).name === "SecretScanError" &&
    typeof (value as { code?: unknown }).code === "string"
  );
}
