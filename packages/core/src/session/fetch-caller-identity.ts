import { cleanServerText } from "../aws/clean-server-text.js";
import { sendAws } from "../aws/send-aws.js";
import { stsRegionOf } from "../aws/sts-region.js";
import { isAwsErrorAnswer } from "../aws/unexpected-answer.js";
import { SsoenvError } from "../errors.js";
import type { SessionContext } from "./session-context.js";
import type { Credentials, Session } from "./session-types.js";

/**
 * STS GetCallerIdentity signed with the role credentials: proves they work.
 * @throws SsoenvError `CREDENTIALS_INVALID`, `ENDPOINT_UNREACHABLE`.
 */
export async function fetchCallerIdentity(
  options: SessionContext & { credentials: Credentials },
): Promise<Session["identity"]> {
  const { profile } = options;
  try {
    const answer = await sendAws(options, {
      service: "sts",
      region: stsRegionOf(profile, options.env).region,
      credentials: options.credentials,
      operation: "STS GetCallerIdentity",
      command: (sts) => new sts.GetCallerIdentityCommand({}),
    });
    if (!answer.Account || !answer.Arn || !answer.UserId) {
      throw new SsoenvError("CREDENTIALS_INVALID", "STS GetCallerIdentity returned an incomplete identity");
    }
    return { account: answer.Account, arn: answer.Arn, userId: answer.UserId };
  } catch (error) {
    // Only an AWS answer says the credentials are bad; anything else (an abort, a broken install) is not.
    if (error instanceof SsoenvError || !isAwsErrorAnswer(error)) throw error;
    const name = cleanServerText((error as { name?: string }).name ?? "error", 80);
    throw new SsoenvError(
      "CREDENTIALS_INVALID",
      `STS GetCallerIdentity rejected the role credentials of profile "${profile.name}" (${name})`,
      { hint: `ssoenv login --profile ${profile.name}`, cause: error },
    );
  }
}
