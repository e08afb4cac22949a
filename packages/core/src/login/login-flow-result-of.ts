import { SsoenvError } from "../errors.js";
import type { LoginFlowResult } from "./login-flow.js";

/**
 * The tokens of an SSO OIDC CreateToken answer, whichever grant asked for them (device code or
 * PKCE): an answer without an access token or its lifetime is a failed login, not a token to cache.
 *
 * @throws {SsoenvError} `LOGIN_FAILED` when the answer holds no access token.
 */
export function loginFlowResultOf(answer: {
  accessToken?: string | undefined;
  expiresIn?: number | undefined;
  refreshToken?: string | undefined;
}): LoginFlowResult {
  if (!answer.accessToken || !answer.expiresIn) {
    throw new SsoenvError("LOGIN_FAILED", "SSO OIDC CreateToken returned no access token");
  }
  return {
    accessToken: answer.accessToken,
    expiresInS: answer.expiresIn,
    ...(answer.refreshToken ? { refreshToken: answer.refreshToken } : {}),
  };
}
