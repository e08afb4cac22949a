import { resolveProfileName } from "../config/resolve-profile-name.js";
import { toCredentialProcessJson } from "./credential-process-json.js";
import { credentialsCachePath, readCredentialsCacheFile } from "./credentials-cache.js";
import { readCredentialsPointer, writeCredentialsPointer } from "./credentials-pointer.js";

/**
 * The `credential_process` JSON for a profile from cached credentials only: no network, no login.
 * AWS tools run `ssoenv credential-process` before every command, so this is the hot path:
 *
 * 1. a pointer remembered from an earlier run names the credentials cache file, valid while
 *    ~/.aws/config and ~/.aws/credentials are unchanged: only node:fs and node:crypto are loaded;
 * 2. else the profile is read from the config (the SDK's INI loader, still no AWS client) and its
 *    cache file looked up, and the pointer written for next time.
 *
 * Light enough to import first thing (`@ssoenv/core/credential-process`): it loads no AWS SDK client.
 * Returns undefined, having printed nothing, on a miss or on any error: the caller then takes the
 * long way (ensureSession), which reports errors properly.
 *
 * @example const json = await answerCredentialProcess({ profile: "dev" }); // '{"Version":1,...}' | undefined
 */
export async function answerCredentialProcess(options: {
  /** @default resolveProfileName({ env }): SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default" */
  profile?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const name = resolveProfileName({ ...(options.profile ? { profile: options.profile } : {}), env });
  try {
    const pointed = await readCredentialsPointer({ profileName: name, env });
    const fromPointer = pointed ? await readCredentialsCacheFile({ path: pointed }) : undefined;
    if (fromPointer) return toCredentialProcessJson(fromPointer);
    const { loadSsoProfile } = await import("../config/load-sso-profile.js");
    const profile = await loadSsoProfile({ profile: name, env });
    const cachePath = credentialsCachePath({ profile, env });
    const cached = await readCredentialsCacheFile({ path: cachePath });
    if (!cached) return undefined;
    await writeCredentialsPointer({ profileName: name, cachePath, env });
    return toCredentialProcessJson(cached);
  } catch {
    return undefined;
  }
}
