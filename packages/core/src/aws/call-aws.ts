import { setTimeout as sleep } from "node:timers/promises";
import { SsoenvError } from "../errors.js";

/** What went wrong with an AWS call, for retry decisions. */
export type AwsFailureKind = "network" | "throttled" | "server" | "other";

/** Classifies an AWS SDK error: only network, throttling and 5xx failures are worth retrying. */
export function classifyAwsError(error: unknown): AwsFailureKind {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  const name = e?.name ?? "";
  if (status === 429 || /^(TooManyRequests|Throttl|RequestLimitExceeded)/.test(name)) return "throttled";
  if ((status !== undefined && status >= 500) || /^(InternalServer|ServiceUnavailable)/.test(name)) {
    return "server";
  }
  const code = e?.code ?? "";
  if (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNABORTED|UND_ERR)/.test(
      code,
    ) ||
    name === "TimeoutError" ||
    /socket hang up|ECONNREFUSED|ECONNRESET/i.test(String((error as Error)?.message ?? ""))
  ) {
    return "network";
  }
  // A response without an HTTP status is a transport problem (connection dropped mid-way).
  if (status === undefined && !(error instanceof SsoenvError) && name !== "AbortError") return "network";
  return "other";
}

export interface CallAwsOptions {
  /** "SSO GetRoleCredentials", for messages. */
  operation: string;
  /** The URL called, for messages. */
  endpoint: string;
  /** Attempts in total for retryable failures. @default 3 */
  attempts?: number;
  /** First backoff; doubles each time, with jitter. @default 200 */
  baseDelayMs?: number;
  signal?: AbortSignal | undefined;
  /** Called before each retry. */
  onRetry?:
    | ((info: { operation: string; attempt: number; kind: AwsFailureKind; delayMs: number }) => void)
    | undefined;
}

/**
 * Runs one AWS call, retrying with exponential backoff on throttling, 5xx and network errors only.
 * Other errors are returned to the caller unchanged (it knows what they mean).
 *
 * @throws SsoenvError `ENDPOINT_UNREACHABLE` once the attempts are used up.
 */
export async function callAws<T>(options: CallAwsOptions, send: () => Promise<T>): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const baseDelayMs = options.baseDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await send();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const kind = classifyAwsError(error);
      if (kind === "other") throw error;
      if (attempt >= attempts) throw unreachable(options, kind, attempts, error);
      const delayMs = Math.round(baseDelayMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4));
      options.onRetry?.({ operation: options.operation, attempt, kind, delayMs });
      await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}

function unreachable(
  options: CallAwsOptions,
  kind: AwsFailureKind,
  attempts: number,
  cause: unknown,
): SsoenvError {
  const what =
    kind === "throttled"
      ? "was throttled"
      : kind === "server"
        ? "answered with a server error"
        : `could not be reached (${describeNetworkError(cause)})`;
  return new SsoenvError(
    "ENDPOINT_UNREACHABLE",
    `${options.operation} at ${options.endpoint} ${what}, ${attempts} attempt${attempts === 1 ? "" : "s"}`,
    {
      hint:
        kind === "network"
          ? "check your network connection, proxy and AWS_ENDPOINT_URL_* variables, then try again"
          : "AWS is busy or failing; try again in a minute",
      cause,
    },
  );
}

function describeNetworkError(error: unknown): string {
  const e = error as { code?: string; name?: string; message?: string };
  return e?.code ?? (e?.name && e.name !== "Error" ? e.name : (e?.message ?? "network error"));
}
