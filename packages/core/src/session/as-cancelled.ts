import { isSsoenvError, SsoenvError } from "../errors.js";

/**
 * The error to throw when `error` ended a call whose `signal` aborted, or undefined when the abort is
 * not why. A script's `AbortController.abort()` surfaces deep inside (a lock wait, an SDK call) as the
 * bare reason, a DOMException `AbortError`, and scripts branch on `isSsoenvError`: it becomes
 * `CANCELLED` with the reason as `cause`, as does a login flow's LOGIN_CANCELLED for the abort. A reason
 * that is an `SsoenvError` already (the CLI's Ctrl-C) is thrown as it is.
 */
export function asCancelled(
  signal: AbortSignal | undefined,
  error: unknown,
  what: string,
): SsoenvError | undefined {
  if (!signal?.aborted) return undefined;
  // The login flows say LOGIN_CANCELLED when the signal stops their wait; for the caller it is the same
  // event as an abort anywhere else, and LOGIN_CANCELLED must keep meaning "the user refused".
  if (isSsoenvError(error) && error.code !== "LOGIN_CANCELLED") return undefined;
  if (isSsoenvError(signal.reason)) return signal.reason;
  return new SsoenvError("CANCELLED", `${what} was cancelled: its signal aborted`, {
    hint: "the AbortSignal passed as `signal` was aborted (or timed out); call it again to retry",
    cause: signal.reason,
  });
}
