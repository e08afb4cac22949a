import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccountRoles,
  paginateListAccounts,
} from "@aws-sdk/client-sso";
import { describe, expect, test } from "vitest";
import { useEmulator } from "./test-support/use-emulator.js";
import type { EmulatorAccount } from "./types.js";

const start = useEmulator();

const HOUR_MS = 3_600_000;

describe("GetRoleCredentials", () => {
  test("returns temporary credentials for an assigned role, valid one hour by the emulator clock", async () => {
    const now = Date.UTC(2031, 5, 1, 12);
    const { emulator, sso } = await start({ now });
    const { accessToken } = emulator.issueToken();
    const { roleCredentials } = await sso.send(
      new GetRoleCredentialsCommand({
        accessToken,
        accountId: "111111111111",
        roleName: "AdministratorAccess",
      }),
    );
    expect(roleCredentials?.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(roleCredentials?.secretAccessKey).toHaveLength(40);
    expect(roleCredentials?.sessionToken?.length).toBeGreaterThan(100);
    const expiration = roleCredentials?.expiration ?? 0;
    expect(expiration - now).toBeGreaterThanOrEqual(HOUR_MS);
    expect(expiration - now).toBeLessThan(HOUR_MS + 60_000);
  });

  test("a permission set with its own session duration gives credentials that last it, in every account", async () => {
    const now = Date.UTC(2031, 5, 1, 12);
    const { emulator, sso } = await start({
      now,
      lifetimes: { permissionSetSessionMs: { ReadOnly: 4 * HOUR_MS } },
    });
    const { accessToken } = emulator.issueToken();
    const lasts = async (accountId: string, roleName: string) => {
      const { roleCredentials } = await sso.send(
        new GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
      );
      return Math.round(((roleCredentials?.expiration ?? 0) - now) / 60_000);
    };
    expect(await lasts("111111111111", "ReadOnly")).toBe(240);
    expect(await lasts("222222222222", "ReadOnly")).toBe(240);
    expect(await lasts("111111111111", "AdministratorAccess")).toBe(60);
  });

  test("each call issues fresh credentials", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    const get = () =>
      sso.send(
        new GetRoleCredentialsCommand({ accessToken, accountId: "222222222222", roleName: "ReadOnly" }),
      );
    const [a, b] = await Promise.all([get(), get()]);
    expect(a.roleCredentials?.accessKeyId).not.toBe(b.roleCredentials?.accessKeyId);
  });

  test("a role the user does not have gets ForbiddenException (403)", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    await expect(
      sso.send(
        new GetRoleCredentialsCommand({
          accessToken,
          accountId: "222222222222",
          roleName: "AdministratorAccess",
        }),
      ),
    ).rejects.toMatchObject({
      name: "ForbiddenException",
      message: "No access",
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      sso.send(
        new GetRoleCredentialsCommand({ accessToken, accountId: "999999999999", roleName: "ReadOnly" }),
      ),
    ).rejects.toMatchObject({ name: "ForbiddenException" });
  });

  test("an unknown access token gets UnauthorizedException (401)", async () => {
    const { sso } = await start();
    await expect(
      sso.send(
        new GetRoleCredentialsCommand({
          accessToken: "aoa-unknown",
          accountId: "111111111111",
          roleName: "ReadOnly",
        }),
      ),
    ).rejects.toMatchObject({ name: "UnauthorizedException", $metadata: { httpStatusCode: 401 } });
  });

  test("an access token past its hour gets UnauthorizedException", async () => {
    const { emulator, sso } = await start();
    const { accessToken, expiresAt } = emulator.issueToken();
    expect(expiresAt.getTime() - emulator.clock.now()).toBeGreaterThan(HOUR_MS - 60_000);
    const get = () =>
      sso.send(
        new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName: "ReadOnly" }),
      );
    emulator.clock.advance(HOUR_MS - 60_000);
    await expect(get()).resolves.toHaveProperty("roleCredentials");
    emulator.clock.advance(60_000 + 1000);
    await expect(get()).rejects.toMatchObject({ name: "UnauthorizedException" });
  });

  test("issueToken({ expiresInMs }) mints a token with that lifetime", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken({ expiresInMs: 5 * 60_000 });
    emulator.clock.advance(6 * 60_000);
    await expect(
      sso.send(
        new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName: "ReadOnly" }),
      ),
    ).rejects.toMatchObject({ name: "UnauthorizedException" });
  });

  test("after revokeTokens() every access token gets UnauthorizedException", async () => {
    const { emulator, sso } = await start();
    const tokens = [emulator.issueToken(), emulator.issueToken()];
    emulator.revokeTokens();
    for (const { accessToken } of tokens) {
      await expect(
        sso.send(
          new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName: "ReadOnly" }),
        ),
      ).rejects.toMatchObject({ name: "UnauthorizedException" });
    }
  });
});

