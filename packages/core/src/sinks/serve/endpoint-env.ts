import { REGION_ENV_NAMES } from "../../aws/region-env-names.js";

/** Static credential variables a file loses when it gets the endpoint: every SDK prefers them. */
export const STATIC_CREDENTIAL_ENV_NAMES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
] as const;

/**
 * What `ssoenv serve` writes for its endpoint, which a file loses when it gets keys again: every SDK
 * takes the keys first, so the endpoint would go unused and its token stay on disk.
 */
export const ENDPOINT_ENV_NAMES = [
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
] as const;

/**
 * Variables of another credentials endpoint that a file also loses: every SDK takes the token file
 * over `AWS_CONTAINER_AUTHORIZATION_TOKEN`, and the relative URI over the full one.
 */
export const OTHER_ENDPOINT_ENV_NAMES = [
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
] as const;

/**
 * The variables that point the AWS SDKs and the AWS CLI v2 at a credentials endpoint:
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN`, plus `AWS_REGION`
 * and `AWS_DEFAULT_REGION` when the profile has a region.
 *
 * @example endpointEnv({ url: server.urlFor("dev"), token: server.token, region: "eu-west-1" })
 */
export function endpointEnv(options: {
  url: string;
  token: string;
  region?: string | undefined;
}): Record<string, string> {
  const env: Record<string, string> = {
    AWS_CONTAINER_CREDENTIALS_FULL_URI: options.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: options.token,
  };
  if (options.region) for (const name of REGION_ENV_NAMES) env[name] = options.region;
  return env;
}
