import { type PartitionName, partitionOf } from "../aws/aws-partition.js";
import { configuredEndpoint, type EndpointConfig } from "../aws/configured-endpoint.js";
import { configuredMaxAttempts } from "../aws/max-attempts.js";
import { rememberSecret } from "../aws/secret-registry.js";
import { SsoenvError } from "../errors.js";
import { asCancelled } from "../session/as-cancelled.js";
import type { Credentials } from "../session/session-types.js";
import { callOption } from "../text/call-option.js";
import { validateOptions } from "../validate-options.js";

/** How long the console sign-in URL works (AWS: a sign-in token is valid for 15 minutes). */
export const CONSOLE_URL_VALIDITY_MS = 15 * 60_000;
/** Sent as `Issuer`: who signed the browser in. */
const ISSUER = "ssoenv";

interface ConsoleHosts {
  signin: string;
  console: string;
}

/**
 * The sign-in and console hosts of the partitions AWS documents them for (AWS Sign-In endpoints in
 * the AWS General Reference). Others (aws-eusc, the aws-iso ones) need AWS_ENDPOINT_URL_SIGNIN and a
 * destination.
 */
const CONSOLE_HOSTS: Partial<Record<PartitionName, ConsoleHosts>> = {
  aws: { signin: "https://signin.aws.amazon.com", console: "https://console.aws.amazon.com" },
  "aws-cn": { signin: "https://signin.amazonaws.cn", console: "https://console.amazonaws.cn" },
  "aws-us-gov": {
    signin: "https://signin.amazonaws-us-gov.com",
    console: "https://console.amazonaws-us-gov.com",
  },
};

/** An AWS partition's name (partitionOf's): `aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, `aws-iso`, ... */
export type Partition = PartitionName;

export interface ConsoleUrlOptions {
  /** Role credentials (from ensureSession). */
  credentials: Credentials;
  /** The profile's region: picks the partition and the console's region. */
  region: string;
  /** Where the console opens. @default the console home of `region` */
  destination?: string;
  /** @default process.env (`AWS_ENDPOINT_URL_SIGNIN` overrides the federation endpoint) */
  env?: NodeJS.ProcessEnv;
  /** The profile's `ca_bundle` (`SsoProfile.caBundle`): trusted as by the SSO and STS calls; AWS_CA_BUNDLE wins. */
  caBundle?: string;
  /**
   * The profile's endpoint settings (`SsoProfile.endpointConfig`): `signin`'s `endpoint_url` in its
   * `[services]` section, else its `endpoint_url`, below the variables.
   */
  endpointConfig?: EndpointConfig;
  /** Stops the federation request with `CANCELLED` (the signal's reason as `cause`). */
  signal?: AbortSignal;
}

/**
 * A URL that signs the browser in to the AWS console with the role credentials: the federation
 * endpoint's `getSigninToken` (the credentials as a `Session` JSON), then its `Action=login` URL.
 * The endpoint follows the region's partition (partitionOf); `AWS_ENDPOINT_URL_SIGNIN` overrides it.
 * The URL is a bearer credential for 15 minutes: never log it.
 *
 * @throws SsoenvError `INVALID_ARGUMENT` (destination not an https URL), `COMMAND_FAILED` (a partition
 *   whose console ssoenv does not know, without AWS_ENDPOINT_URL_SIGNIN and `destination`), `CREDENTIALS_INVALID`
 *   (the endpoint refused the credentials), `ENDPOINT_UNREACHABLE`, `CANCELLED` (the `signal` aborted).
 */
export async function consoleSignInUrl(
  options: ConsoleUrlOptions,
): Promise<{ url: string; expiresAt: Date }> {
  validateOptions({
    fn: "consoleSignInUrl",
    options,
    kinds: {
      credentials: "credentials",
      region: "string",
      destination: "string",
      env: "env",
      caBundle: "string",
      endpointConfig: "object",
      signal: "signal",
    },
    required: ["credentials", "region"],
    example: 'consoleSignInUrl({ credentials: session.credentials, region: "eu-west-1" })',
  });
  try {
    return await signInUrl(options);
  } catch (error) {
    throw asCancelled(options.signal, error, "consoleSignInUrl") ?? error;
  }
}

