import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { staticImports } from "../test-support/static-imports.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { listSignIns } from "../token/list-sign-ins.js";
import { tokenCachePath } from "../token/sso-token-cache.js";
import { getCachedSessionStatus } from "./get-cached-session-status.js";
import { writeSignInRecord } from "./sign-in-record.js";

const corp = { ssoSession: "corp", startUrl: "" };
const HOUR = 3_600_000;

describe("getCachedSessionStatus (offline)", () => {
  it("is a light import: neither the token refresh nor any AWS call code loads with it", () => {
    const loaded = staticImports("session/get-cached-session-status.ts");
    expect(loaded).toContain("token/sso-token-cache.ts");
    expect(loaded).toContain("token/can-refresh.ts");
    const heavy = [
      "aws/aws-clients.ts",
      "aws/call-aws.ts",
      "aws/retry-reporter.ts",
      "token/refresh-sso-token.ts",
    ];
    expect(loaded.filter((file) => heavy.includes(file))).toEqual([]);
  });

  const fx = useSsoFixture();

  it("reports the cached expiry and refresh capability without any request", async () => {
    const seeded = await fx.seedToken(corp);
    fx.emulator.resetStats();
    const status = await getCachedSessionStatus({ profile: "dev", env: fx.env });
    expect(status.profile).toBe("dev");
    expect(status.loggedIn).toBe(true);
    expect(status.accessTokenExpiresAt?.getTime()).toBe(Math.floor(seeded.expiresAt.getTime() / 1000) * 1000);
    expect(status.sessionEndsAt).toBeUndefined();
    expect(status.hasRefreshToken).toBe(true);
    expect(status.tokenCachePath).toBe(tokenCachePath({ profile: corp, env: fx.env }));
    expect(fx.emulator.stats().total).toBe(0);
  });

  it("reports no session when nothing is cached, and no refresh for a legacy token", async () => {
    expect(await getCachedSessionStatus({ profile: "dev", env: fx.env })).toMatchObject({
      hasRefreshToken: false,
    });
    expect(await getCachedSessionStatus({ profile: "dev", env: fx.env })).toMatchObject({ loggedIn: false });
    expect(
      (await getCachedSessionStatus({ profile: "dev", env: fx.env })).accessTokenExpiresAt,
    ).toBeUndefined();
    await fx.seedToken({ startUrl: fx.emulator.startUrl }, { legacy: true });
    expect(await getCachedSessionStatus({ profile: "legacy", env: fx.env })).toMatchObject({
      hasRefreshToken: false,
    });
  });

  it("is not loggedIn once the cache shows the sign-in is over, as listSignIns' signedIn; still is while the token renews itself", async () => {
    // The access token's hour has passed, the refresh token renews it: logged in.
    await fx.seedToken(corp, { expiresInMs: -10 * 60_000 });
    expect(await getCachedSessionStatus({ profile: "dev", env: fx.env })).toMatchObject({
      loggedIn: true,
      hasRefreshToken: true,
    });
    // ssoenv's login 9 h ago, 8 h sessions: that sign-in ended an hour ago, its last token 10 min ago.
    await writeSignInRecord({ profile: corp, env: fx.env, signedInAt: new Date(Date.now() - 9 * HOUR) });
    const ended = await getCachedSessionStatus({ profile: "dev", env: fx.env });
    expect(ended).toMatchObject({ loggedIn: false, hasRefreshToken: true });
    expect(ended.sessionEndsAt?.getTime()).toBeLessThan(Date.now());
    // A legacy token cannot be renewed: expired is over.
    await fx.seedToken({ startUrl: fx.emulator.startUrl }, { legacy: true, expiresInMs: -60_000 });
    expect(await getCachedSessionStatus({ profile: "legacy", env: fx.env })).toMatchObject({
      loggedIn: false,
      hasRefreshToken: false,
    });
    const [signIn] = (await listSignIns({ env: fx.env })).filter((info) => info.ssoSession === "corp");
    expect(signIn?.signedIn).toBe(false);
  });

  it("throws TOKEN_CACHE_INVALID naming a malformed cache file", async () => {
    const path = tokenCachePath({ profile: corp, env: fx.env });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, "[]");
    const error = await getCachedSessionStatus({ profile: "dev", env: fx.env }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "TOKEN_CACHE_INVALID")).toBe(true);
    expect((error as Error).message).toContain(path);
  });
});