describe("Logout", () => {
  test("ends the session: its token is refused afterwards, other sessions keep working", async () => {
    const { emulator, sso } = await start();
    const mine = emulator.issueToken();
    const other = emulator.issueToken();
    await sso.send(new LogoutCommand({ accessToken: mine.accessToken }));
    await expect(sso.send(new ListAccountsCommand({ accessToken: mine.accessToken }))).rejects.toMatchObject({
      name: "UnauthorizedException",
    });
    await expect(sso.send(new LogoutCommand({ accessToken: mine.accessToken }))).rejects.toMatchObject({
      name: "UnauthorizedException",
    });
    await expect(
      sso.send(new ListAccountsCommand({ accessToken: other.accessToken })),
    ).resolves.toHaveProperty("accountList");
  });
});

describe("ListAccounts and ListAccountRoles", () => {
  const manyAccounts: EmulatorAccount[] = Array.from({ length: 25 }, (_, i) => ({
    accountId: String(100000000000 + i),
    accountName: `acct-${i}`,
    roles: Array.from({ length: 7 }, (_, r) => `Role${r}`),
  }));

  test("lists the default accounts with names and e-mail addresses", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    const result = await sso.send(new ListAccountsCommand({ accessToken }));
    expect(result.accountList).toEqual([
      { accountId: "111111111111", accountName: "dev", emailAddress: "aws-dev@example.com" },
      { accountId: "222222222222", accountName: "stg", emailAddress: "aws-stg@example.com" },
    ]);
    expect(result.nextToken).toBeUndefined();
    const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: "111111111111" }));
    expect(roles.roleList).toEqual([
      { accountId: "111111111111", roleName: "AdministratorAccess" },
      { accountId: "111111111111", roleName: "ReadOnly" },
    ]);
  });

  test("pages accounts with next_token and max_result", async () => {
    const { emulator, sso } = await start({ accounts: manyAccounts });
    const { accessToken } = emulator.issueToken();
    const first = await sso.send(new ListAccountsCommand({ accessToken, maxResults: 10 }));
    expect(first.accountList).toHaveLength(10);
    expect(first.nextToken).toBeTruthy();
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateListAccounts({ client: sso, pageSize: 10 }, { accessToken })) {
      pages++;
      ids.push(...(page.accountList ?? []).map((a) => a.accountId ?? ""));
    }
    expect(pages).toBe(3);
    expect(ids).toEqual(manyAccounts.map((a) => a.accountId));
    // default page size is 20
    const defaultPage = await sso.send(new ListAccountsCommand({ accessToken }));
    expect(defaultPage.accountList).toHaveLength(20);
  });

  test("pages roles of an account", async () => {
    const { emulator, sso } = await start({ accounts: manyAccounts });
    const { accessToken } = emulator.issueToken();
    const roles: string[] = [];
    for await (const page of paginateListAccountRoles(
      { client: sso, pageSize: 3 },
      { accessToken, accountId: "100000000004" },
    )) {
      roles.push(...(page.roleList ?? []).map((r) => r.roleName ?? ""));
    }
    expect(roles).toEqual(["Role0", "Role1", "Role2", "Role3", "Role4", "Role5", "Role6"]);
  });

  test("maxResults outside 1-100 gets AWS's InvalidRequestException (synfinatic/aws-sso-cli#1342)", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    for (const maxResults of [0, 101, 1000]) {
      await expect(sso.send(new ListAccountsCommand({ accessToken, maxResults }))).rejects.toMatchObject({
        name: "InvalidRequestException",
        message: "ResultSize parameter must be within the valid limits of: 1-100",
        $metadata: { httpStatusCode: 400 },
      });
    }
    await expect(
      sso.send(new ListAccountRolesCommand({ accessToken, accountId: "111111111111", maxResults: 101 })),
    ).rejects.toMatchObject({ message: "ResultSize parameter must be within the valid limits of: 1-100" });
  });

  test("a malformed next_token gets InvalidRequestException", async () => {
    const { emulator, sso } = await start();
    const { accessToken } = emulator.issueToken();
    await expect(
      sso.send(new ListAccountsCommand({ accessToken, nextToken: "garbage" })),
    ).rejects.toMatchObject({
      name: "InvalidRequestException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  test("both need a valid token", async () => {
    const { sso } = await start();
    await expect(sso.send(new ListAccountsCommand({ accessToken: "nope" }))).rejects.toMatchObject({
      name: "UnauthorizedException",
    });
    await expect(
      sso.send(new ListAccountRolesCommand({ accessToken: "nope", accountId: "111111111111" })),
    ).rejects.toMatchObject({ name: "UnauthorizedException" });
  });
});
