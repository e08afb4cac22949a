import { endpointFor, ssoClient, stsClient } from "../aws/aws-clients.js";
import { callAws } from "../aws/call-aws.js";
import { cleanServerText } from "../aws/clean-server-text.js";
import { retryReporter } from "../aws/retry-reporter.js";
import { SsoenvError } from "../errors.js";
import type { SessionContext } from "./session-context.js";
import type { Credentials, Session } from "./session-types.js";

/** Thrown (internally) when SSO no longer accepts the access token: refresh or log in. */
export class TokenRejectedError extends Error {
  override readonly name = "TokenRejectedError";
}

/**
 * SSO GetRoleCredentials with the access token.
 * @throws TokenRejectedError (401), SsoenvError `ACCESS_DENIED` (403/404), `ENDPOINT_UNREACHABLE`.
 */
export async function fetchRoleCredentials(
  options: SessionContext & { accessToken: string },
): Promise<Credentials> {
  const { profile, env } = options;
  const { GetRoleCredentialsCommand } = await import("@aws-sdk/client-sso");
  const client = await ssoClient(profile.ssoRegion, env, profile);
  try {
    const answer = await callAws(
      {
        operation: "SSO GetRoleCredentials",
        endpoint: endpointFor("sso", profile.ssoRegion, env, profile),
        env,
        knownErrors: ["UnauthorizedException", "ForbiddenException", "ResourceNotFoundException"],
        signal: options.signal,
        onRetry: retryReporter(options.onEvent),
      },
      (abortSignal) =>
        client.send(
          new GetRoleCredentialsCommand({
            accessToken: options.accessToken,
            accountId: profile.accountId,
            roleName: profile.roleName,
          }),
          { abortSignal },
        ),
    );
    const role = answer.roleCredentials;
    if (!role?.accessKeyId || !role.secretAccessKey || !role.sessionToken || !role.expiration) {
      throw new SsoenvError("CREDENTIALS_INVALID", "SSO GetRoleCredentials returned incomplete credentials");
    }
    return {
      accessKeyId: role.accessKeyId,
      secretAccessKey: role.secretAccessKey,
      sessionToken: role.sessionToken,
      expiration: new Date(role.expiration),
    };
  } catch (error) {
    const name = (error as { name?: string }).name ?? "";
    if (name === "UnauthorizedException")
      throw new TokenRejectedError("SSO rejected the access token", { cause: error });
    if (name === "ForbiddenException" || name === "ResourceNotFoundException") {
      throw new SsoenvError(
        "ACCESS_DENIED",
        `No access to role "${profile.roleName}" in account ${profile.accountId} (profile "${profile.name}")`,
        {
          hint: `check sso_account_id and sso_role_name of [profile ${profile.name}], or ask your administrator to assign you the permission set "${profile.roleName}" in account ${profile.accountId}`,
          cause: error,
        },
      );
    }
    throw error;
  }
}

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
