import { loadSsoProfile } from "@ssoenv/core/internal/config/load-sso-profile";
import { toCredentialProcessJson } from "@ssoenv/core/internal/credentials/credential-process-json";
import {
  readCachedCredentials,
  rememberCachedCredentials,
  writeCachedCredentials,
} from "@ssoenv/core/internal/credentials/credentials-cache";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import { ensureSession } from "@ssoenv/core/internal/session/ensure-session";
import { isInteractive } from "../is-interactive.js";
import { parentEnv } from "../own-env.js";
import { createSessionFeedback } from "../session-feedback.js";
import { useOneLineErrors } from "../ui.js";

/** What `ssoenv credential-process` does (its declaration, with options and help: credential-process.ts). */
export async function runCredentialProcess(options: { profile?: string; input?: boolean }): Promise<void> {
  useOneLineErrors();
  const env = parentEnv();
  const asked = options.profile ?? (await loadProjectConfig({ env }))?.profile;
  const profile = await loadSsoProfile({ ...(asked ? { profile: asked } : {}), env });
  const cached = await readCachedCredentials({ profile, env });
  if (cached) {
    // So that the next call answers before this module loads (credential-process-fast-path.ts).
    await rememberCachedCredentials({ profile, env });
    process.stdout.write(`${toCredentialProcessJson(cached)}\n`);
    return;
  }
  const interactive = isInteractive(options);
  // Only a device code to act on goes to stderr, and only when a person is there to act on it.
  const feedback = createSessionFeedback();
  let failure: unknown;
  try {
    // The profile loaded above: ensureSession does not read the config files again.
    const session = await ensureSession({
      profile,
      env,
      interactive,
      onPrompt: feedback.onPrompt,
      onEvent: interactive ? feedback.onEvent : () => {},
    });
    // Also remembers, for the next call's answer (credential-process-fast-path.ts), which file answers.
    await writeCachedCredentials({ profile, credentials: session.credentials, env });
    // In a terminal the spinner shares the screen: it goes before the JSON, not after it.
    feedback.stop();
    process.stdout.write(`${toCredentialProcessJson(session.credentials)}\n`);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    feedback.stop(failure);
  }
}
