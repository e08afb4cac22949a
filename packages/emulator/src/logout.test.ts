import { GetRoleCredentialsCommand, LogoutCommand } from "@aws-sdk/client-sso";
import { CreateTokenCommand } from "@aws-sdk/client-sso-oidc";
import { afterEach, expect, test } from "vitest";
import { startEmulator } from "./start-emulator.js";
import { sdkClients } from "./test-support/sdk-clients.js";
import type { Emulator } from "./types.js";

let emulator: Emulator | undefined;
afterEach(() => emulator?.stop());

test("Logout ends every token of the sign-in: earlier and refreshed access tokens and the refresh token", async () => {
  emulator = await startEmulator();
  const { oidc, sso } = sdkClients(emulator);
  const signIn = emulator.issueToken();
  const refresh = () =>
    oidc.send(
      new CreateTokenCommand({
        clientId: signIn.clientId,
        clientSecret: signIn.clientSecret,
        grantType: "refresh_token",
        refreshToken: signIn.refreshToken,
      }),
    );
  const refreshed = await refresh();
  const roles = (accessToken: string) =>
    sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName: "ReadOnly" }));
  await expect(roles(refreshed.accessToken ?? "")).resolves.toHaveProperty("roleCredentials");

  await sso.send(new LogoutCommand({ accessToken: refreshed.accessToken }));

  await expect(roles(refreshed.accessToken ?? "")).rejects.toMatchObject({ name: "UnauthorizedException" });
  await expect(roles(signIn.accessToken)).rejects.toMatchObject({ name: "UnauthorizedException" });
  await expect(refresh()).rejects.toMatchObject({ name: "InvalidGrantException" });
  await expect(
    oidc.send(
      new CreateTokenCommand({
        clientId: signIn.clientId,
        clientSecret: signIn.clientSecret,
        grantType: "refresh_token",
        refreshToken: refreshed.refreshToken,
      }),
    ),
  ).rejects.toMatchObject({ name: "InvalidGrantException" });
});
