import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { configFilePath, credentialsFilePath, ssoenvStateDir } from "../config/aws-paths.js";

/**
 * Which credentials cache file answers a profile, remembered so that `credential-process` can answer
 * without reading ~/.aws/config: valid while the config and credentials files keep the mtime and
 * size they had when it was written. It holds paths and file stamps, never a secret.
 */
interface CredentialsPointer {
  version: 2;
  /** The profile it answers: two names may share a file on a case-insensitive file system. */
  profile: string;
  config: FileStamp | null;
  credentials: FileStamp | null;
  /** The credentials cache file (credentialsCachePath) for this profile's start URL, account and role. */
  cachePath: string;
}

interface FileStamp {
  path: string;
  mtimeMs: number;
  size: number;
}

/**
 * The credentials cache file that answers `profileName`, if an earlier run recorded one and neither
 * AWS file changed since; undefined otherwise (the caller then reads the config itself).
 */
export async function readCredentialsPointer(options: {
  profileName: string;
  env: NodeJS.ProcessEnv;
}): Promise<string | undefined> {
  const { configPath, credentialsPath, pointerPath } = pointerLocations(options);
  let pointer: CredentialsPointer;
  try {
    pointer = JSON.parse(await readFile(pointerPath, "utf8")) as CredentialsPointer;
  } catch {
    return undefined;
  }
  if (
    pointer?.version !== 2 ||
    pointer.profile !== options.profileName ||
    typeof pointer.cachePath !== "string"
  ) {
    return undefined;
  }
  const [config, credentials] = await Promise.all([stampOf(configPath), stampOf(credentialsPath)]);
  if (!sameStamp(pointer.config, config) || !sameStamp(pointer.credentials, credentials)) return undefined;
  return pointer.cachePath;
}

/**
 * Records that `cachePath` answers `profileName` under the AWS files as they are now
 * (`~/.aws/ssoenv/credential-process/<profile>.json`, 0600). Best effort: a failure only means the
 * next call reads the config.
 */
export async function writeCredentialsPointer(options: {
  profileName: string;
  cachePath: string;
  env: NodeJS.ProcessEnv;
}): Promise<void> {
  try {
    const { configPath, credentialsPath, pointerPath } = pointerLocations(options);
    const pointer: CredentialsPointer = {
      version: 2,
      profile: options.profileName,
      config: await stampOf(configPath),
      credentials: await stampOf(credentialsPath),
      cachePath: options.cachePath,
    };
    await mkdir(dirname(pointerPath), { recursive: true, mode: 0o700 });
    // Loaded on use: the hot path only reads pointers.
    const { writeFileAtomic } = await import("../fs/write-file-atomic.js");
    await writeFileAtomic(pointerPath, JSON.stringify(pointer), { mode: 0o600 });
  } catch {
    // Only a speed-up.
  }
}

function pointerLocations(options: { profileName: string; env: NodeJS.ProcessEnv }) {
  // Named after the profile, not a hash of it: node:crypto alone costs the hot path ~7% of Node.js's
  // start. The stamps name the AWS files and the pointer its profile, so a pointer written under
  // another AWS_CONFIG_FILE, or for a profile whose name maps to the same file, is a miss, never a
  // wrong answer. encodeURIComponent leaves no "/" (nor a name "." or "..", given the suffix).
  return {
    configPath: configFilePath(options.env),
    credentialsPath: credentialsFilePath(options.env),
    pointerPath: join(
      ssoenvStateDir(options.env),
      "credential-process",
      `${encodeURIComponent(options.profileName)}.json`,
    ),
  };
}

async function stampOf(path: string): Promise<FileStamp | null> {
  const info = await stat(path).catch(() => undefined);
  return info ? { path, mtimeMs: info.mtimeMs, size: info.size } : null;
}

function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (a === null || b === null) return a === b;
  return a.path === b.path && a.mtimeMs === b.mtimeMs && a.size === b.size;
}
