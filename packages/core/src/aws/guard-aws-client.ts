import { ClockSkewError, clockSkewFromDate } from "./clock-skew.js";
import { rememberSecretFields } from "./secret-registry.js";

/** The part of an SDK v3 client this needs (every client has it). */
interface ClientWithMiddleware {
  middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
}

/**
 * Adds ssoenv's guards to an AWS SDK client:
 * - every secret in a command's input and output is remembered, so server text echoing it is redacted;
 * - an error keeps no way back to the request (see forgetRequest), whose headers hold the access token
 *   or the session token;
 * - an answer whose `Date` header is more than `maxClockSkewMs` away from this machine's clock is
 *   refused (ClockSkewError), before its body is even parsed.
 */
export function guardAwsClient<T extends ClientWithMiddleware>(
  client: T,
  options: { maxClockSkewMs: number },
): T {
  client.middlewareStack.add(
    (next: (args: { input: unknown }) => Promise<{ output: unknown }>) =>
      async (args: { input: unknown }) => {
        rememberSecretFields(args.input);
        try {
          const result = await next(args);
          rememberSecretFields(result.output);
          return result;
        } catch (error) {
          forgetRequest(error);
          throw error;
        }
      },
    { step: "initialize", name: "ssoenvRememberSecrets" },
  );
  client.middlewareStack.add(
    (
      next: (
        args: unknown,
      ) => Promise<{ response: { headers?: Record<string, string>; body?: { destroy?: () => void } } }>,
    ) =>
      async (args: unknown) => {
        const result = await next(args);
        const skewMs = clockSkewFromDate(result.response?.headers?.date, Date.now());
        if (skewMs !== undefined && Math.abs(skewMs) > options.maxClockSkewMs) {
          // Refused unread: let go of its connection, or the process waits for the server to close it.
          result.response?.body?.destroy?.();
          throw new ClockSkewError(skewMs, options.maxClockSkewMs);
        }
        return result;
      },
    // "low": after the SDK's deserializer in the chain, so this sees the raw answer first.
    { step: "deserialize", name: "ssoenvClockSkew", priority: "low" },
  );
  return client;
}

/**
 * Lets go of the HTTP response stream an SDK error keeps in its hidden `$response`: through it (the
 * stream's `req`) the request was reachable, and with it the SSO access token (`x-amz-sso_bearer_token`)
 * or the role's session token (`x-amz-security-token`), printed by `util.inspect(err, { showHidden:
 * true, depth: Infinity })` or any logger that walks hidden fields of `cause`. The SDK defines
 * `$response` read-only, so its body goes; status and headers (AWS's, no secret) stay.
 */
function forgetRequest(error: unknown): void {
  const response = (error as { $response?: unknown } | null | undefined)?.$response;
  if (typeof response !== "object" || response === null || !("body" in response)) return;
  try {
    (response as { body: unknown }).body = undefined;
  } catch {
    // A frozen response: nothing to let go of that this process could.
  }
}
