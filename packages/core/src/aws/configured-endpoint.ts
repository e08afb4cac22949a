import { SsoenvError } from "../errors.js";
import { withoutUserInfo } from "./without-user-info.js";

/** The services whose endpoint ssoenv resolves: SSO, SSO OIDC, STS and AWS sign-in (the console's federation). */
export type EndpointService = "sso" | "sso-oidc" | "sts" | "signin";

/**
 * The endpoint settings of a profile in the config file, as written (checked when a call uses them,
 * as the SDK does, so that AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true makes them harmless).
 */
export interface EndpointConfig {
  /** The config file, for messages. */
  file: string;
  /** The profile's header (`[profile dev]`, `[default]`), for messages. */
  header: string;
  /** `endpoint_url` of the profile: every service's, unless its [services] entry says otherwise. */
  endpointUrl?: string | undefined;
  /**
   * `services = NAME` of the profile, and the `[services NAME]` section (undefined: not in the file);
   * without one, the line of a header boto3 reads as it but the SDKs skip (`[services NAME ]`), if any.
   */
  services?:
    | {
        name: string;
        section: Record<string, string | undefined> | undefined;
        skipped?: { line: number; reason: string; hint: string } | undefined;
      }
    | undefined;
  /** `ignore_configured_endpoint_urls` of the profile, as written. */
  ignoreConfiguredEndpointUrls?: string | undefined;
}

/** An endpoint override, and where it was set (a variable, or a key of the config file), for messages. */
export interface ConfiguredEndpoint {
  url: string;
  /** The variable (`AWS_ENDPOINT_URL_SSO`), or the key (`sso's endpoint_url under [services local]`). */
  setting: string;
  /** The config file of the key; undefined for a variable. */
  file?: string | undefined;
  /** Both, for messages: `sso's endpoint_url under [services local] in /home/me/.aws/config`. */
  from: string;
}

/** AWS's identifiers of each service: its variable and its key in a [services] section. */
const SERVICE_IDS: Record<EndpointService, { variable: string; key: string }> = {
  sso: { variable: "AWS_ENDPOINT_URL_SSO", key: "sso" },
  "sso-oidc": { variable: "AWS_ENDPOINT_URL_SSO_OIDC", key: "sso_oidc" },
  sts: { variable: "AWS_ENDPOINT_URL_STS", key: "sts" },
  signin: { variable: "AWS_ENDPOINT_URL_SIGNIN", key: "signin" },
};

/**
 * The endpoint a service's calls go to instead of AWS's, in the order of AWS's "service-specific
 * endpoints" (botocore and the JS SDK read the same): `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
 * the service's `endpoint_url` in the `[services NAME]` section the profile names, the profile's
 * `endpoint_url`. None when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (else the profile's
 * `ignore_configured_endpoint_urls`) is true. The SDK cannot do this for us: it reads process.env's
 * AWS_PROFILE, never the client's profile nor an `env` other than process.env.
 *
 * @throws {SsoenvError} ENVIRONMENT_INVALID for a variable, CONFIG_INVALID for a config value, that is
 *   not an http(s) URL; CONFIG_INVALID for `services = NAME` without a `[services NAME]` section.
 */
export function configuredEndpoint(
  service: EndpointService,
  env: NodeJS.ProcessEnv,
  config?: EndpointConfig,
): ConfiguredEndpoint | undefined {
  if (ignoresConfiguredEndpoints(env, config)) return undefined;
  const { variable, key } = SERVICE_IDS[service];
  for (const name of [variable, "AWS_ENDPOINT_URL"]) {
    const value = env[name];
    if (value) return checked({ url: value, setting: name, from: name });
  }
  if (!config) return undefined;
  if (config.services) {
    const { name, section, skipped } = config.services;
    if (!section && skipped) {
      throw new SsoenvError(
        "CONFIG_INVALID",
        `${config.header} in ${config.file} names services = ${name}: line ${skipped.line} of ${config.file} ${skipped.reason}`,
        { hint: skipped.hint },
      );
    }
    if (!section) {
      throw new SsoenvError(
        "CONFIG_INVALID",
        `${config.header} in ${config.file} names services = ${name}, but the file has no [services ${name}] section`,
        {
          hint: `add [services ${name}] to ${config.file} (a "${key} =" line, then an indented "endpoint_url = URL"), or remove "services = ${name}" from ${config.header}`,
        },
      );
    }
    const value = section[`${key}.endpoint_url`];
    if (value) return checked(inConfig(value, `${key}'s endpoint_url under [services ${name}]`, config.file));
  }
  if (config.endpointUrl) {
    return checked(inConfig(config.endpointUrl, `endpoint_url of ${config.header}`, config.file));
  }
  return undefined;
}

function inConfig(url: string, setting: string, file: string): ConfiguredEndpoint {
  return { url, setting, file, from: `${setting} in ${file}` };
}

/** Whether endpoint overrides are off: the variable when it says true or false, else the profile's key. */
function ignoresConfiguredEndpoints(env: NodeJS.ProcessEnv, config: EndpointConfig | undefined): boolean {
  const fromEnv = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase();
  if (fromEnv === "true" || fromEnv === "false") return fromEnv === "true";
  return config?.ignoreConfiguredEndpointUrls?.trim().toLowerCase() === "true";
}

/**
 * The endpoint, refused unless it is an http(s) URL: the SDK would take "localhost:4566" as a URL of
 * scheme "localhost:", and "127.0.0.1:4566" as no URL at all: a request elsewhere, or three failed
 * attempts reported as the network.
 */
function checked(endpoint: ConfiguredEndpoint): ConfiguredEndpoint {
  const { url, from } = endpoint;
  if (/^https?:\/\/[^/?#]/i.test(url) && URL.canParse(url)) return endpoint;
  const shown = JSON.stringify(withoutUserInfo(url));
  if (endpoint.file) {
    throw new SsoenvError("CONFIG_INVALID", `${from} is ${shown}: not an http:// or https:// URL`, {
      hint: "write it with its scheme, e.g. endpoint_url = http://localhost:4566, or remove it to reach AWS",
    });
  }
  throw new SsoenvError("ENVIRONMENT_INVALID", `${from} ${shown} is not an http:// or https:// URL`, {
    hint: `write it with its scheme, e.g. ${from}=http://localhost:4566, or unset it to reach AWS`,
  });
}
