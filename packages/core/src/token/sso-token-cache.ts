import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ssoCacheDir } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { loginTarget } from "../config/login-target.js";
import { SsoenvError } from "../errors.js";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { validateOptions } from "../validate-options.js";
import { TORN_READ_PAUSES_MS } from "./torn-read-pauses.js";

/** An SSO token as the AWS CLI v2 keeps it in `~/.aws/sso/cache/<sha1>.json`. */
export interface SsoToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: Date;
  refreshToken?: string;
}

/**
 * The key the AWS CLI and SDKs hash for the cache file name: the sso-session name, else (legacy
 * profiles) the start URL.
 */
export function tokenCacheKey(profile: Pick<SsoProfile, "ssoSession" | "startUrl">): string {
  return profile.ssoSession ?? profile.startUrl;
}

/**
 * `~/.aws/sso/cache/<sha1hex(key)>.json`, the key being the profile's sso-session, else its start URL.
 *
 * @example tokenCachePath({ profile: await loadSsoProfile({ profile: "dev" }) })
 * @throws SsoenvError `INVALID_ARGUMENT` (no SSO profile given), `ENVIRONMENT_INVALID` (HOME unusable).
 */
export function tokenCachePath(options: {
  /** What `loadSsoProfile` returns (its `ssoSession` or `startUrl` names the file). */
  profile: Pick<SsoProfile, "ssoSession" | "startUrl">;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}): string {
  validateOptions({
    fn: "tokenCachePath",
    options,
    kinds: { profile: "sso-profile", env: "env" },
    required: ["profile"],
    example: 'tokenCachePath({ profile: await loadSsoProfile({ profile: "dev" }) })',
  });
  const hash = createHash("sha1").update(tokenCacheKey(options.profile)).digest("hex");
  return join(ssoCacheDir(options.env ?? process.env), `${hash}.json`);
}

/**
 * Reads the cached token of a profile's SSO session. Lenient like the CLI: unknown fields are
 * ignored and older `expiresAt` forms ("2026-01-01T00:00:00UTC") are accepted. A file that is not
 * JSON is read again after 50, 100 and 200 ms first: the AWS CLI and the SDKs rewrite it in place,
 * so a read during their write sees it empty or cut short.
 *
 * @returns undefined when there is no cache file.
 * @throws SsoenvError `TOKEN_CACHE_INVALID` when the file exists but is not a usable token (not
 *   JSON, or no accessToken / expiresAt). The file is left alone; a login replaces it.
 */
export async function readSsoToken(options: {
  /** What `loadSsoProfile` returns. */
  profile: Pick<SsoProfile, "ssoSession" | "startUrl" | "name" | "sessionOnly">;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}): Promise<SsoToken | undefined> {
  validateOptions({
    fn: "readSsoToken",
    options,
    kinds: { profile: "sso-profile", env: "env" },
    required: ["profile"],
    example: 'readSsoToken({ profile: await loadSsoProfile({ profile: "dev" }) })',
  });
  const path = tokenCachePath({ profile: options.profile, env: options.env });
  let raw: Record<string, unknown>;
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw invalidCache(path, options.profile, "it cannot be read", error);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      raw = parsed as Record<string, unknown>;
      break;
    } catch (error) {
      // The AWS CLI (botocore's JSONFileCache) and the JS SDK rewrite the file in place: truncate,
      // then write. Read between the two, it is empty or cut short, and whole a moment later.
      const pauseMs = TORN_READ_PAUSES_MS[attempt];
      if (pauseMs === undefined) throw invalidCache(path, options.profile, "it is not valid JSON", error);
      await sleep(pauseMs);
    }
  }
  const accessToken = stringField(raw, "accessToken");
  const expiresAt = parseCacheDate(raw.expiresAt);
  if (!accessToken) throw invalidCache(path, options.profile, "it has no accessToken");
  if (!expiresAt) throw invalidCache(path, options.profile, "its expiresAt is missing or not a date");
  const registrationExpiresAt = parseCacheDate(raw.registrationExpiresAt);
  return {
    startUrl: stringField(raw, "startUrl") ?? "",
    region: stringField(raw, "region") ?? "",
    accessToken,
    expiresAt,
    ...optional("clientId", stringField(raw, "clientId")),
    ...optional("clientSecret", stringField(raw, "clientSecret")),
    ...optional("registrationExpiresAt", registrationExpiresAt),
    ...optional("refreshToken", stringField(raw, "refreshToken")),
  };
}

/**
 * Writes the token cache file exactly as the AWS CLI v2 does (same name, same fields, dates as
 * "2026-01-01T00:00:00Z"), atomically and private (0600, folder 0700).
 */
export async function writeSsoToken(options: {
  /** What `loadSsoProfile` returns. */
  profile: Pick<SsoProfile, "ssoSession" | "startUrl">;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  token: SsoToken;
}): Promise<string> {
  validateOptions({
    fn: "writeSsoToken",
    options,
    kinds: { profile: "sso-profile", env: "env", token: "token" },
    required: ["profile", "token"],
    example: 'writeSsoToken({ profile: await loadSsoProfile({ profile: "dev" }), token })',
  });
  const path = tokenCachePath({ profile: options.profile, env: options.env });
  const { token } = options;
  const body: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: formatCacheDate(token.expiresAt),
  };
  if (token.clientId) body.clientId = token.clientId;
  if (token.clientSecret) body.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt) body.registrationExpiresAt = formatCacheDate(token.registrationExpiresAt);
  if (token.refreshToken) body.refreshToken = token.refreshToken;
  await mkdir(ssoCacheDir(options.env ?? process.env), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, JSON.stringify(body), { mode: 0o600 });
  return path;
}

/** "2026-01-01T00:00:00Z": the form botocore writes (no milliseconds). */
export function formatCacheDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Accepts ISO 8601 with Z or an offset, with or without milliseconds, and the old "...UTC" suffix. */
export function parseCacheDate(value: unknown): Date | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  let text = value.trim().replace(/\s*UTC$/i, "Z");
  // "2026-01-01 00:00:00Z" -> "2026-01-01T00:00:00Z"
  text = text.replace(/^(\d{4}-\d{2}-\d{2})[ ](\d)/, "$1T$2");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
  // Without a zone, the CLI means UTC.
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) text += "Z";
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function stringField(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function invalidCache(
  path: string,
  profile: Pick<SsoProfile, "name" | "sessionOnly" | "ssoSession">,
  why: string,
  cause?: unknown,
): SsoenvError {
  const { login } = loginTarget(profile);
  return new SsoenvError("TOKEN_CACHE_INVALID", `The SSO token cache file ${path} is unusable: ${why}`, {
    hint: `log in again to replace it: ${login}`,
    ...(cause === undefined ? {} : { cause }),
  });
}
