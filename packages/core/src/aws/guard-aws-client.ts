import { ClockSkewError, clockSkewFromDate } from "./clock-skew.js";
import { rememberSecretFields } from "./secret-registry.js";

/** The part of an SDK v3 client this needs (every client has it). */
interface ClientWithMiddleware {
  middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
}

/**
 * Adds ssoenv's guards to an AWS SDK client:
 * - every secret in a command's input and output is remembered, so server text echoing it is redacted;
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
        const result = await next(args);
        rememberSecretFields(result.output);
        return result;
      },
    { step: "initialize", name: "ssoenvRememberSecrets" },
  );
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<{ response: { headers?: Record<string, string> } }>) =>
      async (args: unknown) => {
        const result = await next(args);
        const skewMs = clockSkewFromDate(result.response?.headers?.date, Date.now());
        if (skewMs !== undefined && Math.abs(skewMs) > options.maxClockSkewMs) {
          throw new ClockSkewError(skewMs, options.maxClockSkewMs);
        }
        return result;
      },
    // "low": after the SDK's deserializer in the chain, so this sees the raw answer first.
    { step: "deserialize", name: "ssoenvClockSkew", priority: "low" },
  );
  return client;
}
