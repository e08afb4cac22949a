import { setTimeout as sleep } from "node:timers/promises";
import { likelyRegion } from "../config/region-name.js";
import { SsoenvError } from "../errors.js";
import { cleanServerText } from "./clean-server-text.js";
import { ClockSkewError, formatSkew } from "./clock-skew.js";
import type { ConfiguredEndpoint } from "./configured-endpoint.js";
import { NETWORK_DEADLINE_VARIABLES, type NetworkDeadlines, networkDeadlines } from "./network-deadlines.js";
import { proxyFor } from "./proxy-for.js";
import { isRegionEnvName } from "./region-env-names.js";
import type { RegionSetting } from "./region-setting.js";
import { httpStatusOf, isAwsErrorAnswer, unexpectedAnswer } from "./unexpected-answer.js";
import { withoutUserInfo } from "./without-user-info.js";

/** What went wrong with an AWS call, for retry decisions. */
export type AwsFailureKind = "network" | "timeout" | "throttled" | "server" | "clock-skew" | "other";

/**
 * Classifies an AWS SDK error: only network, throttling and 5xx failures are worth retrying.
 * Throttling is 429 TooManyRequestsException (SSO), 400 Throttling (STS) and 400 SlowDownException
 * (SSO OIDC: its model has no 429, `slow_down` is its rate limit on every operation).
 */
export function classifyAwsError(error: unknown): AwsFailureKind {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number; clockSkewCorrected?: boolean };
  };
  const status = e?.$metadata?.httpStatusCode;
  const name = e?.name ?? "";
  // AWS refused the signing time (more than 15 min off its clock) and the SDK has since set its clock
  // offset from the answer's Date: signing again goes through. The SDK's own retry would do this; ours
  // replaces it (maxAttempts 1). Only a skew SSOENV_MAX_CLOCK_SKEW allows gets this far.
  if (e?.$metadata?.clockSkewCorrected === true) return "clock-skew";
  if (status === 429 || /^(TooManyRequests|Throttl|RequestLimitExceeded|SlowDown)/.test(name)) {
    return "throttled";
  }
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

/** The longest pause before a retry, as in the AWS SDK and the AWS CLI. */
const MAX_BACKOFF_MS = 20_000;

export interface CallAwsOptions {
  /** "SSO GetRoleCredentials", for messages. */
  operation: string;
  /** The URL called, for messages. */
  endpoint: string;
  /**
   * The override that sent the call to `endpoint` (configuredEndpoint), if one did: named when the
   * endpoint cannot be reached, since a leftover (the emulator walk-through's AWS_ENDPOINT_URL_SSO_OIDC)
   * is then the likely cause, not the network.
   */
  override?: ConfiguredEndpoint | undefined;
  /**
   * The setting the endpoint's region came from, when that region is not a region name
   * (regionSettingOf): a host that does not exist is then named as that typo, not as the network.
   */
  regionSetting?: RegionSetting | undefined;
  /** Where the deadlines come from (`SSOENV_CONNECT_TIMEOUT`, ...). @default process.env */
  env?: NodeJS.ProcessEnv | undefined;
  /** @default networkDeadlines(env) */
  deadlines?: NetworkDeadlines | undefined;
  /** Attempts in total for retryable failures, within the deadlines' budget. @default 3 */
  attempts?: number;
  /** First backoff after a 5xx, network error or timeout; doubles each time, within 20 % either way. @default 200 */
  baseDelayMs?: number;
  /**
   * First backoff after throttling; doubles each time (at most 20 s), and a random part of it is
   * waited (full jitter), as the AWS SDK's standard retry (@smithy/core: 1 s for throttling) and the
   * AWS CLI's standard mode (a random part of 1 s, 2 s, 4 s...) do: clients throttled together do not
   * come back together. @default 1000
   */
  throttledBaseDelayMs?: number;
  /** Where the jitter comes from, a number in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * AWS error names the caller handles itself: they are passed through at once, never retried (a
   * device flow polls again after SlowDownException in its own time). Any other AWS error that is not
   * retried becomes one `AWS_ANSWER_UNEXPECTED` line. Without this list every AWS error is passed through.
   */
  knownErrors?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
  /** Called before each retry. */
  onRetry?:
    | ((info: { operation: string; attempt: number; kind: AwsFailureKind; delayMs: number }) => void)
    | undefined;
}

