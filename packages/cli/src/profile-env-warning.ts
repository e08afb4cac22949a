/**
 * The warning for a .env file that got credentials (or the endpoint) under the AWS names and also
 * sets AWS_PROFILE: the AWS SDK for JavaScript v3 then uses that profile and skips what ssoenv wrote
 * (it says "Multiple credential sources detected"), while the AWS CLI and boto3 use the keys. The
 * line is the user's: said, not removed. AWS_DEFAULT_PROFILE is left alone: the keys win over it in
 * the AWS CLI, boto3 and the JS SDK.
 */
export function profileEnvWarning(file: {
  path: string;
  /** The file's AWS_PROFILE, as the writer read it (updateEnvFile's awsProfile). */
  profile: string | undefined;
  what: string;
}): string | undefined {
  const { profile } = file;
  if (!profile) return undefined;
  const shown = /^[\w.@+/-]+$/.test(profile) ? profile : JSON.stringify(profile);
  return `${file.path} sets AWS_PROFILE=${shown}: Node.js apps (the AWS SDK for JavaScript) reading it use that profile, not the ${file.what} written; remove that line from ${file.path}`;
}
