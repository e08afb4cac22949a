import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { parseCacheDate, readSsoToken, tokenCachePath, writeSsoToken } from "./sso-token-cache.js";

const session = { name: "dev", ssoSession: "corp", startUrl: "https://corp.awsapps.com/start" };
const legacy = { name: "old", startUrl: "https://corp.awsapps.com/start" };
// Fake, generated at test time; shaped like nothing secret.
const fakeToken = () => `tok-${Math.random().toString(36).slice(2)}`;

describe("token cache", () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "ssoenv-cache-"));
    env = { HOME: home };
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("names the file sha1(sso-session name), else sha1(start URL), like the AWS CLI", () => {
    const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
    expect(tokenCachePath({ profile: session, env })).toBe(
      join(home, ".aws", "sso", "cache", `${sha1("corp")}.json`),
    );
    expect(tokenCachePath({ profile: legacy, env })).toBe(
      join(home, ".aws", "sso", "cache", `${sha1(legacy.startUrl)}.json`),
    );
  });

  it("writes every field, atomically, 0600 in a 0700 folder, and leaves no temp file", async () => {
    const token = {
      startUrl: session.startUrl,
      region: "us-east-1",
      accessToken: fakeToken(),
      expiresAt: new Date("2026-01-01T08:00:00.123Z"),
      clientId: "client-1",
      clientSecret: fakeToken(),
      registrationExpiresAt: new Date("2026-03-01T00:00:00Z"),
      refreshToken: fakeToken(),
    };
    const path = await writeSsoToken({ profile: session, env, token });
    const raw = JSON.parse(await readFile(path, "utf8"));
    expect(raw).toEqual({
      ...token,
      expiresAt: "2026-01-01T08:00:00Z",
      registrationExpiresAt: "2026-03-01T00:00:00Z",
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
    expect(await readdir(dirname(path))).toEqual([path.split("/").pop()]);
  });

  it("reads what it wrote", async () => {
    const token = {
      startUrl: "u",
      region: "r",
      accessToken: fakeToken(),
      expiresAt: new Date("2026-01-01T08:00:00Z"),
    };
    await writeSsoToken({ profile: session, env, token });
    expect(await readSsoToken({ profile: session, env })).toEqual(token);
  });

  it("reads leniently: old 'UTC' dates, offsets, milliseconds, unknown fields", async () => {
    const path = tokenCachePath({ profile: legacy, env });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      JSON.stringify({
        startUrl: legacy.startUrl,
        region: "us-east-1",
        accessToken: "a",
        expiresAt: "2026-01-01T00:00:00UTC",
        extra: 1,
      }),
    );
    const token = await readSsoToken({ profile: legacy, env });
    expect(token?.expiresAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(token?.refreshToken).toBeUndefined();
    expect(parseCacheDate("2026-01-01T09:00:00+09:00")?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(parseCacheDate("2026-01-01T00:00:00.500Z")?.toISOString()).toBe("2026-01-01T00:00:00.500Z");
    expect(parseCacheDate("2026-01-01 00:00:00")?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(parseCacheDate("tomorrow")).toBeUndefined();
  });

  it("reads a file the AWS CLI or an SDK is rewriting in place once it is whole, not as a broken cache", async () => {
    // botocore's JSONFileCache truncates the file, then writes it (the JS SDK's writeFile likewise):
    // a read in between sees an empty file, then the writer finishes.
    const token = {
      startUrl: "u",
      region: "r",
      accessToken: fakeToken(),
      expiresAt: new Date("2026-01-01T08:00:00Z"),
    };
    const path = await writeSsoToken({ profile: session, env, token });
    const whole = await readFile(path, "utf8");
    await writeFile(path, "");
    const read = readSsoToken({ profile: session, env });
    setTimeout(() => writeFileSync(path, whole), 20);
    expect(await read).toEqual(token);
  });

  it("returns undefined when there is no cache file", async () => {
    expect(await readSsoToken({ profile: session, env })).toBeUndefined();
  });

  it.each([
    ["not JSON", "{", "not valid JSON"],
    ["no accessToken", JSON.stringify({ expiresAt: "2026-01-01T00:00:00Z" }), "no accessToken"],
    ["a bad expiresAt", JSON.stringify({ accessToken: "a", expiresAt: "soon" }), "expiresAt"],
  ])("a file with %s is TOKEN_CACHE_INVALID naming the file, and is kept", async (_what, text, why) => {
    const path = tokenCachePath({ profile: session, env });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    const error = await readSsoToken({ profile: session, env }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "TOKEN_CACHE_INVALID")).toBe(true);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain(why);
    expect(await readFile(path, "utf8")).toBe(text);
  });
});
