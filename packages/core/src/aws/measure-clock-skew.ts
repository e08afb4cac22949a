import { type EndpointSettings, endpointFor, endpointOverrideOf } from "./aws-clients.js";
import { callAws } from "./call-aws.js";
import { clockSkewFromDate, maxClockSkewMs } from "./clock-skew.js";
import { httpGet } from "./http-get.js";
import { profileRegionOf } from "./profile-region.js";
import { withoutUserInfo } from "./without-user-info.js";

/** Where and how long to ask. */
export interface MeasureClockSkewOptions {
  /** Endpoint overrides, `AWS_REGION`, `SSOENV_MAX_CLOCK_SKEW`. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The region whose STS endpoint to ask (a profile's: stsRegionOf). @default env.AWS_REGION, else AWS_DEFAULT_REGION (profileRegionOf), else us-east-1 */
  region?: string;
  /** How long to wait for the answer. @default 3000 */
  timeoutMs?: number;
  /** The profile's `ca_bundle` and `use_dualstack_endpoint`, as ssoenv's STS calls take them. */
  settings?: EndpointSettings;
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
 * @throws SsoenvError `INVALID_ARGUMENT` when `SSOENV_MAX_CLOCK_SKEW` is not a duration; `ENVIRONMENT_INVALID`
 *   for an AWS_REGION / AWS_DEFAULT_REGION that is no region name (without `region`);
 *   `ENDPOINT_UNREACHABLE` when STS does not answer in time (or presents a certificate not trusted);
 *   `CONFIG_INVALID` for a CA bundle that cannot be read.
 */
export async function measureClockSkew(options: MeasureClockSkewOptions = {}): Promise<ClockSkewMeasurement> {
  const env = options.env ?? process.env;
  const maxSkewMs = maxClockSkewMs(env);
  // Without a profile, its STS calls' region as stsRegionOf takes it: the environment's, else us-east-1.
  const region = options.region || (profileRegionOf({}, env)?.region ?? "us-east-1");
  const endpoint = endpointFor("sts", region, env, options.settings);
  const timeoutMs = options.timeoutMs ?? 3000;
  // One attempt through the proxy and CA bundle of ssoenv's STS calls (fetch would take neither):
  // a failure is one line naming its cause and HTTPS_PROXY / AWS_CA_BUNDLE, as theirs is.
  const { sentMs, receivedMs, date } = await callAws(
    {
      operation: "STS (clock check)",
      endpoint,
      override: endpointOverrideOf("sts", env, options.settings),
      env,
      attempts: 1,
      deadlines: { connectMs: timeoutMs, responseMs: timeoutMs, budgetMs: timeoutMs },
    },
    async (signal) => {
      const sentMs = Date.now();
      const answer = await httpGet(endpoint, { env, settings: options.settings ?? {}, signal });
      const date = answer.headers.date;
      return { sentMs, receivedMs: Date.now(), date };
    },
  );
  // The Date header has 1-second resolution; compare it with the middle of the round trip.
  const skewMs = clockSkewFromDate(date, (sentMs + receivedMs) / 2);
  return { endpoint: withoutUserInfo(endpoint), skewMs, maxSkewMs };
}
