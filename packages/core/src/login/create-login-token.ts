import { sendAws } from "../aws/send-aws.js";
import { SsoenvError } from "../errors.js";
import type { LoginFlowContext, LoginFlowResult } from "./login-flow.js";

/**
 * SSO OIDC CreateToken for either grant (device code, or PKCE's authorization code) with the
 * context's client registration, and the tokens of its answer: an answer without an access token
 * or its lifetime is a failed login, not a token to cache. `knownErrors` are the error names the
 * flow handles itself (left as they are, not made into one-line errors).
 *
 * @throws {SsoenvError} `LOGIN_FAILED` when the answer holds no access token.
 */
export async function createLoginToken(
  context: LoginFlowContext,
  grant:
    | { grantType: "urn:ietf:params:oauth:grant-type:device_code"; deviceCode: string }
    | { grantType: "authorization_code"; code: string; codeVerifier: string; redirectUri: string },
  knownErrors: readonly string[],
): Promise<LoginFlowResult> {
  const { registration } = context;
  const answer = await sendAws(context, {
    service: "sso-oidc",
    operation: "SSO OIDC CreateToken",
    knownErrors,
    command: (oidc) =>
      new oidc.CreateTokenCommand({
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        ...grant,
      }),
  });
  if (!answer.accessToken || !answer.expiresIn) {
    throw new SsoenvError("LOGIN_FAILED", "SSO OIDC CreateToken returned no access token");
  }
  return {
    accessToken: answer.accessToken,
    expiresInS: answer.expiresIn,
    ...(answer.refreshToken ? { refreshToken: answer.refreshToken } : {}),
  };
}
