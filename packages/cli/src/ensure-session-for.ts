import { loadProjectConfig, type ProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
// Type-only: the session check (the profile's config, the token cache, the AWS calls) loads when a
// command runs it, not for a usage error or --help, which commander finds before any action.
import type { EnsureSessionOptions } from "@ssoenv/core/internal/session/ensure-session";
import type { EnsureSessionsResult } from "@ssoenv/core/internal/session/ensure-sessions";
import type { Session } from "@ssoenv/core/internal/session/session-types";
import { cancelOnSignal } from "./cancel-on-signal.js";
import { envKeysWarning } from "./env-keys-warning.js";
import { isInteractive } from "./is-interactive.js";
import { parentEnv } from "./own-env.js";
import { projectProfileWarning } from "./project-profile-warning.js";
import { resolveMinValidity } from "./resolve-min-validity.js";
import { createSessionFeedback } from "./session-feedback.js";
import { printWarning } from "./ui.js";

/** What the session commands share. */
export interface EnsureSessionForOptions {
  profile?: string;
  /** `--min-validity` as typed (checked by resolveMinValidity), or milliseconds. */
  minValidity?: string | number;
  input?: boolean;
  /** `false`: never log in, whatever the terminal (status, and `input: false`, i.e. --no-input). */
  login?: false;
  project?: ProjectConfig | null;
  /** Leave out the "role credentials end before min_validity" warning (the caller shows the expiry). */
  quietShortCredentials?: boolean;
  /**
   * Leave out the "keys in the environment" and "ssoenv.toml's profile, not AWS_PROFILE's" warnings
   * (the caller shows them itself: status).
   */
  quietEnvironmentWarnings?: boolean;
  /**
   * The caller's own cancelOnSignal(), for a command whose cancellable part goes on after the check
   * (exec, until its command starts). @default one for the check alone
   */
  signal?: AbortSignal;
}

/**
 * ensureSession with what every command shares: the profile from the flag or ssoenv.toml, the
 * min-validity (--min-validity, SSOENV_MIN_VALIDITY, ssoenv.toml's min_validity), a spinner with the device code, Ctrl-C cancels a login, and no login
 * (exit 3 instead) without a terminal.
 */
export async function ensureSessionFor(options: EnsureSessionForOptions): Promise<Session> {
  return withSessionFeedback(options, async (shared) => {
    const profile = options.profile ?? shared.project?.profile;
    const warning = options.quietEnvironmentWarnings ? undefined : envKeysWarning({ profile });
    if (warning) printWarning(warning);
    const projectWarning = options.quietEnvironmentWarnings
      ? undefined
      : projectProfileWarning({ profile: options.profile, project: shared.project });
    if (projectWarning) printWarning(projectWarning);
    const { ensureSession } = await import("@ssoenv/core/internal/session/ensure-session");
    return ensureSession({ ...shared.options, ...(profile ? { profile } : {}) });
  });
}

/**
 * The same for several profiles at once (refresh): one sign-in per sso-session, one spinner, one
 * error per sign-in (see core's ensureSessions). Never rejects for a profile's failure.
 */
export async function ensureSessionsFor(
  options: Omit<EnsureSessionForOptions, "profile"> & { profiles: string[] },
): Promise<EnsureSessionsResult[]> {
  return withSessionFeedback(
    options,
    async (shared) => {
      const { ensureSessions } = await import("@ssoenv/core/internal/session/ensure-sessions");
      return ensureSessions({ ...shared.options, profiles: options.profiles });
    },
    // Warnings that the profiles' errors already say are not repeated (as for one profile).
    (results) => {
      const messages = results.flatMap((r) =>
        "error" in r && r.error instanceof Error ? [r.error.message] : [],
      );
      return messages.length > 0 ? new Error(messages.join("\n")) : undefined;
    },
  );
}

async function withSessionFeedback<T>(
  options: Omit<EnsureSessionForOptions, "profile">,
  fn: (shared: {
    project: ProjectConfig | undefined;
    options: Omit<EnsureSessionOptions, "profile">;
  }) => Promise<T>,
  /** What a result that did not throw still failed with, for the held-back warnings. */
  failureOf: (result: T) => unknown = () => undefined,
): Promise<T> {
  const project =
    options.project === undefined
      ? await loadProjectConfig({ env: parentEnv() })
      : (options.project ?? undefined);
  // Checked here, once, before any profile: a bad value is one error however many targets share it.
  const minValidity =
    typeof options.minValidity === "number"
      ? options.minValidity
      : resolveMinValidity({ flag: options.minValidity, project });
  const feedback = createSessionFeedback({
    quietShortCredentials: options.quietShortCredentials ?? false,
    cancelsOnSignal: true,
  });
  // The caller's cancellation is the caller's to dispose of.
  const cancellation = options.signal ? { signal: options.signal, dispose: () => {} } : cancelOnSignal();
  let failure: unknown;
  try {
    const result = await fn({
      project,
      options: {
        ...(minValidity !== undefined ? { minValidity } : {}),
        interactive: isInteractive(options),
        // --no-input asks for no login: the error then says so, not that a terminal is missing.
        ...(options.login === false || options.input === false ? { login: false as const } : {}),
        // what `aws sso login` or a browser inherits: the parent's environment, not ssoenv's settings
        env: parentEnv(),
        onPrompt: feedback.onPrompt,
        onEvent: feedback.onEvent,
        signal: cancellation.signal,
      },
    });
    failure = failureOf(result);
    return result;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    cancellation.dispose();
    feedback.stop(failure);
  }
}
