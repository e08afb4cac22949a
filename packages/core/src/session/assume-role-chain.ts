import { cleanServerText } from "../aws/clean-server-text.js";
import { isRegionEnvName } from "../aws/region-env-names.js";
import { sendAws } from "../aws/send-aws.js";
import { type StsRegion, stsRegionOf } from "../aws/sts-region.js";
import { isAwsErrorAnswer } from "../aws/unexpected-answer.js";
import { parseRoleArn, type RoleChain, type RoleHop } from "../config/role-chain.js";
import { SsoenvError } from "../errors.js";
import { credentialsFromAnswer } from "./credentials-from-answer.js";
import type { SessionContext } from "./session-context.js";
import type { Credentials } from "./session-types.js";

/** STS answers about the request or the role, not about the network: reported as they are. */
const KNOWN_ERRORS = [
  "AccessDenied",
  "ValidationError",
  "ExpiredToken",
  "InvalidClientTokenId",
  "RegionDisabledException",
  "MalformedPolicyDocument",
] as const;

/**
 * Assumes each role of the chain in turn with STS AssumeRole (through the AWS SDK), starting from
 * the SSO role credentials: what the AWS CLI does for `role_arn` + `source_profile`. The STS client
 * is loaded here, only when a profile has a chain.
 *
 * @throws SsoenvError `ACCESS_DENIED` (the role does not trust the caller, or wants another
 *   external_id), `CONFIG_INVALID` (STS refuses the profile's settings, e.g. duration_seconds over the
 *   1 h role-chaining limit), `CREDENTIALS_INVALID`, `ENDPOINT_UNREACHABLE`, `AWS_ANSWER_UNEXPECTED`.
 */
export async function assumeRoleChain(
  options: SessionContext & { chain: RoleChain; credentials: Credentials },
): Promise<Credentials> {
  let credentials = options.credentials;
  for (const hop of options.chain.hops) {
    credentials = await assumeRole({ ...options, hop, credentials });
  }
  return credentials;
}

async function assumeRole(
  options: SessionContext & { chain: RoleChain; hop: RoleHop; credentials: Credentials },
): Promise<Credentials> {
  const { hop } = options;
  const where = `profile "${hop.profile}" in ${options.chain.configPath}`;
  // Asked before the call, as the AWS CLI does: the role's trust policy decides whether it is needed.
  const tokenCode = hop.mfaSerial === undefined ? undefined : await askMfaCode(options, hop.mfaSerial);
  // Every hop in the asked profile's region, as botocore calls them (a hop's own region is not read).
  const stsRegion = stsRegionOf(options.profile, options.env);
  try {
    const answer = await sendAws(options, {
      service: "sts",
      region: stsRegion.region,
      credentials: options.credentials,
      operation: "STS AssumeRole",
      knownErrors: KNOWN_ERRORS,
      command: (sts) =>
        new sts.AssumeRoleCommand({
          RoleArn: hop.roleArn,
          // As the AWS CLI names its sessions (botocore-session-<seconds>) when none is configured.
          RoleSessionName: hop.roleSessionName ?? `ssoenv-${Math.floor(Date.now() / 1000)}`,
          ...(hop.durationSeconds !== undefined ? { DurationSeconds: hop.durationSeconds } : {}),
          ...(hop.externalId !== undefined ? { ExternalId: hop.externalId } : {}),
          ...(tokenCode !== undefined ? { SerialNumber: hop.mfaSerial, TokenCode: tokenCode } : {}),
        }),
    });
    const c = answer.Credentials;
    return credentialsFromAnswer(
      {
        accessKeyId: c?.AccessKeyId,
        secretAccessKey: c?.SecretAccessKey,
        sessionToken: c?.SessionToken,
        expiration: c?.Expiration,
      },
      `STS AssumeRole for ${where}`,
    );
  } catch (error) {
    // Only an AWS answer says the credentials are bad; anything else (an abort, a broken install) is not.
    if (error instanceof SsoenvError || !isAwsErrorAnswer(error)) throw error;
    const name = (error as { name?: string }).name ?? "";
    const said = cleanServerText((error as Error).message ?? "", 300);
    if (name === "AccessDenied" && tokenCode !== undefined && /MultiFactorAuthentication/.test(said)) {
      throw new SsoenvError("ACCESS_DENIED", `STS refused the MFA code for ${where}: ${said}`, {
        hint: `run it again with the code your device shows then; check mfa_serial = ${hop.mfaSerial} of ${hop.header} names your MFA device`,
        cause: error,
      });
    }
    if (name === "AccessDenied") {
      throw new SsoenvError(
        "ACCESS_DENIED",
        `STS refused to assume role ${hop.roleArn} for ${where}${hop.externalId === undefined ? "" : " (with its external_id)"}: ${said}`,
        {
          hint: `check role_arn${hop.externalId === undefined ? " (and whether the role needs external_id)" : " and external_id"} of ${hop.header}, or ask the role's owner to trust your source role`,
          cause: error,
        },
      );
    }
    if (name === "RegionDisabledException") throw regionDisabled(options, hop, stsRegion, error);
    if (name === "ValidationError" || name === "MalformedPolicyDocument") {
      throw new SsoenvError("CONFIG_INVALID", `STS AssumeRole refused the settings of ${where}: ${said}`, {
        hint: `fix ${hop.header} in ${options.chain.configPath}${/duration/i.test(said) ? " (a chained role lasts at most 3600 duration_seconds)" : ""}`,
        cause: error,
      });
    }
    throw new SsoenvError(
      "CREDENTIALS_INVALID",
      `STS AssumeRole for ${where} rejected the source credentials (${cleanServerText(name || "error", 80)})`,
      { hint: `ssoenv login --profile ${options.profile.name}`, cause: error },
    );
  }
}

