// Type-only: the SDK modules are imported on first use, so that the offline paths (status, the mise
// hook) do not pay ~200 ms to load them.
import type { SSOClient } from "@aws-sdk/client-sso";
import type { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import type { STSClient } from "@aws-sdk/client-sts";
import type { Credentials } from "../session/session-types.js";

/** Short timeouts so an unreachable endpoint fails in seconds, not minutes. */
const REQUEST_HANDLER = { connectionTimeout: 3_000, requestTimeout: 15_000 } as const;

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
  return {
    region,
    // We retry ourselves (callAws) so that only throttling/5xx/network errors are retried, and counted.
    maxAttempts: 1,
    requestHandler: REQUEST_HANDLER,
    // Endpoints come from `env` (above), never from another process environment.
    ignoreConfiguredEndpointUrls: true,
    ...(endpoint ? { endpoint } : {}),
  };
}

const ssoClients = new Map<string, SSOClient>();
const oidcClients = new Map<string, SSOOIDCClient>();

/** SSO portal client (GetRoleCredentials); one per region and endpoint, reused (keep-alive). */
export async function ssoClient(region: string, env: NodeJS.ProcessEnv): Promise<SSOClient> {
  const key = `${region} ${endpointOverride("sso", env) ?? ""}`;
  let client = ssoClients.get(key);
  if (!client) {
    const { SSOClient } = await import("@aws-sdk/client-sso");
    client = new SSOClient(baseConfig("sso", region, env));
    ssoClients.set(key, client);
  }
  return client;
}

/** SSO OIDC client (RegisterClient, StartDeviceAuthorization, CreateToken). */
export async function oidcClient(region: string, env: NodeJS.ProcessEnv): Promise<SSOOIDCClient> {
  const key = `${region} ${endpointOverride("sso-oidc", env) ?? ""}`;
  let client = oidcClients.get(key);
  if (!client) {
    const { SSOOIDCClient } = await import("@aws-sdk/client-sso-oidc");
    client = new SSOOIDCClient(baseConfig("sso-oidc", region, env));
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
  return new STSClient({
    ...baseConfig("sts", region, env),
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration,
    },
  });
}
