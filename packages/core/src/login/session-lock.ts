import { mkdir } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { ssoCacheDir } from "../config/aws-paths.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { fromFileSystemError, SsoenvError } from "../errors.js";
import type { SessionContext } from "../session/session-context.js";
import { tokenCachePath } from "../token/sso-token-cache.js";

/** A login can take a while (the user reads a code, approves in a browser): wait that long for another one. */
const DEFAULT_LOCK_WAIT_MS = 15 * 60_000;
const POLL_MS = 200;

export interface WithSessionLockOptions extends SessionContext {
  /**
   * How long to wait for another process's hold; 0 tries once, and gives up (LOCK_TIMEOUT) without
   * announcing a wait. @default 15 minutes
   */
  waitMs?: number;
}

/** `~/.aws/sso/cache/<sha1>.ssoenv-lock`: next to the token cache file it protects. */
export function sessionLockPath(options: { profile: SsoProfile; env: NodeJS.ProcessEnv }): string {
  return tokenCachePath({ profile: options.profile, env: options.env }).replace(/\.json$/, ".ssoenv-lock");
}

/**
 * Runs `fn` while holding a cross-process lock for the profile's SSO session, so that only one
 * process logs in (or refreshes) at a time. The lock is a directory (atomic mkdir) whose mtime is kept
 * fresh; a lock left by a crashed process is taken over after 10 s.
 *
 * @throws SsoenvError `LOCK_TIMEOUT` when another process holds it for longer than `waitMs`,
 *   `FILE_ACCESS_FAILED` when the lock cannot be made there (a read-only or foreign cache folder).
 */
export async function withSessionLock<T>(options: WithSessionLockOptions, fn: () => Promise<T>): Promise<T> {
  const lockPath = sessionLockPath(options);
  const target = tokenCachePath({ profile: options.profile, env: options.env });
  // A read-only ~/.aws (a container's :ro mount) or another user's folder: FILE_ACCESS_FAILED naming it.
  await mkdir(ssoCacheDir(options.env), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw fromFileSystemError(error) ?? error;
  });
  // Loaded on use, as update-env-file does: as it loads, proper-lockfile (with signal-exit) sets
  // SIGINT, SIGTERM and SIGHUP listeners, not for a script's import of @ssoenv/core to do, and costs it
  // ~15 ms; a session still valid takes no lock.
  const lockfile = await import("proper-lockfile");
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  let compromised: Error | undefined;
  let announced = false;
  let release: () => Promise<void>;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      release = await lockfile.lock(target, {
        lockfilePath: lockPath,
        realpath: false,
        stale: 10_000,
        update: 2_000,
        retries: 0,
        // The default throws from a timer (an uncaught exception); remember it instead.
        onCompromised: (error) => {
          compromised = error;
        },
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw fromFileSystemError(error) ?? error;
      if (Date.now() >= deadline) {
        throw new SsoenvError(
          "LOCK_TIMEOUT",
          `Another process has held the login lock ${lockPath} for too long`,
          {
            hint: `finish or cancel the other login; if none is running, remove ${lockPath}`,
            cause: error,
          },
        );
      }
      if (!announced) {
        announced = true;
        options.onEvent?.({
          type: "login-waiting-for-lock",
          profile: options.profile.name,
          lockPath,
          // The holder may be this process too: another ensureSession call refreshing the token.
          message:
            "Another process or call is logging in to this SSO session or refreshing it; waiting for it",
        });
      }
      await sleep(POLL_MS, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {
      // Already released or taken over (compromised): nothing left to undo.
    });
    void compromised;
  }
}
