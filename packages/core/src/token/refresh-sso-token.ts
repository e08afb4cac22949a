import { sendAws } from "../aws/send-aws.js";
import type { SessionContext } from "../session/session-context.js";
import { canRefresh } from "./can-refresh.js";
import { readSsoToken, type SsoToken, writeSsoToken } from "./sso-token-cache.js";

/** The SDK and the CLI refresh a token this long before it expires. */
export const EXPIRY_WINDOW_MS = 5 * 60_000;

export interface RefreshSsoTokenOptions extends SessionContext {
  token: SsoToken;
  /** This is the retry with the token another tool cached: no further one. */
  again?: boolean;
  /** The token is still good: the refresh gets one response deadline, not the whole budget. */
  optional?: boolean;
}

/**
 * Gets a new access token with the refresh token (OIDC CreateToken, grant `refresh_token`), as
 * `@aws-sdk/token-providers` does, and writes it to the cache file (all other fields kept).
 *
 * @returns the new token, or undefined when the refresh token or client registration is no longer
 *   accepted (a login is needed). A refused refresh uses the token another tool cached meanwhile, if any.
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
      withinOneResponse: options.optional,
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
    // expired), ExpiredToken, AccessDenied: only a new login helps, unless another tool refreshed meanwhile.
    if (isOidcRejection(error)) return options.again ? undefined : refreshedElsewhere(options);
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

/**
 * After a refused refresh: the token another tool (the AWS CLI, an SDK; they take no lock) cached since
 * `options.token` was read, if there is one. Such a tool may have used the same refresh token first, and
 * should AWS retire a refresh token once used, ours was refused for that alone. Its token is used if
 * good, else refreshed once with its refresh token.
 */
async function refreshedElsewhere(options: RefreshSsoTokenOptions): Promise<SsoToken | undefined> {
  const { profile, env, token } = options;
  const cached = await readSsoToken({ profile, env }).catch(() => undefined);
  if (!cached || cached.refreshToken === token.refreshToken) return undefined;
  if (cached.expiresAt.getTime() - Date.now() > EXPIRY_WINDOW_MS) return cached;
  return refreshSsoToken({ ...options, token: cached, again: true });
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
