import type { SessionEvent } from "../session/session-types.js";

/**
 * Turns callAws retries into `retrying` session events (what `ssoenv` shows as "retrying in N ms"),
 * or undefined when nobody listens.
 */
export function retryReporter(onEvent: ((event: SessionEvent) => void) | undefined) {
  if (!onEvent) return undefined;
  return (info: { operation: string; attempt: number; kind: string; delayMs: number }) =>
    onEvent({
      type: "retrying",
      operation: info.operation,
      attempt: info.attempt,
      delayMs: info.delayMs,
      message: `${info.operation}: ${info.kind === "network" ? "network error" : info.kind}, retrying in ${info.delayMs} ms`,
    });
}
