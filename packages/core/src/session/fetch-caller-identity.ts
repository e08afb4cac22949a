import { endpointFor, stsClient } from "../aws/aws-clients.js";
import { callAws } from "../aws/call-aws.js";
import { cleanServerText } from "../aws/clean-server-text.js";
import { retryReporter } from "../aws/retry-reporter.js";
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
  const { profile, env } = options;
  const region = profile.region ?? profile.ssoRegion;
  const { GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
  const client = await stsClient(region, env, options.credentials, profile);
  try {
    const answer = await callAws(
      {
        operation: "STS GetCallerIdentity",
        endpoint: endpointFor("sts", region, env, profile),
        env,
        signal: options.signal,
        onRetry: retryReporter(options.onEvent),
      },
      (abortSignal) => client.send(new GetCallerIdentityCommand({}), { abortSignal }),
    );
    if (!answer.Account || !answer.Arn || !answer.UserId) {
      throw new SsoenvError("CREDENTIALS_INVALID", "STS GetCallerIdentity returned an incomplete identity");
    }
    return { account: answer.Account, arn: answer.Arn, userId: answer.UserId };
  } catch (error) {
    if (error instanceof SsoenvError) throw error;
    const name = cleanServerText((error as { name?: string }).name ?? "error", 80);
    throw new SsoenvError(
      "CREDENTIALS_INVALID",
      `STS GetCallerIdentity rejected the role credentials of profile "${profile.name}" (${name})`,
      { hint: `ssoenv login --profile ${profile.name}`, cause: error },
    );
  }
}
