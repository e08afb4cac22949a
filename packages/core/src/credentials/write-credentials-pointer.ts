import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { type CredentialsPointer, pointerLocations, stampOf } from "./credentials-pointer.js";

/**
 * Records that `cachePath` answers `profileName` under the AWS files as they are now
 * (`~/.aws/ssoenv/credential-process/<profile>.json`, 0600). Best effort: a failure only means the
 * next call takes the long way (reads the config).
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
      config: stampOf(configPath),
      credentials: stampOf(credentialsPath),
      cachePath: options.cachePath,
    };
    await mkdir(dirname(pointerPath), { recursive: true, mode: 0o700 });
    await writeFileAtomic(pointerPath, JSON.stringify(pointer), { mode: 0o600 });
  } catch {
    // Only a speed-up.
  }
}
