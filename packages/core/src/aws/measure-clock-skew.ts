import { SsoenvError } from "../errors.js";
import { endpointFor } from "./aws-clients.js";
import { clockSkewFromDate, maxClockSkewMs } from "./clock-skew.js";

/** Where and how long to ask. */
export interface MeasureClockSkewOptions {
  /** Endpoint overrides, `AWS_REGION`, `SSOENV_MAX_CLOCK_SKEW`. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The region whose STS endpoint to ask. @default env.AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1 */
  region?: string;
  /** How long to wait for the answer. @default 3000 */
  timeoutMs?: number;
}

/** This machine's clock against STS's. */
export interface ClockSkewMeasurement {
  /** The STS endpoint asked (the override, else the regional endpoint, as ssoenv's STS calls use). */
  endpoint: string;
  /** How far this clock is ahead of STS's (negative: behind); undefined when STS sent no usable `Date`. */
  skewMs: number | undefined;
  /** The skew beyond which ssoenv refuses AWS's answers (`SSOENV_MAX_CLOCK_SKEW`, else 5 minutes). */
  maxSkewMs: number;
}

/**
 * Compares this machine's clock with STS's `Date` header, on the endpoint ssoenv's own STS calls
 * use. An unsigned GET: no credentials are needed, and any answer (even an error) carries a date.
 *
 * @example const { skewMs, maxSkewMs } = await measureClockSkew({ env: process.env });
 * @throws SsoenvError `INVALID_ARGUMENT` when `SSOENV_MAX_CLOCK_SKEW` is not a duration;
 *   `ENDPOINT_UNREACHABLE` when STS does not answer in time.
 */
export async function measureClockSkew(options: MeasureClockSkewOptions = {}): Promise<ClockSkewMeasurement> {
  const env = options.env ?? process.env;
  const maxSkewMs = maxClockSkewMs(env);
  const region = options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
  const endpoint = endpointFor("sts", region, env);
  let sentMs: number;
  let response: Response;
  try {
    sentMs = Date.now();
    response = await fetch(endpoint, {
      method: "GET",
      signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
    });
  } catch (error) {
    throw new SsoenvError(
      "ENDPOINT_UNREACHABLE",
      `cannot reach STS at ${endpoint} to compare clocks (${error instanceof Error ? error.message : String(error)})`,
      { hint: "check the network or proxy settings", cause: error },
    );
  }
  const receivedMs = Date.now();
  await response.body?.cancel();
  // The Date header has 1-second resolution; compare it with the middle of the round trip.
  const skewMs = clockSkewFromDate(response.headers.get("date") ?? undefined, (sentMs + receivedMs) / 2);
  return { endpoint, skewMs, maxSkewMs };
}
