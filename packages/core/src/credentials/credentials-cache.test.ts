import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { type SsoToken, tokenCachePath, writeSsoToken } from "../token/sso-token-cache.js";
import { credentialsCachePath, readCachedCredentials, writeCachedCredentials } from "./credentials-cache.js";

const profile: SsoProfile = {
  name: "dev",
  ssoSession: "corp",
  startUrl: "https://corp.awsapps.com/start",
  ssoRegion: "us-east-1",
  accountId: "111111111111",
  roleName: "ReadOnly",
  legacy: false,
};
const creds = (expiresInMs: number) => ({
  accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
  secretAccessKey: randomBytes(30).toString("base64"),
  sessionToken: randomBytes(60).toString("base64"),
  expiration: new Date(Date.now() + expiresInMs),
});

describe("credentials cache", () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "ssoenv-creds-"));
    env = { HOME: home };
    await signIn();
  });

  /** Writes a token cache file as a login (or, with `refreshToken`, a renewal of that sign-in) would. */
  async function signIn(refreshToken = randomBytes(24).toString("hex")): Promise<SsoToken> {
    const token: SsoToken = {
      startUrl: profile.startUrl,
      region: profile.ssoRegion,
      accessToken: randomBytes(24).toString("hex"),
      expiresAt: new Date(Date.now() + 3_600_000),
      refreshToken,
    };
    await writeSsoToken({ profile, env, token });
    return token;
  }
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("lives under ~/.aws/ssoenv/credentials, 0600 in a 0700 folder, and reads back", async () => {
    const c = creds(3_600_000);
    await writeCachedCredentials({ profile, credentials: c, env });
    const path = credentialsCachePath({ profile, env });
    expect(path.startsWith(join(home, ".aws", "ssoenv", "credentials"))).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
    expect(await readCachedCredentials({ profile, env })).toEqual(c);
  });

  it("is keyed by start URL, account and role (another role misses)", async () => {
    await writeCachedCredentials({ profile, credentials: creds(3_600_000), env });
    expect(await readCachedCredentials({ profile: { ...profile, roleName: "Admin" }, env })).toBeUndefined();
    expect(await readCachedCredentials({ profile: { ...profile, name: "alias" }, env })).toBeDefined();
  });

  it("misses hour-long credentials in their last 15 minutes (botocore's refresh window), or within minValidityMs", async () => {
    await writeCachedCredentials({ profile, credentials: creds(14 * 60_000), env });
    // cached 46 minutes ago: an hour's credentials with 14 minutes left
    const path = credentialsCachePath({ profile, env });
    const cached = JSON.parse(await readFile(path, "utf8"));
    await writeFile(path, JSON.stringify({ ...cached, cachedAt: new Date(Date.now() - 46 * 60_000) }));
    expect(await readCachedCredentials({ profile, env })).toBeUndefined();
    expect(await readCachedCredentials({ profile, env, minValidityMs: 60_000 })).toBeDefined();
  });

  it("serves credentials that last 15 minutes from the start (duration_seconds = 900) until 5 minutes are left", async () => {
    await writeCachedCredentials({ profile, credentials: creds(15 * 60_000), env });
    expect(await readCachedCredentials({ profile, env })).toBeDefined();
    await writeCachedCredentials({ profile, credentials: creds(4 * 60_000), env });
    expect(await readCachedCredentials({ profile, env })).toBeUndefined();
  });

  it("treats a corrupt file as a miss", async () => {
    await writeCachedCredentials({ profile, credentials: creds(3_600_000), env });
    await writeFile(credentialsCachePath({ profile, env }), "{");
    expect(await readCachedCredentials({ profile, env })).toBeUndefined();
    expect(await readFile(credentialsCachePath({ profile, env }), "utf8")).toBe("{");
  });

  it("stores nothing the sign-in file does not stand behind, and never the token itself", async () => {
    const c = creds(3_600_000);
    const token = await signIn();
    expect(await writeCachedCredentials({ profile, credentials: c, env })).toBe(true);
    const text = await readFile(credentialsCachePath({ profile, env }), "utf8");
    expect(text).not.toContain(token.accessToken);
    expect(text).not.toContain(token.refreshToken);
    await unlink(tokenCachePath({ profile, env }));
    await rm(credentialsCachePath({ profile, env }));
    expect(await writeCachedCredentials({ profile, credentials: c, env })).toBe(false);
    await expect(stat(credentialsCachePath({ profile, env }))).rejects.toThrow();
  });

  it("misses once the sign-in that minted them is gone (aws sso logout) or replaced (a new login)", async () => {
    await writeCachedCredentials({ profile, credentials: creds(3_600_000), env });
    await unlink(tokenCachePath({ profile, env }));
    expect(await readCachedCredentials({ profile, env })).toBeUndefined();

    await signIn();
    await writeCachedCredentials({ profile, credentials: creds(3_600_000), env });
    expect(await readCachedCredentials({ profile, env })).toBeDefined();
    await signIn(); // new access and refresh tokens: another sign-in
    expect(await readCachedCredentials({ profile, env })).toBeUndefined();
  });

  it("still hits after the access token was renewed with the same refresh token (the same sign-in)", async () => {
    const { refreshToken } = await signIn();
    await writeCachedCredentials({ profile, credentials: creds(3_600_000), env });
    await signIn(refreshToken);
    expect(await readCachedCredentials({ profile, env })).toBeDefined();
  });

  it("misses for a file written before sign-ins were recorded in it", async () => {
    const c = creds(3_600_000);
    await writeCachedCredentials({ profile, credentials: c, env });
    const path = credentialsCachePath({ profile, env });
    const { mintedBy: _dropped, ...old } = JSON.parse(await readFile(path, "utf8"));
    await writeFile(path, JSON.stringify(old));
    expect(await readCachedCredentials({ profile, env })).toBeUndefined();
  });
});
