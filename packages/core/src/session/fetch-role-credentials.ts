import { sendAws } from "../aws/send-aws.js";
import { profileHeader } from "../config/profile-header.js";
import { SsoenvError } from "../errors.js";
import { credentialsFromAnswer } from "./credentials-from-answer.js";
import type { SessionContext } from "./session-context.js";
import type { Credentials } from "./session-types.js";
import { TokenRejectedError } from "./token-rejected-error.js";

/**
 * SSO GetRoleCredentials with the access token.
 * @throws TokenRejectedError (401), SsoenvError `ACCESS_DENIED` (403/404), `ENDPOINT_UNREACHABLE`,
 *   `CREDENTIALS_INVALID` (an answer without all four credential fields).
 */
export async function fetchRoleCredentials(
  options: SessionContext & { accessToken: string },
): Promise<Credentials> {
  const { profile } = options;
  try {
    const answer = await sendAws(options, {
      service: "sso",
      operation: "SSO GetRoleCredentials",
      knownErrors: ["UnauthorizedException", "ForbiddenException", "ResourceNotFoundException"],
      command: (sso) =>
        new sso.GetRoleCredentialsCommand({
          accessToken: options.accessToken,
          accountId: profile.accountId,
          roleName: profile.roleName,
        }),
    });
    return credentialsFromAnswer(answer.roleCredentials, "SSO GetRoleCredentials");
  } catch (error) {
    const name = (error as { name?: string }).name ?? "";
    if (name === "UnauthorizedException")
      throw new TokenRejectedError("SSO rejected the access token", { cause: error });
    if (name === "ForbiddenException" || name === "ResourceNotFoundException") {
      throw new SsoenvError(
        "ACCESS_DENIED",
        `No access to role "${profile.roleName}" in account ${profile.accountId} (profile "${profile.name}")`,
        {
          hint: `check sso_account_id and sso_role_name of ${profileHeader(profile.name)}, or ask your administrator to assign you the permission set "${profile.roleName}" in account ${profile.accountId}`,
          cause: error,
        },
      );
    }
    throw error;
  }
}
