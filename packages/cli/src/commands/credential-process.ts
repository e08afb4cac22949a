import { loadSsoProfile } from "@ssoenv/core/internal/config/load-sso-profile";
import { toCredentialProcessJson } from "@ssoenv/core/internal/credentials/credential-process-json";
import {
  readCachedCredentials,
  rememberCachedCredentials,
  writeCachedCredentials,
} from "@ssoenv/core/internal/credentials/credentials-cache";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import { ensureSession } from "@ssoenv/core/internal/session/ensure-session";
import type { Command } from "commander";
import { addOptions } from "../add-options.js";
import { examples } from "../common-options.js";
import { isInteractive } from "../is-interactive.js";
import { parentEnv } from "../own-env.js";
import { createSessionFeedback } from "../session-feedback.js";
import { useOneLineErrors } from "../ui.js";
import { credentialProcessFastPath } from "./credential-process-fast-path.js";

/**
 * `ssoenv credential-process [--profile P]`: the JSON an AWS SDK or the AWS CLI reads from a
 * `credential_process`. Cached credentials that stay valid 5+ minutes are printed without any network
 * call (cache: ~/.aws/ssoenv/credentials/, files 0600); without a terminal it never waits for a login.
 * Without --profile the profile is found as every command finds it (ssoenv.toml, SSOENV_PROFILE,
 * AWS_PROFILE, AWS_DEFAULT_PROFILE, default).
 */
export function registerCredentialProcessCommand(program: Command): void {
  const command = program
    .command("credential-process")
    .description("print credentials as credential_process JSON (for ~/.aws/config; secrets on stdout)")
    .addHelpText(
      "after",
      `${examples("ssoenv credential-process --profile dev")}
In ~/.aws/config (for tools without sso-session support, such as older SDKs or Packer):
  [profile dev-process]
  credential_process = ssoenv credential-process --profile dev
`,
    );
  // The options its fast path reads too (one list: credential-process-fast-path.ts).
  addOptions(command, credentialProcessFastPath.options);
  command.action(async (options: { profile?: string; input?: boolean }) => {
    useOneLineErrors();
    const env = parentEnv();
    const asked = options.profile ?? (await loadProjectConfig())?.profile;
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
      const session = await ensureSession({
        ...(asked ? { profile: asked } : {}),
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
  });
}
