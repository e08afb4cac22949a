import { ensureSession, loadProjectConfig, type ProjectConfig, type Session } from "@ssoenv/core";
import { isInteractive } from "./interactive.js";
import { createSessionFeedback } from "./session-feedback.js";

/**
 * ensureSession with what every command shares: the profile from the flag or ssoenv.toml, the
 * project's min_validity, a spinner with the device code, Ctrl-C cancels a login, and no login
 * (exit 3 instead) without a terminal.
 */
export async function ensureSessionFor(options: {
  profile?: string;
  minValidity?: string | number;
  input?: boolean;
  project?: ProjectConfig | null;
  /** Leave out the "role credentials end before min_validity" warning (the caller shows the expiry). */
  quietShortCredentials?: boolean;
}): Promise<Session> {
  const project = options.project === undefined ? await loadProjectConfig() : (options.project ?? undefined);
  const profile = options.profile ?? project?.profile;
  const minValidity = options.minValidity ?? project?.minValidityMs;
  const feedback = createSessionFeedback({ quietShortCredentials: options.quietShortCredentials ?? false });
  const controller = new AbortController();
  const cancel = () => controller.abort(new Error("cancelled"));
  process.once("SIGINT", cancel);
  let failure: unknown;
  try {
    return await ensureSession({
      ...(profile ? { profile } : {}),
      ...(minValidity !== undefined ? { minValidity } : {}),
      interactive: isInteractive(options),
      onPrompt: feedback.onPrompt,
      onEvent: feedback.onEvent,
      signal: controller.signal,
    });
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    process.off("SIGINT", cancel);
    feedback.stop(failure);
  }
}
