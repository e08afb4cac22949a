import { SsoenvError } from "@ssoenv/core/internal/errors";

/**
 * An AbortSignal that Ctrl-C (SIGINT) aborts, for the duration of one command, and `dispose` to stop
 * listening. The abort reason is a `CANCELLED` SsoenvError: core and the AWS SDK throw the signal's
 * reason as it is, so what reaches the user is "cancelled (Ctrl-C)" and exit 130, not an unexpected
 * error with a stack.
 */
export function cancelOnInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const cancel = () => controller.abort(new SsoenvError("CANCELLED", "cancelled (Ctrl-C)"));
  process.once("SIGINT", cancel);
  return { signal: controller.signal, dispose: () => process.off("SIGINT", cancel) };
}
