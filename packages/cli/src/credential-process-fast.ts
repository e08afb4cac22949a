import { createHash } from "node:crypto";
import { mkdir, readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** Cached credentials must stay valid this long to be handed out (the SDKs refresh 5 minutes early). */
const MIN_VALIDITY_MS = 5 * 60_000;

/**
 * The hot path of `ssoenv credential-process --profile P`: AWS tools call it before every command.
 *
 * 1. Fastest: a small "answer pointer" remembered from an earlier run says which credentials cache
 *    file serves this profile, valid while ~/.aws/config and ~/.aws/credentials are unchanged (same
 *    mtime and size). Only node:fs is loaded — no commander, no INI parser, no AWS SDK.
 * 2. Else core reads the profile and its credentials cache (no network), and the pointer is written.
 * Returns false (having printed nothing) for anything else — other arguments, a cache miss, any
 * error — and the full command takes over and reports properly. Correctness never depends on the
 * pointer: whatever it cannot vouch for goes the long way.
 */
export async function tryCachedCredentialProcess(argv: readonly string[]): Promise<boolean> {
  const profileName = profileFrom(argv);
  if (!profileName) return false;
  try {
    if (await answerFromPointer(profileName)) return true;
    const core = await import("@ssoenv/core");
    const profile = await core.loadSsoProfile({ profile: profileName });
    const cached = await core.readCachedCredentials({ profile });
    if (!cached) return false;
    process.stdout.write(`${core.toCredentialProcessJson(cached)}\n`);
    await rememberCredentialsCache({ profileName, cachePath: core.credentialsCachePath({ profile }) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Records which credentials cache file answers `profileName` under the current config files
 * (`~/.aws/ssoenv/credential-process/<sha256>.json`, 0600; it holds paths and file stamps, no secret).
 */
export async function rememberCredentialsCache(options: {
  profileName: string;
  cachePath: string;
}): Promise<void> {
  try {
    const { configPath, credentialsPath, pointerPath } = locations(options.profileName);
    const pointer: Pointer = {
      version: 1,
      config: await stamp(configPath),
      credentials: await stamp(credentialsPath),
      cachePath: options.cachePath,
    };
    await mkdir(dirname(pointerPath), { recursive: true, mode: 0o700 });
    const { writeFileAtomic } = await import("@ssoenv/core");
    await writeFileAtomic(pointerPath, JSON.stringify(pointer), { mode: 0o600 });
  } catch {
    // Only a speed-up: the next call takes the long way.
  }
}

interface Stamp {
  path: string;
  mtimeMs: number;
  size: number;
}

interface Pointer {
  version: 1;
  config: Stamp | null;
  credentials: Stamp | null;
  /** Core's credentials cache file for this profile's start URL, account and role. */
  cachePath: string;
}

async function answerFromPointer(profileName: string): Promise<boolean> {
  const { configPath, credentialsPath, pointerPath } = locations(profileName);
  const pointer = JSON.parse(await readFile(pointerPath, "utf8").catch(() => "null")) as Pointer | null;
  if (pointer?.version !== 1) return false;
  const [config, credentials] = await Promise.all([stamp(configPath), stamp(credentialsPath)]);
  if (!sameStamp(pointer.config, config) || !sameStamp(pointer.credentials, credentials)) return false;
  // The fields core's writeCachedCredentials stores; anything unexpected goes the long way.
  const cached = JSON.parse(await readFile(pointer.cachePath, "utf8")) as Record<string, unknown>;
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = cached;
  if (
    typeof accessKeyId !== "string" ||
    typeof secretAccessKey !== "string" ||
    typeof sessionToken !== "string" ||
    typeof expiration !== "string"
  ) {
    return false;
  }
  const expiresAt = new Date(expiration);
  if (!(expiresAt.getTime() - Date.now() >= MIN_VALIDITY_MS)) return false;
  process.stdout.write(
    `${JSON.stringify({
      Version: 1,
      AccessKeyId: accessKeyId,
      SecretAccessKey: secretAccessKey,
      SessionToken: sessionToken,
      Expiration: expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    })}\n`,
  );
  return true;
}

/** Config paths as the AWS SDKs find them, and the pointer file for this profile under them. */
function locations(profileName: string): {
  configPath: string;
  credentialsPath: string;
  pointerPath: string;
} {
  const env = process.env;
  const home = env.HOME || env.USERPROFILE || homedir();
  const expand = (path: string) => (path.startsWith("~/") ? join(home, path.slice(2)) : path);
  const configPath = expand(env.AWS_CONFIG_FILE || join(home, ".aws", "config"));
  const credentialsPath = expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"));
  const key = createHash("sha256")
    .update(JSON.stringify([profileName, configPath, credentialsPath]))
    .digest("hex");
  return {
    configPath,
    credentialsPath,
    pointerPath: join(home, ".aws", "ssoenv", "credential-process", `${key}.json`),
  };
}

async function stamp(path: string): Promise<Stamp | null> {
  const info = await stat(path).catch(() => undefined);
  return info ? { path, mtimeMs: info.mtimeMs, size: info.size } : null;
}

function sameStamp(a: Stamp | null, b: Stamp | null): boolean {
  if (a === null || b === null) return a === b;
  return a.path === b.path && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/** `credential-process --profile P` / `-p P` / `--profile=P` (optionally with --no-input), else undefined. */
function profileFrom(argv: readonly string[]): string | undefined {
  const [command, ...rest] = argv.filter((arg) => arg !== "--no-input");
  if (command !== "credential-process") return undefined;
  if (rest.length === 1 && rest[0]?.startsWith("--profile="))
    return rest[0].slice("--profile=".length) || undefined;
  if (
    rest.length === 2 &&
    (rest[0] === "--profile" || rest[0] === "-p") &&
    rest[1] &&
    !rest[1].startsWith("-")
  ) {
    return rest[1];
  }
  return undefined;
}
