import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { staticImports } from "../test-support/static-imports.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { tokenCachePath } from "../token/sso-token-cache.js";
import { getCachedSessionStatus } from "./get-cached-session-status.js";

const corp = { ssoSession: "corp", startUrl: "" };

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

  it("throws TOKEN_CACHE_INVALID naming a malformed cache file", async () => {
    const path = tokenCachePath({ profile: corp, env: fx.env });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, "[]");
    const error = await getCachedSessionStatus({ profile: "dev", env: fx.env }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "TOKEN_CACHE_INVALID")).toBe(true);
    expect((error as Error).message).toContain(path);
  });
});