/**
 * Runs one AWS call under deadlines: each attempt gets `send(signal)` with a signal that aborts at the
 * response deadline (pass it to `client.send(command, { abortSignal })`), and all attempts together
 * stay within the budget. Throttling, 5xx, network errors and timeouts are retried with exponential
 * backoff. Answers that are not AWS's (a proxy's HTML, a 200 that is not JSON) and AWS errors the
 * caller does not know become one line; a clock far from AWS's is refused.
 *
 * @throws SsoenvError `ENDPOINT_UNREACHABLE` once the attempts or the budget are used up,
 *   `AWS_ANSWER_UNEXPECTED`, `CLOCK_SKEW`, `INVALID_ARGUMENT` (a bad deadline variable).
 */
export async function callAws<T>(
  options: CallAwsOptions,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadlines = options.deadlines ?? networkDeadlines(options.env ?? process.env);
  const attempts = Math.max(1, options.attempts ?? 3);
  const baseDelayMs = options.baseDelayMs ?? 200;
  const throttledBaseDelayMs = options.throttledBaseDelayMs ?? 1000;
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    const remainingMs = deadlines.budgetMs - (Date.now() - startedAt);
    const timer = AbortSignal.timeout(Math.max(1, Math.min(deadlines.responseMs, remainingMs)));
    const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
    try {
      return await untilAborted(send(signal), signal);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof SsoenvError) throw error;
      if (error instanceof ClockSkewError) throw clockSkew(options, error);
      // An error the caller handles is its own, even a throttling one (the device flow's slow_down).
      if (isAwsErrorAnswer(error) && options.knownErrors?.includes(nameOf(error))) throw error;
      // Not transient: trying again meets the same certificate.
      if (isUntrustedCertificate(error)) throw untrustedCertificate(options, error, Date.now() - startedAt);
      const kind = timer.aborted ? "timeout" : classifyAwsError(error);
      if (kind === "other") {
        if (
          !isAwsErrorAnswer(error) ||
          (options.knownErrors && !options.knownErrors.includes(nameOf(error)))
        ) {
          throw unexpectedAnswer({
            operation: options.operation,
            endpoint: withoutUserInfo(options.endpoint),
            error,
          });
        }
        throw error;
      }
      const random = options.random ?? Math.random;
      const delayMs =
        kind === "throttled"
          ? Math.round(random() * Math.min(throttledBaseDelayMs * 2 ** (attempt - 1), MAX_BACKOFF_MS))
          : Math.round(baseDelayMs * 2 ** (attempt - 1) * (0.8 + random() * 0.4));
      const budgetLeftMs = deadlines.budgetMs - (Date.now() - startedAt) - delayMs;
      if (attempt >= attempts || budgetLeftMs <= 0) {
        throw unreachable({ ...options, kind, attempt, elapsedMs: Date.now() - startedAt, deadlines, error });
      }
      options.onRetry?.({ operation: options.operation, attempt, kind, delayMs });
      await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (even if the callee ignores it). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function nameOf(error: unknown): string {
  return (error as { name?: string })?.name ?? "";
}

function unreachable(
  options: CallAwsOptions & {
    kind: AwsFailureKind;
    attempt: number;
    elapsedMs: number;
    deadlines: NetworkDeadlines;
    error: unknown;
  },
): SsoenvError {
  const { kind, attempt, elapsedMs, deadlines, error } = options;
  const typo = misspeltRegion(options, error);
  if (typo) return typo;
  const status = httpStatusOf(error);
  const what =
    kind === "timeout"
      ? `did not answer within ${formatMs(Math.min(deadlines.responseMs, deadlines.budgetMs))}`
      : kind === "throttled"
        ? "was throttled"
        : kind === "server"
          ? `answered with a server error${status === undefined ? "" : ` (HTTP ${status})`}`
          : kind === "clock-skew"
            ? "refused the request's signing time even with the clock corrected"
            : `could not be reached${throughProxy(options)} (${describeNetworkError(error)})`;
  const tries = `${attempt} attempt${attempt === 1 ? "" : "s"} in ${formatMs(elapsedMs)}`;
  const limits = `${NETWORK_DEADLINE_VARIABLES.connectMs}, ${NETWORK_DEADLINE_VARIABLES.responseMs}, ${NETWORK_DEADLINE_VARIABLES.budgetMs}`;
  const unanswered = kind === "network" || kind === "timeout";
  // Nothing answering where an override points is most often a leftover: say which setting it is.
  const override = unanswered ? options.override : undefined;
  return new SsoenvError(
    "ENDPOINT_UNREACHABLE",
    `${options.operation} at ${withoutUserInfo(options.endpoint)} ${what} (${tries})${override ? `: ${override.from} sent it there, not to AWS` : ""}`,
    {
      hint: override
        ? `${override.file ? `remove ${override.setting} from ${override.file}` : `unset ${override.setting}`} if it is left over (an emulator, LocalStack), or start what should answer there; else check your network connection and proxy (HTTPS_PROXY, NO_PROXY); the deadlines are set by ${limits}`
        : unanswered
          ? `check your network connection, proxy (HTTPS_PROXY, NO_PROXY) and AWS_ENDPOINT_URL_* variables, then try again; the deadlines are set by ${limits}`
          : kind === "clock-skew"
            ? "sync the system clock (e.g. sudo timedatectl set-ntp true)"
            : "AWS is busy or failing; try again in a minute",
      cause: error,
    },
  );
}

/**
 * A region that is not a region name (us-east1) in AWS's endpoint makes a host that does not exist:
 * the fix is the setting (exit 2), as `ssoenv doctor` says, not the network. Through an override the
 * region is not in the host, and a host not found there is the override's.
 */
function misspeltRegion(options: CallAwsOptions, error: unknown): SsoenvError | undefined {
  const setting = options.regionSetting;
  const code = (error as { code?: string } | undefined)?.code;
  if (!setting || options.override || (code !== "ENOTFOUND" && code !== "EAI_AGAIN")) return undefined;
  const { key, value, where } = setting;
  const meant = likelyRegion(value);
  return new SsoenvError(
    isRegionEnvName(key) ? "ENVIRONMENT_INVALID" : "CONFIG_INVALID",
    `${options.operation} at ${withoutUserInfo(options.endpoint)}: no such host: ${key} = ${value} in ${where} is not an AWS region name`,
    {
      hint: `set ${key} in ${where} to ${meant ? `${meant}, if that is the one meant` : key === "sso_region" ? "your IAM Identity Center's region (e.g. us-east-1)" : "an AWS region (e.g. eu-west-1)"}`,
      cause: error,
    },
  );
}

/**
 * " through the proxy URL" when HTTPS_PROXY / HTTP_PROXY sent the call there (its user and password
 * left out): a refused connection is then the proxy's, which the AWS CLI names too ("Failed to
 * connect to proxy URL").
 */
function throughProxy(options: CallAwsOptions): string {
  const proxy = proxyFor(options.endpoint, options.env ?? process.env);
  if (!proxy) return "";
  try {
    const url = new URL(proxy);
    return ` through the proxy ${url.protocol}//${url.host}`;
  } catch {
    return " through the proxy in HTTPS_PROXY / HTTP_PROXY";
  }
}

/** Node's codes for a TLS certificate it does not accept. */
const CERTIFICATE_CODES =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE|CERT_REJECTED|ERR_TLS_CERT_ALTNAME_INVALID)$/;

