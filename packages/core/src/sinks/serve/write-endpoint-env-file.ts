import { loadSsoProfile } from "../../config/load-sso-profile.js";
import { type UpdateEnvFileResult, updateEnvFile } from "../../env/update-env-file.js";
import { endpointEnv, OTHER_ENDPOINT_ENV_NAMES, STATIC_CREDENTIAL_ENV_NAMES } from "./endpoint-env.js";

/**
 * Points a .env file at a credentials endpoint: writes `AWS_CONTAINER_CREDENTIALS_FULL_URI`,
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` (and the profile's region; without one, the region written
 * for another profile goes, as updateEnvFile's `owned` says) with the byte-keeping writer of
 * `refresh`, and removes `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and
 * `AWS_CREDENTIAL_EXPIRATION` (static keys win over the endpoint in every SDK's chain), and
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` / `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (another endpoint's,
 * which would win over this one's token and URI).
 *
 * @throws SsoenvError as updateEnvFile does, and PROFILE_NOT_FOUND / NOT_SSO_PROFILE.
 * @example await writeEndpointEnvFile({ path: ".env", profile: "dev", url: server.urlFor("dev"), token: server.token });
 */
export async function writeEndpointEnvFile(options: {
  path: string;
  profile: string;
  url: string;
  token: string;
  /** AWS name -> name in this file, for the region variables. */
  keys?: Readonly<Partial<Record<string, string>>>;
  env?: NodeJS.ProcessEnv;
  /** As updateEnvFile's: the folder the file must land in (files a project names). */
  within?: string;
}): Promise<UpdateEnvFileResult> {
  const profile = await loadSsoProfile({
    profile: options.profile,
    ...(options.env ? { env: options.env } : {}),
  });
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(
    endpointEnv({ url: options.url, token: options.token, region: profile.region }),
  )) {
    // As refresh does: the region as AWS_REGION and AWS_DEFAULT_REGION (boto3, AWS CLI v1).
    values[options.keys?.[name] ?? name] = value;
  }
  return updateEnvFile({
    path: options.path,
    values,
    remove: [...STATIC_CREDENTIAL_ENV_NAMES, ...OTHER_ENDPOINT_ENV_NAMES],
    // As refresh: a profile without a region loses the region written for another one.
    owned: ["AWS_REGION", "AWS_DEFAULT_REGION"].map((name) => options.keys?.[name] ?? name),
    ...(options.within !== undefined ? { within: options.within } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
}
