import { type EnvKeyNames, regionEnvNames, renameEnvKeys } from "../../env/rename-env-keys.js";
import { type UpdateEnvFileResult, updateEnvFile } from "../../env/update-env-file.js";
import { endpointEnv, OTHER_ENDPOINT_ENV_NAMES, STATIC_CREDENTIAL_ENV_NAMES } from "./endpoint-env.js";

/**
 * Points a .env file at a credentials endpoint: writes `AWS_CONTAINER_CREDENTIALS_FULL_URI`,
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` (and `region` as AWS_REGION and AWS_DEFAULT_REGION; without
 * one, the region written for another profile goes, as updateEnvFile's `owned` says) with the
 * byte-keeping writer of `refresh`, and removes `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION` (static keys win over the endpoint in every
 * SDK's chain), and `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` / `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
 * (another endpoint's, which would win over this one's token and URI).
 *
 * @throws SsoenvError as updateEnvFile does.
 * @example await writeEndpointEnvFile({ path: ".env", region: session.region, url: server.urlFor("dev"), token: server.token });
 */
export async function writeEndpointEnvFile(options: {
  path: string;
  /** The profile's `region` (its session's): none, and the file has no region from ssoenv. */
  region?: string | undefined;
  url: string;
  token: string;
  /** AWS name -> name in this file, for the region variables. */
  keys?: EnvKeyNames;
  /** Whose HOME keeps the record of the region written. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** As updateEnvFile's: the folder the file must land in (files a project names). */
  within?: string;
}): Promise<UpdateEnvFileResult> {
  const { url, token, region, keys } = options;
  return updateEnvFile({
    path: options.path,
    values: renameEnvKeys(endpointEnv({ url, token, region }), keys),
    remove: [...STATIC_CREDENTIAL_ENV_NAMES, ...OTHER_ENDPOINT_ENV_NAMES],
    owned: regionEnvNames(keys),
    ...(options.within !== undefined ? { within: options.within } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
}
