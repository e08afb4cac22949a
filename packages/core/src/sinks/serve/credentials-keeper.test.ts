import { describe, expect, it, vi } from "vitest";
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

/** Lets a background renewal (answered at once) finish before the clock is moved by hand. */
function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** What the promise settled with once pending I/O callbacks have run, else "pending". */
async function settledWithin<T>(promise: Promise<T>): Promise<T | "pending"> {
  const pending = new Promise<"pending">((resolve) => setTimeout(() => resolve("pending"), 50));
  return Promise.race([promise, pending]);
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
    clock += 2 * 60_000; // 19 minutes left: renewed in the background, served from memory meanwhile
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    await vi.waitFor(async () => expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K2"));
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
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1"); // renewal started
    await vi.waitFor(async () => expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K2"));
    keeper.stop();
  });

  it("answers from memory while a renewal waits on AWS, until the last minute of the credentials", async () => {
    let clock = 0;
    let fetches = 0;
    let answer: ((session: Session) => void) | undefined;
    const keeper = createCredentialsKeeper({
      now: () => clock,
      fetchSession: (profile) => {
        fetches++;
        if (fetches === 1) return Promise.resolve(session(profile, "K1", clock + 3_600_000));
        // AWS slow to answer (a network hiccup): the renewal stays in flight until answer().
        return new Promise<Session>((resolve) => {
          answer = resolve;
        });
      },
    });
    await keeper.get("dev");
    clock = 45 * 60_000; // 15 minutes left: due for renewal, still good for every SDK
    expect(await settledWithin(keeper.get("dev"))).toMatchObject({ credentials: { accessKeyId: "K1" } });
    expect(await settledWithin(keeper.get("dev"))).toMatchObject({ credentials: { accessKeyId: "K1" } });
    expect(fetches).toBe(2); // one renewal in flight, however many ask
    clock = 59.5 * 60_000; // 30 s left: worth waiting for the new ones
    const waiting = keeper.get("dev");
    expect(await settledWithin(waiting)).toBe("pending");
    answer?.(session("dev", "K2", clock + 3_600_000));
    expect((await waiting).credentials.accessKeyId).toBe("K2");
    expect(fetches).toBe(2);
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
    await settled(); // the renewal it started has failed
    clock += 20_000;
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    await settled();
    clock = 61 * 60_000; // expired: now the error reaches the caller
    await expect(keeper.get("dev")).rejects.toMatchObject({ code: "LOGIN_REQUIRED" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("LOGIN_REQUIRED");
    keeper.stop();
  });

  it("answers a sign-in that has ended from memory until the token cache changes: one call to AWS, not one per request", async () => {
    let clock = 0;
    let fetches = 0;
    let signIn: SignInFingerprint = { tokenPath: "/t", accessToken: "a1", refreshToken: "r1" };
    const keeper = createCredentialsKeeper({
      now: () => clock,
      signInOf: async () => signIn,
      fetchSession: async (profile) => {
        fetches++;
        if (signIn.accessToken === "a1") throw new SsoenvError("LOGIN_REQUIRED", "the sign-in ended");
        return session(profile, "K1", clock + 3_600_000);
      },
    });
    // One SDK lookup: the JS SDK asks 4 times a second apart, botocore 3 times.
    for (let i = 0; i < 4; i++) {
      await expect(keeper.get("dev")).rejects.toMatchObject({ code: "LOGIN_REQUIRED" });
      clock += 1_000;
    }
    expect(fetches).toBe(1);
    clock += 60_000; // a minute later AWS is asked again
    await expect(keeper.get("dev")).rejects.toMatchObject({ code: "LOGIN_REQUIRED" });
    expect(fetches).toBe(2);
    // A login rewrites the token cache: asked at once.
    signIn = { tokenPath: "/t", accessToken: "b1", refreshToken: "s1" };
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    expect(fetches).toBe(3);
    keeper.stop();
  });

  it("when another tool renews the token (new hashes), fetches anew while answering from memory, and keeps nothing if that fails", async () => {
    let signIn: SignInFingerprint = { tokenPath: "/t", accessToken: "a1", refreshToken: "r1" };
    let fetches = 0;
    let answer: { resolve: (session: Session) => void; reject: (error: unknown) => void } | undefined;
    const keeper = createCredentialsKeeper({
      signInOf: async () => signIn,
      fetchSession: (profile) => {
        fetches++;
        if (fetches === 1) return Promise.resolve(session(profile, "K1", Date.now() + 3_600_000));
        return new Promise<Session>((resolve, reject) => {
          answer = { resolve, reject };
        });
      },
    });
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    // The AWS CLI refreshed the shared token: AWS answers a new refresh token too, as a new login does.
    signIn = { tokenPath: "/t", accessToken: "a2", refreshToken: "r2" };
    expect(await settledWithin(keeper.get("dev"))).toMatchObject({ credentials: { accessKeyId: "K1" } });
    expect(fetches).toBe(2);
    answer?.resolve(session("dev", "K2", Date.now() + 3_600_000));
    await vi.waitFor(async () => expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K2"));
    // Another change, and the fetch fails: what the earlier tokens minted is not kept.
    signIn = { tokenPath: "/t", accessToken: "a3", refreshToken: "r3" };
    expect(await settledWithin(keeper.get("dev"))).toMatchObject({ credentials: { accessKeyId: "K2" } });
    answer?.reject(new SsoenvError("ACCESS_DENIED", "no access to the role"));
    await settled();
    await expect(keeper.get("dev")).rejects.toMatchObject({ code: "ACCESS_DENIED" });
    expect(fetches).toBe(3);
    keeper.stop();
  });

  it("when another tool renews the token and AWS cannot be reached, keeps the credentials and retries 10 s later", async () => {
    let clock = 0;
    let signIn: SignInFingerprint = { tokenPath: "/t", accessToken: "a1", refreshToken: "r1" };
    let fetches = 0;
    const keeper = createCredentialsKeeper({
      now: () => clock,
      signInOf: async () => signIn,
      fetchSession: async (profile) => {
        fetches++;
        if (fetches === 1) return session(profile, "K1", clock + 3_600_000);
        throw new SsoenvError("ENDPOINT_UNREACHABLE", "SSO GetRoleCredentials could not be reached");
      },
    });
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    signIn = { tokenPath: "/t", accessToken: "a2", refreshToken: "r2" };
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    await settled();
    expect(fetches).toBe(2);
    // The failed fetch is not tried again on every request, and the credentials are still answered.
    clock += 9_000;
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    await settled();
    expect(fetches).toBe(2);
    clock += 1_000;
    expect((await keeper.get("dev")).credentials.accessKeyId).toBe("K1");
    await settled();
    expect(fetches).toBe(3);
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
