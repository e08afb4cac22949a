import { readFileSync } from "node:fs";
import type { Agent as HttpAgent } from "node:http";
import type { Agent } from "node:https";
import { createRequire } from "node:module";
// Type-only: the SDK modules load on first use (loadSdk), so that the offline paths (status, the mise
// hook) do not pay ~200 ms to load them.
import type { SSOClient } from "@aws-sdk/client-sso";
import type { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import type { STSClient } from "@aws-sdk/client-sts";
import { fromWorkingFolder } from "../config/aws-paths.js";
import { SsoenvError } from "../errors.js";
import type { Credentials } from "../session/session-types.js";
import { partitionOf } from "./aws-partition.js";
import { maxClockSkewMs } from "./clock-skew.js";
import {
  type ConfiguredEndpoint,
  configuredEndpoint,
  type EndpointConfig,
  type EndpointService,
} from "./configured-endpoint.js";
import { guardAwsClient } from "./guard-aws-client.js";
import { loadSdk } from "./load-sdk.js";
import { networkDeadlines } from "./network-deadlines.js";
import { proxyFor } from "./proxy-for.js";
import { withoutUserInfo } from "./without-user-info.js";

/** The AWS services ssoenv calls through the SDK. */
export type AwsService = "sso" | "sso-oidc" | "sts";

/** The endpoint override of a service's calls, if any (see configuredEndpoint for the order). */
function endpointOverride(
  service: AwsService,
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings = {},
): string | undefined {
  return endpointOverrideOf(service, env, settings)?.url;
}

/** The endpoint override of a service's calls and where it was set, if any: for callAws's messages. */
export function endpointOverrideOf(
  service: AwsService,
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings = {},
): ConfiguredEndpoint | undefined {
  return configuredEndpoint(service, env, settings.endpointConfig);
}

/**
 * The endpoint overrides ssoenv's calls and the console's sign-in would take, from `env` and the
 * profile's settings (see configuredEndpoint; none under `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`): for `ssoenv doctor`,
 * which names them (a LocalStack leftover sends every login there). URLs without a user or password.
 *
 * @throws {SsoenvError} ENVIRONMENT_INVALID / CONFIG_INVALID for a value that is not an http(s) URL,
 *   CONFIG_INVALID for a `services = NAME` without its section.
 */
export function configuredEndpoints(
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings = {},
): ({ service: EndpointService } & ConfiguredEndpoint)[] {
  return (["sso", "sso-oidc", "sts", "signin"] as const).flatMap((service) => {
    const found = configuredEndpoint(service, env, settings.endpointConfig);
    return found ? [{ service, ...found, url: withoutUserInfo(found.url) }] : [];
  });
}

/**
 * What shapes the clients beside the environment: the profile's `use_dualstack_endpoint`,
 * `use_fips_endpoint`, `ca_bundle` and endpoint settings (`endpoint_url`, `services`, `ignore_configured_endpoint_urls`).
 */
export interface EndpointSettings {
  useDualstackEndpoint?: boolean | undefined;
  useFipsEndpoint?: boolean | undefined;
  caBundle?: string | undefined;
  endpointConfig?: EndpointConfig | undefined;
}

/**
 * The CA bundle to trust, as the AWS CLI and boto3 pick it: `AWS_CA_BUNDLE`, else the profile's
 * `ca_bundle`; undefined: Node's own CAs. Where it came from, for messages.
 */
function caBundleOf(
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings = {},
): { path: string; from: string } | undefined {
  if (env.AWS_CA_BUNDLE) return { path: fromWorkingFolder(env.AWS_CA_BUNDLE, env), from: "AWS_CA_BUNDLE" };
  if (settings.caBundle) {
    return { path: fromWorkingFolder(settings.caBundle, env), from: "ca_bundle of the profile" };
  }
  return undefined;
}

/**
 * The agents of a client: through the proxy of HTTPS_PROXY / HTTP_PROXY / NO_PROXY (which the SDK
 * ignores; the AWS CLI does not) with hpagent, the agent of AWS's "Configure proxies for Node.js"
 * (CONNECT, Basic auth from the URL); trusting the CA bundle, if one is named. None: the SDK's own.
 */
function agentsFor(
  service: AwsService,
  region: string,
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings,
): { httpAgent?: HttpAgent; httpsAgent?: Agent } {
  return agentsForUrl(endpointFor(service, region, env, settings), env, settings);
}

/**
 * The same agents for a request to `url` made without the SDK (the console's federation call): the
 * proxy and CA bundle the AWS CLI would use for it.
 */
export function agentsForUrl(
  url: string,
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings = {},
): { httpAgent?: HttpAgent; httpsAgent?: Agent } {
  const ca = caBundleFor(env, settings);
  const proxy = proxyFor(url, env);
  if (proxy) {
    // Loaded only when a proxy applies: it loads node:https (see below).
    const { HttpProxyAgent, HttpsProxyAgent } = createRequire(import.meta.url)(
      "hpagent",
    ) as typeof import("hpagent");
    return {
      httpAgent: new HttpProxyAgent({ proxy, keepAlive: true }),
      httpsAgent: new HttpsProxyAgent({ proxy, keepAlive: true, maxSockets: 50, ...(ca ? { ca } : {}) }),
    };
  }
  if (!ca) return {};
  // Loaded only here: node:https (and TLS) at the top would cost every command's start, offline ones too.
  const https = process.getBuiltinModule("node:https") as typeof import("node:https");
  return { httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 50, ca }) };
}

