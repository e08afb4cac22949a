import { GetRoleCredentialsCommand, LogoutCommand } from "@aws-sdk/client-sso";
import { expect, test } from "vitest";
import { refreshWith } from "./test-support/sdk-clients.js";
import { useEmulator } from "./test-support/use-emulator.js";

const start = useEmulator();

test("Logout ends every token of the sign-in: earlier and refreshed access tokens and the refresh token", async () => {
  const { emulator, oidc, sso } = await start();
  const signIn = emulator.issueToken();
  const refresh = () => refreshWith(oidc, signIn, signIn.refreshToken);
  const refreshed = await refresh();
  const roles = (accessToken: string) =>
    sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName: "ReadOnly" }));
  await expect(roles(refreshed.accessToken ?? "")).resolves.toHaveProperty("roleCredentials");

  await sso.send(new LogoutCommand({ accessToken: refreshed.accessToken }));

  await expect(roles(refreshed.accessToken ?? "")).rejects.toMatchObject({ name: "UnauthorizedException" });
  await expect(roles(signIn.accessToken)).rejects.toMatchObject({ name: "UnauthorizedException" });
  await expect(refresh()).rejects.toMatchObject({ name: "InvalidGrantException" });
  await expect(refreshWith(oidc, signIn, refreshed.refreshToken)).rejects.toMatchObject({
    name: "InvalidGrantException",
  });
});

test("Logout answers 200 with an empty body, as the SSO API reference says, and AWS CLI's second Logout gets 401", async () => {
  const { emulator } = await start();
  const { accessToken } = emulator.issueToken();
  const logout = () =>
    fetch(`${emulator.url}/logout`, { method: "POST", headers: { "x-amz-sso_bearer_token": accessToken } });

  const first = await logout();
  expect({ status: first.status, body: await first.text() }).toEqual({ status: 200, body: "" });
  expect(first.headers.get("content-length")).toBe("0");
  const second = await logout();
  expect({ status: second.status, type: second.headers.get("x-amzn-errortype")?.split(":")[0] }).toEqual({
    status: 401,
    type: "UnauthorizedException",
  });
});
