import { SsoenvError } from "../errors.js";

/**
 * How many attempts the user asked every AWS call to make, read as the AWS CLI, boto3 and the AWS
 * SDKs read it ("Retry behavior" in the SDKs and Tools Reference Guide): `AWS_MAX_ATTEMPTS`, else the
 * profile's `max_attempts` (`SsoProfile.maxAttempts`, checked when the profile was loaded). Undefined
 * when neither is set: each call keeps ssoenv's own number.
 *
 * @example configuredMaxAttempts({ AWS_MAX_ATTEMPTS: "5" }) // 5
 * @throws SsoenvError `ENVIRONMENT_INVALID` when AWS_MAX_ATTEMPTS is not a whole number of at least 1.
 */
export function configuredMaxAttempts(
  env: NodeJS.ProcessEnv,
  profileMaxAttempts?: number,
): number | undefined {
  const value = env.AWS_MAX_ATTEMPTS;
  if (value === undefined || value.trim() === "") return profileMaxAttempts;
  const attempts = parseMaxAttempts(value);
  if (attempts === undefined) {
    throw new SsoenvError(
      "ENVIRONMENT_INVALID",
      `AWS_MAX_ATTEMPTS ${JSON.stringify(value)} is not a whole number of at least 1`,
      { hint: "set it to the attempts each AWS call makes, e.g. AWS_MAX_ATTEMPTS=5, or unset it" },
    );
  }
  return attempts;
}

/** A max_attempts value as botocore takes it (a whole number, at least 1), else undefined. */
export function parseMaxAttempts(value: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(value)) return undefined;
  const attempts = Number(value);
  return attempts >= 1 && Number.isSafeInteger(attempts) ? attempts : undefined;
}
