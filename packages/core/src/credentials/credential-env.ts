import { REGION_ENV_NAMES, regionFromEnv } from "../aws/region-env-names.js";
import type { Session } from "../session/session-types.js";
import { validateArgument, validateOptions } from "../validate-options.js";
import { isoSeconds } from "./iso-seconds.js";

/**
 * The environment variables every AWS SDK and CLI reads: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION (ISO 8601), plus AWS_REGION and AWS_DEFAULT_REGION when
 * the profile has a region.
 *
 * @example credentialEnv(session).AWS_CREDENTIAL_EXPIRATION // "2026-01-01T12:00:00Z"
 */
export function credentialEnv(session: Pick<Session, "credentials" | "region">): Record<string, string> {
  validateArgument({
    fn: "credentialEnv",
    name: "its argument",
    value: session,
    kind: "session",
    example: "credentialEnv(await ensureSession())",
  });
  const { credentials } = session;
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: isoSeconds(credentials.expiration),
  };
  if (session.region) for (const name of REGION_ENV_NAMES) env[name] = session.region;
  return env;
}

/**
 * Variables that name a profile. The JS SDK v3 uses `AWS_PROFILE` before credentials in the
 * environment, and the AWS CLI `AWS_DEFAULT_PROFILE` below it: next to the credentials ssoenv hands
 * out, either could point at another profile, so `exec` drops them and `env` unsets them.
 */
export const PROFILE_ENV_NAMES = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] as const;

/**
 * The environment of a child that should use the session's credentials: `env` (the parent's)
 * without `AWS_PROFILE` / `AWS_DEFAULT_PROFILE`, with the credential variables and the region set.
 * The region is the one `aws --profile P` would use: the parent's `AWS_REGION`, else its
 * `AWS_DEFAULT_REGION` (every AWS tool puts a region in the environment above the profile's `region`;
 * AWS CLI v2 reads AWS_REGION first), else the profile's; the child gets it under both names, so the
 * JS SDK (AWS_REGION only) and boto3 (AWS_DEFAULT_REGION only) agree.
 *
 * @example spawn("aws", ["s3", "ls"], { env: childEnv({ env: process.env, session }) })
 */
export function childEnv(options: {
  env: NodeJS.ProcessEnv;
  session: Pick<Session, "credentials" | "region">;
}): NodeJS.ProcessEnv {
  validateOptions({
    fn: "childEnv",
    options,
    kinds: { env: "env", session: "session" },
    required: ["env", "session"],
    example: "childEnv({ env: process.env, session: await ensureSession() })",
  });
  const env = { ...options.env };
  for (const name of PROFILE_ENV_NAMES) delete env[name];
  const region = regionFromEnv(env)?.region ?? options.session.region;
  return { ...env, ...credentialEnv({ ...options.session, ...(region ? { region } : {}) }) };
}
