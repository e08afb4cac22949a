import { exitCodeFor, fromFileSystemError, isSsoenvError } from "@ssoenv/core/internal/errors";

/** An error as the CLI shows it: its code, one message, the fix, and the exit code. */
export interface DescribedError {
  /** The error's code (`PROFILE_NOT_FOUND`, `FILE_ACCESS_FAILED`...), or `UNEXPECTED` for a bug. */
  code: string;
  message: string;
  hint?: string;
  /** 1 failure, 2 usage or config, 3 login needed (core's exitCodeFor). */
  exitCode: number;
  /** Only for an unexpected error: its stack, to be reported. */
  stack?: string;
}

/**
 * The one mapping from an error to what the user sees and the exit code: ssoenv's errors -> their
 * message, hint and core's exitCodeFor; a file the system refused (EACCES, EROFS, ENOTDIR...) ->
 * `FILE_ACCESS_FAILED` naming it, not a bug; the scanner's errors -> 2; anything else -> `UNEXPECTED`,
 * 1, "please report".
 */
export function describeError(error: unknown): DescribedError {
  const known = isSsoenvError(error) ? error : fromFileSystemError(error);
  if (known) {
    return {
      code: known.code,
      message: known.message,
      ...(known.hint ? { hint: known.hint } : {}),
      exitCode: exitCodeFor(known),
    };
  }
  if (isNamed(error, "SecretScanError")) {
    const scanError = error as { code: string; message: string; hint?: string };
    return {
      code: scanError.code,
      message: scanError.message,
      ...(scanError.hint ? { hint: scanError.hint } : {}),
      exitCode: 2,
    };
  }
  return {
    code: "UNEXPECTED",
    message: `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    hint: "please report this at https://github.com/ssoenv/ssoenv/issues",
    exitCode: 1,
    stack: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
}

/** A shape check, not instanceof: works across duplicated module copies. */
function isNamed(error: unknown, name: string): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === name;
}