async function signInUrl(options: ConsoleUrlOptions): Promise<{ url: string; expiresAt: Date }> {
  const env = options.env ?? process.env;
  const federation = federationEndpoint({
    region: options.region,
    env,
    ...(options.endpointConfig ? { endpointConfig: options.endpointConfig } : {}),
  });
  const destination =
    options.destination ??
    `${consoleHostsOf(options.region).console}/console/home?region=${encodeURIComponent(options.region)}`;
  validateConsoleDestination({ destination, region: options.region });
  const session = JSON.stringify({
    sessionId: options.credentials.accessKeyId,
    sessionKey: options.credentials.secretAccessKey,
    sessionToken: options.credentials.sessionToken,
  });
  const tokenUrl = `${federation}?${new URLSearchParams({ Action: "getSigninToken", Session: session })}`;
  // What sends the request loads with it, as in sendAws: a script that imports @ssoenv/core pays for
  // none of it.
  const [{ callAws }, { httpGet }] = await Promise.all([
    import("../aws/call-aws.js"),
    import("../aws/http-get.js"),
  ]);
  // Under the same deadlines and retries as every AWS call (a 5xx or a dropped connection is retried).
  const answer = await callAws(
    {
      operation: "AWS sign-in getSigninToken",
      endpoint: federation,
      override: configuredEndpoint("signin", env, options.endpointConfig),
      env,
      attempts: configuredMaxAttempts(env),
      signal: options.signal,
    },
    async (signal) => {
      // Not fetch: the proxy and CA bundle of the SDK clients (HTTPS_PROXY, AWS_CA_BUNDLE, ca_bundle).
      const response = await httpGet(tokenUrl, {
        env,
        settings: { caBundle: options.caBundle },
        signal,
        body: true,
      });
      if (response.status >= 500 || response.status === 429) {
        throw Object.assign(new Error(`HTTP ${response.status}`), {
          $metadata: { httpStatusCode: response.status },
        });
      }
      let body: { SigninToken?: unknown } | undefined;
      try {
        body = JSON.parse(response.text) as { SigninToken?: unknown };
      } catch {
        body = undefined;
      }
      return { status: response.status, signinToken: body?.SigninToken };
    },
  );
  if (answer.status !== 200 || typeof answer.signinToken !== "string") {
    throw new SsoenvError(
      "CREDENTIALS_INVALID",
      `The AWS sign-in federation endpoint ${federation} refused the role credentials (HTTP ${answer.status})`,
      { hint: "get fresh credentials and try again: ssoenv login" },
    );
  }
  // The token signs anyone in: any server text that echoes it is redacted from then on.
  rememberSecret(answer.signinToken);
  const login = new URLSearchParams({
    Action: "login",
    Issuer: ISSUER,
    Destination: destination,
    SigninToken: answer.signinToken,
  });
  return { url: `${federation}?${login}`, expiresAt: new Date(Date.now() + CONSOLE_URL_VALIDITY_MS) };
}

/**
 * The federation endpoint for a region: its partition's `https://signin.<domain>/federation`, or the
 * sign-in service's endpoint override + `/federation`, read as the SDK reads them (configuredEndpoint:
 * `AWS_ENDPOINT_URL_SIGNIN`, `AWS_ENDPOINT_URL`, `signin` in the profile's `[services]` section, its
 * `endpoint_url`; none under `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`).
 *
 * @throws SsoenvError `ENVIRONMENT_INVALID` / `CONFIG_INVALID` for an override that is not an http(s) URL.
 */
export function federationEndpoint(options: {
  region: string;
  env: NodeJS.ProcessEnv;
  endpointConfig?: EndpointConfig;
}): string {
  const override = configuredEndpoint("signin", options.env, options.endpointConfig)?.url;
  const base = override ? override.replace(/\/+$/, "") : consoleHostsOf(options.region).signin;
  return `${base}/federation`;
}

/**
 * Refuses, before any sign-in or AWS call, a console sign-in consoleSignInUrl could not make for
 * `region`: in a partition whose sign-in ssoenv does not know (aws-eusc, the aws-iso ones) without an
 * endpoint override, or whose console it does not know without a `destination`. It depends on the
 * profile and the environment alone, so a login first would be for nothing.
 *
 * @throws SsoenvError `COMMAND_FAILED` naming the partition; `ENVIRONMENT_INVALID` / `CONFIG_INVALID`
 *   for an endpoint override that is not an http(s) URL.
 */
export function validateConsoleSignIn(options: {
  region: string;
  env: NodeJS.ProcessEnv;
  endpointConfig?: EndpointConfig;
  destination?: string;
}): void {
  federationEndpoint(options);
  if (options.destination === undefined) consoleHostsOf(options.region);
}

/** The sign-in and console hosts of `region`'s partition; COMMAND_FAILED where ssoenv knows none. */
function consoleHostsOf(region: string): ConsoleHosts {
  const partition = partitionOf(region).name;
  const hosts = CONSOLE_HOSTS[partition];
  if (hosts) return hosts;
  throw new SsoenvError(
    "COMMAND_FAILED",
    `ssoenv does not know the AWS console sign-in of partition ${partition} (region ${region})`,
    {
      hint: `set AWS_ENDPOINT_URL_SIGNIN to its sign-in endpoint (its /federation is asked) and give the page to open: ${callOption("destination", "URL")}`,
    },
  );
}

/**
 * Refuses a console destination that is not an https URL (a `javascript:` or `http:` link must not
 * ride on a sign-in). Callers check it before any sign-in or browser; consoleSignInUrl checks again.
 *
 * @example validateConsoleDestination({ destination: "https://console.aws.amazon.com/s3/home" })
 * @throws SsoenvError `INVALID_ARGUMENT` naming `destination` (callOption), with an example of `region`'s partition.
 */
export function validateConsoleDestination(options: { destination: string; region?: string }): void {
  if (isHttpsUrl(options.destination)) return;
  // The example in the region's partition; aws's where ssoenv knows no console of it.
  const example =
    CONSOLE_HOSTS[partitionOf(options.region ?? "us-east-1").name]?.console ??
    "https://console.aws.amazon.com";
  throw new SsoenvError(
    "INVALID_ARGUMENT",
    `${callOption("destination", options.destination)} is not an https URL`,
    { hint: `give a console URL, e.g. ${callOption("destination", `${example}/s3/home`)}` },
  );
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === "https:";
  } catch {
    return false;
  }
}
