// Type-only: the SDK modules are imported on first use, so that the offline paths (status, the mise
// hook) do not pay ~200 ms to load them.
import type { SSOClient } from "@aws-sdk/client-sso";
import type { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import type { STSClient } from "@aws-sdk/client-sts";
import type { Credentials } from "../session/session-types.js";
import { maxClockSkewMs } from "./clock-skew.js";
import { guardAwsClient } from "./guard-aws-client.js";
import { networkDeadlines } from "./network-deadlines.js";

type Service = "sso" | "sso-oidc" | "sts";

const ENV_NAME: Record<Service, string> = {
  sso: "AWS_ENDPOINT_URL_SSO",
  "sso-oidc": "AWS_ENDPOINT_URL_SSO_OIDC",
  sts: "AWS_ENDPOINT_URL_STS",
};

/**
 * The endpoint override for a service, from the given environment, as the SDK reads it from
 * process.env: `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`. Passed explicitly to every
 * client so that an `env` other than process.env is honoured too.
 */
export function endpointOverride(service: Service, env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true") return undefined;
  return env[ENV_NAME[service]] || env.AWS_ENDPOINT_URL || undefined;
}

/** The URL an operation goes to, for error messages. */
export function endpointFor(service: Service, region: string, env: NodeJS.ProcessEnv): string {
  const override = endpointOverride(service, env);
  if (override) return override;
  if (service === "sso") return `https://portal.sso.${region}.amazonaws.com`;
  if (service === "sso-oidc") return `https://oidc.${region}.amazonaws.com`;
  return `https://sts.${region}.amazonaws.com`;
}

function baseConfig(service: Service, region: string, env: NodeJS.ProcessEnv) {
  const endpoint = endpointOverride(service, env);
  const deadlines = networkDeadlines(env);
  return {
    region,
    // We retry ourselves (callAws) so that only throttling/5xx/network errors are retried, and counted.
    maxAttempts: 1,
    // callAws aborts each attempt at its deadline; these make the socket itself give up too (by
    // default the SDK's requestTimeout only logs a warning).
    requestHandler: {
      connectionTimeout: deadlines.connectMs,
      requestTimeout: deadlines.responseMs,
      throwOnRequestTimeout: true,
    },
    // Endpoints come from `env` (above), never from another process environment.
    ignoreConfiguredEndpointUrls: true,
    ...(endpoint ? { endpoint } : {}),
  };
}

const ssoClients = new Map<string, SSOClient>();
const oidcClients = new Map<string, SSOOIDCClient>();

/** Clients are reused per region, endpoint and the settings that shape them. */
function clientKey(service: Service, region: string, env: NodeJS.ProcessEnv): string {
  const d = networkDeadlines(env);
  return [region, endpointOverride(service, env) ?? "", d.connectMs, d.responseMs, maxClockSkewMs(env)].join(
    " ",
  );
}

/** SSO portal client (GetRoleCredentials); one per region and endpoint, reused (keep-alive). */
export async function ssoClient(region: string, env: NodeJS.ProcessEnv): Promise<SSOClient> {
  const key = clientKey("sso", region, env);
  let client = ssoClients.get(key);
  if (!client) {
    const { SSOClient } = await import("@aws-sdk/client-sso");
    client = guardAwsClient(new SSOClient(baseConfig("sso", region, env)), {
      maxClockSkewMs: maxClockSkewMs(env),
    });
    ssoClients.set(key, client);
  }
  return client;
}

/** SSO OIDC client (RegisterClient, StartDeviceAuthorization, CreateToken). */
export async function oidcClient(region: string, env: NodeJS.ProcessEnv): Promise<SSOOIDCClient> {
  const key = clientKey("sso-oidc", region, env);
  let client = oidcClients.get(key);
  if (!client) {
    const { SSOOIDCClient } = await import("@aws-sdk/client-sso-oidc");
    client = guardAwsClient(new SSOOIDCClient(baseConfig("sso-oidc", region, env)), {
      maxClockSkewMs: maxClockSkewMs(env),
    });
    oidcClients.set(key, client);
  }
  return client;
}

/** STS client signing with the given role credentials. */
export async function stsClient(
  region: string,
  env: NodeJS.ProcessEnv,
  credentials: Credentials,
): Promise<STSClient> {
  const { STSClient } = await import("@aws-sdk/client-sts");
  const client = new STSClient({
    ...baseConfig("sts", region, env),
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration,
    },
  });
  return guardAwsClient(client, { maxClockSkewMs: maxClockSkewMs(env) });
}