/**
 * STS deactivated in the region called for the role's account (IAM account settings): not the
 * credentials, and no login helps. The fix is the region, named where it was set, or the account's
 * administrator; us-east-1 cannot be deactivated.
 */
function regionDisabled(
  options: { chain: RoleChain },
  hop: RoleHop,
  { region, from }: StsRegion,
  cause: unknown,
): SsoenvError {
  const { accountId } = parseRoleArn(hop.roleArn);
  const asked = options.chain.hops[options.chain.hops.length - 1] ?? hop;
  const elsewhere = `a region where STS is active for account ${accountId}${region === "us-east-1" ? "" : " (us-east-1 always is)"}`;
  const fromEnv = isRegionEnvName(from);
  const fix = fromEnv
    ? `set ${from} to ${elsewhere}`
    : `set region in ${asked.header} of ${options.chain.configPath} to ${elsewhere}`;
  return new SsoenvError(
    fromEnv ? "ENVIRONMENT_INVALID" : "CONFIG_INVALID",
    `STS AssumeRole of ${hop.roleArn} for profile "${hop.profile}" was refused in ${region}${from === "default" ? "" : ` (${from === "profile" ? `the region of profile "${asked.profile}"` : from})`}: STS is not activated there for account ${accountId} (RegionDisabledException)`,
    { hint: `${fix}, or ask its administrator to activate STS in ${region} (IAM > Account settings)`, cause },
  );
}

/** The code of the hop's MFA device, from whoever can type it (see SessionContext.mfaCode). */
async function askMfaCode(
  options: SessionContext & { chain: RoleChain; hop: RoleHop },
  mfaSerial: string,
): Promise<string> {
  const { hop } = options;
  if (!options.mfaCode) {
    throw new SsoenvError(
      "MFA_CODE_REQUIRED",
      `Profile "${hop.profile}" has mfa_serial = ${mfaSerial}: STS wants the code your MFA device shows, and there is no terminal to ask for it`,
      {
        hint: `run it in a terminal (ssoenv exec --profile ${hop.profile} -- ...), or use a profile whose role needs no MFA here; remove mfa_serial from ${hop.header} in ${options.chain.configPath} only if the role does not ask for MFA`,
      },
    );
  }
  options.onEvent?.({
    type: "mfa-code-asked",
    profile: hop.profile,
    mfaSerial,
    message: `Asking for the MFA code of profile "${hop.profile}"`,
  });
  let code: string;
  try {
    code = (await options.mfaCode({ profile: hop.profile, mfaSerial, signal: options.signal })).trim();
  } finally {
    // Answered or given up: the line is no longer the prompt's (a spinner may draw again).
    options.onEvent?.({
      type: "mfa-code-answered",
      profile: hop.profile,
      message: `Read the MFA code of profile "${hop.profile}"`,
    });
  }
  // STS's own rule for TokenCode: said here rather than as STS's "validation error".
  if (!/^\d{6}$/.test(code)) {
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `The MFA code for profile "${hop.profile}" is six digits; what was typed is ${code.length === 0 ? "empty" : `${code.length} characters, not six digits`}`,
      { hint: `run it again and type the six digits your MFA device (${mfaSerial}) shows` },
    );
  }
  return code;
}