/**
 * The bundles read, by path: once per process, as the clients built on them are (clientKey), and a
 * pipe (AWS_CA_BUNDLE=<(...)) can be read only once; the SSO and STS clients both need it.
 */
const caBundles = new Map<string, string>();

/** The CA bundle's certificates (PEM text), if one is named. */
function caBundleFor(env: NodeJS.ProcessEnv, settings: EndpointSettings): string | undefined {
  const bundle = caBundleOf(env, settings);
  if (!bundle) return undefined;
  let ca = caBundles.get(bundle.path);
  if (ca !== undefined) return ca;
  try {
    // As text: Node.js 20 reads bytes after a plain fstat, whose buffer its module loader reads back
    // (see statPath): after a pipe's, a later import failed.
    ca = readFileSync(bundle.path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SsoenvError(
      "CONFIG_INVALID",
      `${bundle.from} names ${bundle.path}, which cannot be read (${code})`,
      {
        hint: `point ${bundle.from === "AWS_CA_BUNDLE" ? "AWS_CA_BUNDLE" : "ca_bundle"} at your CA bundle (a PEM file), or remove it to trust the system's CAs`,
        cause: error,
      },
    );
  }
  caBundles.set(bundle.path, ca);
  return ca;
}

/**
 * Whether to use the dual-stack (IPv4 + IPv6) endpoints, as the SDK decides:
 * `AWS_USE_DUALSTACK_ENDPOINT` (true/false), else the profile's `use_dualstack_endpoint`, else no.
 */
export function useDualstack(env: NodeJS.ProcessEnv, settings: EndpointSettings = {}): boolean {
  const fromEnv = env.AWS_USE_DUALSTACK_ENDPOINT?.trim().toLowerCase();
  if (fromEnv === "true") return true;
  if (fromEnv === "false") return false;
  return settings.useDualstackEndpoint === true;
}

/**
 * Whether to use the FIPS endpoints, as the SDK and the AWS CLI decide: `AWS_USE_FIPS_ENDPOINT`
 * (true/false), else the profile's `use_fips_endpoint`, else no. Given to every client: the SDK would
 * otherwise read it from the environment's profile (AWS_PROFILE), not the one ssoenv was asked for.
 */
export function useFips(env: NodeJS.ProcessEnv, settings: EndpointSettings = {}): boolean {
  const fromEnv = env.AWS_USE_FIPS_ENDPOINT?.trim().toLowerCase();
  if (fromEnv === "true") return true;
  if (fromEnv === "false") return false;
  return settings.useFipsEndpoint === true;
}

/**
 * The URL an operation goes to, for error messages: the SDK's endpoint rules for SSO, SSO OIDC and
 * STS, in the region's partition (partitionOf). Without the SDK: messages are built on paths that
 * loaded none of it.
 */
export function endpointFor(
  service: AwsService,
  region: string,
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings = {},
): string {
  const override = endpointOverride(service, env, settings);
  if (override) return override;
  const partition = partitionOf(region);
  const dualstack = useDualstack(env, settings);
  // aws-us-gov's plain endpoints are its FIPS ones: the SDK's rules add -fips there only to dual-stack hosts.
  const fips = useFips(env, settings) && (dualstack || partition.name !== "aws-us-gov") ? "-fips" : "";
  const host = `${service === "sso" ? "portal.sso" : service === "sso-oidc" ? "oidc" : "sts"}${fips}`;
  return `https://${host}.${region}.${dualstack ? partition.dualStackDnsSuffix : partition.dnsSuffix}`;
}

/**
 * The endpoint the SDK would call for a service in the profile's SSO region (the override, else the
 * SDK's own endpoint rules, dual-stack when asked), e.g. the base of the OIDC `/authorize` URL.
 */
export async function resolveEndpoint(
  service: "sso" | "sso-oidc",
  profile: EndpointSettings & { ssoRegion: string },
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const override = endpointOverride(service, env, profile);
  if (override) return override;
  const client =
    service === "sso"
      ? await ssoClient(profile.ssoRegion, env, profile)
      : await oidcClient(profile.ssoRegion, env, profile);
  const resolved = client.config.endpointProvider({
    Region: profile.ssoRegion,
    UseDualStack: useDualstack(env, profile),
    UseFIPS: useFips(env, profile),
  });
  return resolved.url.toString();
}

function baseConfig(service: AwsService, region: string, env: NodeJS.ProcessEnv, settings: EndpointSettings) {
  const endpoint = endpointOverride(service, env, settings);
  const deadlines = networkDeadlines(env);
  const agents = agentsFor(service, region, env, settings);
  return {
    region,
    useDualstackEndpoint: useDualstack(env, settings),
    useFipsEndpoint: useFips(env, settings),
    // We retry ourselves (callAws) so that only throttling/5xx/network errors are retried, and counted.
    maxAttempts: 1,
    // callAws aborts each attempt at its deadline; these make the socket itself give up too (by
    // default the SDK's requestTimeout only logs a warning).
    requestHandler: {
      connectionTimeout: deadlines.connectMs,
      requestTimeout: deadlines.responseMs,
      throwOnRequestTimeout: true,
      ...agents,
    },
    // Endpoints come from `env` and the profile (above), never from process.env's AWS_PROFILE.
    ignoreConfiguredEndpointUrls: true,
    ...(endpoint ? { endpoint } : {}),
  };
}

const ssoClients = new Map<string, SSOClient>();
const oidcClients = new Map<string, SSOOIDCClient>();

/** Clients are reused per region, endpoint and the settings that shape them. */
function clientKey(
  service: AwsService,
  region: string,
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings,
): string {
  const d = networkDeadlines(env);
  return [
    region,
    endpointOverride(service, env, settings) ?? "",
    useDualstack(env, settings),
    useFips(env, settings),
    d.connectMs,
    d.responseMs,
    maxClockSkewMs(env),
    caBundleOf(env, settings)?.path ?? "",
    proxyFor(endpointFor(service, region, env, settings), env) ?? "",
  ].join(" ");
}

/** SSO portal client (GetRoleCredentials); one per region and endpoint, reused (keep-alive). */
export async function ssoClient(
  region: string,
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings = {},
): Promise<SSOClient> {
  const key = clientKey("sso", region, env, settings);
  let client = ssoClients.get(key);
  if (!client) {
    const { SSOClient } = loadSdk("sso");
    client = ownClient(env, () => new SSOClient(baseConfig("sso", region, env, settings)));
    ssoClients.set(key, client);
  }
  return client;
}

/** SSO OIDC client (RegisterClient, StartDeviceAuthorization, CreateToken). */
export async function oidcClient(
  region: string,
  env: NodeJS.ProcessEnv,
  settings: EndpointSettings = {},
): Promise<SSOOIDCClient> {
  const key = clientKey("sso-oidc", region, env, settings);
  let client = oidcClients.get(key);
  if (!client) {
    const { SSOOIDCClient } = loadSdk("sso-oidc");
    client = ownClient(env, () => new SSOOIDCClient(baseConfig("sso-oidc", region, env, settings)));
    oidcClients.set(key, client);
  }
  return client;
}

/** STS client signing with the given role credentials. */
export async function stsClient(
  region: string,
  env: NodeJS.ProcessEnv,
  credentials: Credentials,
  settings: EndpointSettings = {},
): Promise<STSClient> {
  const { STSClient } = loadSdk("sts");
  return ownClient(
    env,
    () =>
      new STSClient({
        ...baseConfig("sts", region, env, settings),
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
          expiration: credentials.expiration,
        },
      }),
  );
}

/** One of ssoenv's own clients: made without the SDK's Node.js notice, and guarded (clock skew, errors). */
function ownClient<T extends Parameters<typeof guardAwsClient>[0]>(
  env: NodeJS.ProcessEnv,
  create: () => T,
): T {
  return guardAwsClient(withoutNodeNotice(create), { maxClockSkewMs: maxClockSkewMs(env) });
}

const NODE_NOTICE_SWITCH = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

/**
 * Creates one of ssoenv's own clients without the SDK's notice that its releases after January 2027
 * need Node.js 22: printed on a Node 20 user's stderr, it came from clients a script never made (a
 * script calling only ensureSession). The SDK reads only this variable of process.env, when a client
 * is created (aws/aws-sdk-js-v3#7983); it is set for that moment and put back, unless the user set it.
 * The SDK shows the notice once per process, so a client the script creates later does not show it.
 */
function withoutNodeNotice<T>(create: () => T): T {
  if (process.env[NODE_NOTICE_SWITCH] !== undefined) return create();
  process.env[NODE_NOTICE_SWITCH] = "true";
  try {
    return create();
  } finally {
    delete process.env[NODE_NOTICE_SWITCH];
  }
}
