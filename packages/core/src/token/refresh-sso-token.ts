import { sendAws } from "../aws/send-aws.js";
import type { SessionContext } from "../session/session-context.js";
import { canRefresh } from "./can-refresh.js";
import { type SsoToken, writeSsoToken } from "./sso-token-cache.js";

/** The SDK and the CLI refresh a token this long before it expires. */
export const EXPIRY_WINDOW_MS = 5 * 60_000;

export interface RefreshSsoTokenOptions extends SessionContext {
  token: SsoToken;
}

/**
 * Gets a new access token with the refresh token (OIDC CreateToken, grant `refresh_token`), as
 * `@aws-sdk/token-providers` does, and writes it to the cache file (all other fields kept).
 *
 * @returns the new token, or undefined when the refresh token or client registration is no longer
 *   accepted (a login is needed).
 * @throws SsoenvError `ENDPOINT_UNREACHABLE` when SSO OIDC cannot be reached.
 */
export async function refreshSsoToken(options: RefreshSsoTokenOptions): Promise<SsoToken | undefined> {
  const { profile, env, token } = options;
  if (!canRefresh(token)) return undefined;
  options.onEvent?.({
    type: "token-refreshing",
    profile: profile.name,
    message: "Refreshing the SSO access token",
  });
  let result: { accessToken?: string; expiresIn?: number; refreshToken?: string };
  try {
    result = await sendAws(options, {
      service: "sso-oidc",
      operation: "SSO OIDC CreateToken (refresh)",
      knownErrors: OIDC_REJECTIONS,
      command: (oidc) =>
        new oidc.CreateTokenCommand({
          clientId: token.clientId,
          clientSecret: token.clientSecret,
          refreshToken: token.refreshToken,
          grantType: "refresh_token",
        }),
    });
  } catch (error) {
    // InvalidGrant (refresh token expired or revoked), InvalidClient/UnauthorizedClient (registration
    // expired), ExpiredToken, AccessDenied: only a new login helps.
    if (isOidcRejection(error)) return undefined;
    throw error;
  }
  if (!result.accessToken || !result.expiresIn) return undefined;
  const refreshed: SsoToken = {
    ...token,
    accessToken: result.accessToken,
    expiresAt: new Date(Date.now() + result.expiresIn * 1000),
    ...(result.refreshToken ? { refreshToken: result.refreshToken } : {}),
  };
  await writeSsoToken({ profile, env, token: refreshed });
  options.onEvent?.({
    type: "token-refreshed",
    profile: profile.name,
    accessTokenExpiresAt: refreshed.expiresAt,
    message: "SSO access token refreshed",
  });
  return refreshed;
}

/** OIDC errors that mean the refresh token or client registration is no longer accepted. */
const OIDC_REJECTIONS = [
  "InvalidGrantException",
  "InvalidClientException",
  "UnauthorizedClientException",
  "ExpiredTokenException",
  "AccessDeniedException",
  "InvalidRequestException",
  "UnauthorizedException",
];

function isOidcRejection(error: unknown): boolean {
  return OIDC_REJECTIONS.includes((error as { name?: string })?.name ?? "");
}
