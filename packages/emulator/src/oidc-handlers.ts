import type { EmulatorState } from "./emulator-state.js";
import { oidcError } from "./service-error.js";

/** Paths the device and PKCE flows send a browser to. */
export interface OidcUrls {
  verificationUri: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

/** POST /client/register */
export function handleRegisterClient(state: EmulatorState, body: Record<string, unknown>, urls: OidcUrls) {
  const client = state.registerClient(body);
  const now = state.clock.now();
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientIdIssuedAt: Math.floor(now / 1000),
    clientSecretExpiresAt: Math.floor(client.expiresAt / 1000),
    authorizationEndpoint: urls.authorizationEndpoint,
    tokenEndpoint: urls.tokenEndpoint,
  };
}

/** POST /device_authorization */
export function handleStartDeviceAuthorization(
  state: EmulatorState,
  body: Record<string, unknown>,
  urls: OidcUrls,
) {
  const result = state.startDeviceAuthorization(body);
  return {
    deviceCode: result.deviceCode,
    userCode: result.userCode,
    verificationUri: urls.verificationUri,
    // As AWS's since 2026-09: it names the request, not the code, which the person types on the page
    verificationUriComplete: `${urls.verificationUri}?request_uri=${result.requestUri}`,
    expiresIn: result.expiresInSeconds,
    interval: state.settings.pollIntervalSeconds,
  };
}

/** POST /token, for the three grant types AWS supports for public clients. */
export function handleCreateToken(state: EmulatorState, body: Record<string, unknown>) {
  const grant = (() => {
    switch (body.grantType) {
      case "urn:ietf:params:oauth:grant-type:device_code":
        return state.redeemDeviceCode(body);
      case "refresh_token":
        return state.redeemRefreshToken(body);
      case "authorization_code":
        return state.redeemAuthorizationCode(body);
      default:
        // the client is checked first, as the service does
        state.authenticateClient(body.clientId, body.clientSecret);
        throw oidcError("UnsupportedGrantTypeException", "Unsupported grant type");
    }
  })();
  return {
    accessToken: grant.accessToken,
    tokenType: "Bearer",
    expiresIn: grant.expiresInSeconds,
    ...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
  };
}
