import { SSOClient } from "@aws-sdk/client-sso";
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import type { Emulator } from "../types.js";

export const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** Real SDK clients pointed at the emulator; one attempt unless a test asks for retries. */
export function sdkClients(emulator: Emulator, options: { maxAttempts?: number } = {}) {
  const common = { region: emulator.region, endpoint: emulator.url, maxAttempts: options.maxAttempts ?? 1 };
  return {
    oidc: new SSOOIDCClient(common),
    sso: new SSOClient(common),
    stsWith(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
      return new STSClient({ ...common, credentials });
    },
  };
}

/** CreateToken with the refresh_token grant for `client`, as the SDK's token provider renews a token. */
export function refreshWith(
  oidc: SSOOIDCClient,
  client: { clientId?: string; clientSecret?: string },
  refreshToken: string | undefined,
) {
  return oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      grantType: "refresh_token",
      refreshToken,
    }),
  );
}

/**
 * RegisterClient + StartDeviceAuthorization, as `aws sso login` starts; `poll` asks for the token
 * (device_code grant), `refresh` renews one with the same client.
 */
export async function startDeviceLogin(oidc: SSOOIDCClient, emulator: Emulator) {
  const client = await oidc.send(
    new RegisterClientCommand({
      clientName: "emulator-test",
      clientType: "public",
      scopes: ["sso:account:access"],
    }),
  );
  const device = await oidc.send(
    new StartDeviceAuthorizationCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      startUrl: emulator.startUrl,
    }),
  );
  const poll = () =>
    oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        grantType: DEVICE_GRANT,
        deviceCode: device.deviceCode,
      }),
    );
  const refresh = (refreshToken: string | undefined) => refreshWith(oidc, client, refreshToken);
  return { client, device, poll, refresh };
}