function isUntrustedCertificate(error: unknown): boolean {
  return CERTIFICATE_CODES.test((error as { code?: string })?.code ?? "");
}

/**
 * A certificate the machine does not trust: most often a TLS-inspecting proxy, whose CA the AWS CLI
 * and boto3 are given with AWS_CA_BUNDLE or the profile's ca_bundle (ssoenv reads both, as they do).
 */
function untrustedCertificate(options: CallAwsOptions, error: unknown, elapsedMs: number): SsoenvError {
  const code = cleanServerText((error as { code?: string }).code ?? "", 60);
  return new SsoenvError(
    "ENDPOINT_UNREACHABLE",
    `${options.operation}: ${withoutUserInfo(options.endpoint)} presented a TLS certificate this machine does not trust (${code}) (1 attempt in ${formatMs(elapsedMs)})`,
    {
      hint: `behind a TLS-inspecting proxy or a private CA, set AWS_CA_BUNDLE (or ca_bundle in the profile) to the PEM file of that CA, as for the AWS CLI${/EXPIRED|NOT_YET_VALID/.test(code) ? "; or check the system clock" : ""}`,
      cause: error,
    },
  );
}

function clockSkew(options: CallAwsOptions, error: ClockSkewError): SsoenvError {
  const direction = error.skewMs > 0 ? "ahead of" : "behind";
  return new SsoenvError(
    "CLOCK_SKEW",
    `This machine's clock is ${formatSkew(error.skewMs)} ${direction} the Date of ${options.operation} at ${withoutUserInfo(options.endpoint)} (more than the ${formatSkew(error.maxSkewMs)} allowed): every expiry ssoenv shows or checks would be off by as much`,
    {
      hint: "sync the system clock (e.g. sudo timedatectl set-ntp true), or allow more with SSOENV_MAX_CLOCK_SKEW",
      cause: error,
    },
  );
}

function describeNetworkError(error: unknown): string {
  const e = error as { code?: string; name?: string; message?: string };
  return cleanServerText(
    e?.code ?? (e?.name && e.name !== "Error" ? e.name : (e?.message ?? "network error")),
    80,
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
