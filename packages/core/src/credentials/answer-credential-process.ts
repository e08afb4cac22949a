import { resolveProfileName } from "../config/resolve-profile-name.js";
import { toCredentialProcessJson } from "./credential-process-json.js";
import { readCredentialsPointer } from "./credentials-pointer.js";
import { readCredentialsCacheFile } from "./read-credentials-cache-file.js";

/**
 * The `credential_process` JSON for a profile from cached credentials only: no network, no login,
 * not even ~/.aws/config. AWS tools run `ssoenv credential-process` before every command, so this
 * is the hot path: the pointer an earlier run left (writeCachedCredentials, or the full command's
 * cached answer) names the credentials cache file, valid while ~/.aws/config and
 * ~/.aws/credentials are unchanged, and the file is served while it stays valid and its sign-in is
 * still in the SSO token cache.
 *
 * Light enough to import first thing (`@ssoenv/core/internal/credential-process`): node:fs, node:path and
 * node:crypto only (the ssoenv CLI bundles it into its entry file: see the cli's
 * scripts/bundle-hot-paths.mjs). Returns undefined, having printed nothing, on a miss (no pointer yet,
 * or the AWS files changed) or on any error: the caller then takes the long way (ensureSession),
 * which reports errors properly and leaves a pointer for the next call.
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
    const pointed = readCredentialsPointer({ profileName: name, env });
    const cached = pointed ? await readCredentialsCacheFile({ path: pointed }) : undefined;
    return cached ? toCredentialProcessJson(cached) : undefined;
  } catch {
    return undefined;
  }
}
