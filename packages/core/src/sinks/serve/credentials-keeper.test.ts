import { describe, expect, it } from "vitest";
import type { SignInFingerprint } from "../../credentials/sign-in-fingerprint.js";
import { SsoenvError } from "../../errors.js";
import type { Session } from "../../session/session-types.js";
import { createCredentialsKeeper } from "./credentials-keeper.js";

// The keeper's timing rules with a hand-moved clock; the end-to-end tests in test/serve run the real
// server against the emulator.
function session(profile: string, id: string, expiresAtMs: number): Session {
  return {
    profile,
    accountId: "111111111111",
    roleName: "Dev",
    identity: { account: "111111111111", arn: "arn", userId: "u" },
    credentials: {
      accessKeyId: id,
      secretAccessKey: "s",
      sessionToken: "t",
      expiration: new Date(expiresAtMs),
    },
    credentialsExpireAt: new Date(expiresAtMs),
  };
}

describe("createCredentialsKeeper", () => {
  it("fetches once for concurrent callers, then serves from memory until the renewal time", async () => {
    let clock = 1_000_000;
    let fetches = 0;
    const keeper = createCredentialsKeeper({
      now: () => clock,
      fetchSession: async (profile) => {
        fetches++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return session(profile, `K${fetches}`, clock + 3_600_000);
      },
    });
    const first = await Promise.all(Array.from({ length: 50 }, () => keeper.get("dev")));
    expect(fetches).toBe(1);
    expect(new Set(first.map((s) => s.credentials.accessKeyId))).toEqual(new Set(["K1"]));

    clock += 39 * 60_000; // 21 minutes left: still served
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    clock += 2 * 60_000; // 19 minutes left: renewed
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K2");
    expect(fetches).toBe(2);
    keeper.stop();
  });

  it("renews short credentials halfway through their life", async () => {
    let clock = 0;
    let fetches = 0;
    const keeper = createCredentialsKeeper({
      now: () => clock,
      fetchSession: async (profile) => session(profile, `K${++fetches}`, clock + 10_000),
    });
    await keeper.get("dev");
    clock = 4_999;
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    clock = 5_000;
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K2");
    keeper.stop();
  });

  it("keeps serving valid credentials when a renewal fails, and logs the problem once", async () => {
    let clock = 0;
    let fail = false;
    const lines: string[] = [];
    const keeper = createCredentialsKeeper({
      now: () => clock,
      log: (line) => lines.push(line),
      fetchSession: async (profile) => {
        if (fail) throw new SsoenvError("LOGIN_REQUIRED", "the sign-in ended");
        return session(profile, "K1", clock + 3_600_000);
      },
    });
    await keeper.get("dev");
    fail = true;
    clock = 50 * 60_000;
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    clock += 20_000;
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    clock = 61 * 60_000; // expired: now the error reaches the caller
    await expect(keeper.get("dev")).rejects.toMatchObject({ code: "LOGIN_REQUIRED" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("LOGIN_REQUIRED");
    keeper.stop();
  });

  it("logs a refusal with its fix, which is not always a command to run", async () => {
    const lines: string[] = [];
    const keeper = createCredentialsKeeper({
      log: (line) => lines.push(line),
      fetchSession: async () => {
        throw new SsoenvError("ACCESS_DENIED", 'No access to role "Admin" in account 111111111111', {
          hint: "check sso_account_id and sso_role_name of [profile dev]",
        });
      },
    });
    await expect(keeper.get("dev")).rejects.toMatchObject({ code: "ACCESS_DENIED" });
    expect(lines).toEqual([
      'profile dev: cannot renew credentials (ACCESS_DENIED): No access to role "Admin" in account 111111111111; fix: check sso_account_id and sso_role_name of [profile dev]',
    ]);
    keeper.stop();
  });

  it("with signInOf, hands out only what the sign-in still in the token cache minted", async () => {
    let signIn: SignInFingerprint | undefined = { tokenPath: "/t", accessToken: "a1", refreshToken: "r1" };
    let fetches = 0;
    const keeper = createCredentialsKeeper({
      signInOf: async () => signIn,
      fetchSession: async (profile) => {
        if (!signIn) throw new SsoenvError("LOGIN_REQUIRED", "no sign-in");
        fetches++;
        return session(profile, `K${fetches}`, Date.now() + 3_600_000);
      },
    });
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    // The access token renewed with the same refresh token: the same sign-in, served from memory.
    signIn = { tokenPath: "/t", accessToken: "a2", refreshToken: "r1" };
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    // Logged out: refused, not served from memory.
    signIn = undefined;
    await expect(keeper.get("dev")).rejects.toMatchObject({ code: "LOGIN_REQUIRED" });
    // A new sign-in: fetched anew.
    signIn = { tokenPath: "/t", accessToken: "b1", refreshToken: "s1" };
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K2");
    expect(fetches).toBe(2);
    keeper.stop();
  });
});
