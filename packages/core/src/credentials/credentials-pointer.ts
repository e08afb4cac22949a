import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configFilePath, credentialsFilePath, ssoenvStateDir } from "../config/aws-paths.js";
import { millisecondsOf, statPath } from "../fs/stat-path.js";

/**
 * Which credentials cache file answers a profile, remembered so that `credential-process` can answer
 * without reading ~/.aws/config: valid while the config and credentials files keep the mtime and
 * size they had when it was written. It holds paths and file stamps, never a secret.
 */
export interface CredentialsPointer {
  version: 2;
  /** The profile it answers: two names may share a file on a case-insensitive file system. */
  profile: string;
  config: FileStamp | null;
  credentials: FileStamp | null;
  /** The credentials cache file (credentialsCachePath) for this profile's start URL, account and role. */
  cachePath: string;
}

export interface FileStamp {
  path: string;
  mtimeMs: number;
  size: number;
}

/**
 * The credentials cache file that answers `profileName`, if an earlier run recorded one and neither
 * AWS file changed since; undefined otherwise (the caller then reads the config itself). Only
 * node:fs and node:path: it is on credential-process's hot path.
 */
export function readCredentialsPointer(options: {
  profileName: string;
  env: NodeJS.ProcessEnv;
}): string | undefined {
  const { configPath, credentialsPath, pointerPath } = pointerLocations(options);
  let pointer: CredentialsPointer;
  try {
    // Synchronous, like every read on this path: the files are a few hundred bytes, and an async
    // read's round trips through libuv's thread pool cost the cached answer ~2 ms on Node.js 20.
    pointer = JSON.parse(readFileSync(pointerPath, "utf8")) as CredentialsPointer;
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
  if (
    !sameStamp(pointer.config, stampOf(configPath)) ||
    !sameStamp(pointer.credentials, stampOf(credentialsPath))
  )
    return undefined;
  return pointer.cachePath;
}

/** Where the AWS files and the profile's pointer are. */
export function pointerLocations(options: { profileName: string; env: NodeJS.ProcessEnv }) {
  // Named after the profile, not a hash of it: node:crypto alone costs the hot path ~7% of Node.js's
  // start. The stamps name the AWS files and the pointer its profile, so a pointer written under
  // another AWS_CONFIG_FILE, or for a profile whose name maps to the same file, is a miss, never a
  // wrong answer. encodeURIComponent leaves no "/" (nor a name "." or "..", given the suffix).
  return {
    configPath: configFilePath(options.env),
    credentialsPath: credentialsFilePath(options.env),
    pointerPath: join(
      credentialProcessFolder(options.env),
      `${encodeURIComponent(options.profileName)}.json`,
    ),
  };
}

/** `~/.aws/ssoenv/credential-process`, where the pointers are (`logout --all` empties it). */
export function credentialProcessFolder(env: NodeJS.ProcessEnv): string {
  return join(ssoenvStateDir(env), "credential-process");
}

/** The file's stamp now, null when it does not exist (or cannot be looked at). */
export function stampOf(path: string): FileStamp | null {
  try {
    // Synchronous: two stats of local files cost microseconds, fewer than the promise machinery.
    const info = statPath(path);
    return info ? { path, mtimeMs: millisecondsOf(info.mtimeNs), size: Number(info.size) } : null;
  } catch {
    return null;
  }
}

function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (a === null || b === null) return a === b;
  return a.path === b.path && a.mtimeMs === b.mtimeMs && a.size === b.size;
}
