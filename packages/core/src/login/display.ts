import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter } from "node:path";
import { executablesOnPath } from "../fs/executables-on-path.js";
import { ciJob } from "../session/ci-job.js";

/** Why no browser can be opened here (shown when ssoenv falls back to the device code). */
export type NoBrowserReason = "ci" | "ssh" | "container" | "no-display" | "no-opener";

/**
 * Whether a browser opened here would be seen by the user, and if not, why. `BROWSER` set (the
 * user's own opener; VS Code sets it in dev containers and over Remote-SSH to open the host's
 * browser) always means yes. Otherwise: not in CI (`host.inCi`, by default this process's CI job as
 * ci-job.ts reads it: a runner's browser, on a macOS runner too, has no one to see it), not over SSH,
 * not in a container, and (on Linux/BSD) an X11 or Wayland display and `xdg-open` on PATH.
 */
export function browserAvailability(
  env: NodeJS.ProcessEnv,
  host: { platform?: NodeJS.Platform; inCi?: boolean; inContainer?: boolean; hasOpener?: boolean } = {},
): { available: true } | { available: false; reason: NoBrowserReason } {
  if (env.BROWSER) return { available: true };
  if (host.inCi ?? ciJob() !== undefined) return { available: false, reason: "ci" };
  if (env.SSH_CONNECTION || env.SSH_TTY || env.SSH_CLIENT) return { available: false, reason: "ssh" };
  if (host.inContainer ?? isContainer(env)) return { available: false, reason: "container" };
  const platform = host.platform ?? process.platform;
  if (platform === "darwin" || platform === "win32") return { available: true };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { available: false, reason: "no-display" };
  if (!(host.hasOpener ?? executablesOnPath("xdg-open", env).length > 0))
    return { available: false, reason: "no-opener" };
  return { available: true };
}

/** True when a browser opened here would be seen by the user (see {@link browserAvailability}). */
export function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  return browserAvailability(env).available;
}

/** A sentence for each reason, completing "No browser can be opened here: ...". */
export const NO_BROWSER_REASONS: Record<NoBrowserReason, string> = {
  ci: "this runs in CI (a CI runner's browser has no one to see it)",
  ssh: "this is an SSH session",
  container: "this is a container",
  "no-display": "DISPLAY and WAYLAND_DISPLAY are not set",
  "no-opener": "xdg-open is not installed (set BROWSER to your browser)",
};

function isContainer(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.container) || existsSync("/.dockerenv") || existsSync("/run/.containerenv");
}

/**
 * Opens a URL in `BROWSER` or the default browser, best effort (a failure only means the user opens
 * it). `BROWSER` is read as Python's webbrowser and xdg-utils read it: a list separated by the path
 * delimiter, of which the first is used; `%s` in it is replaced by the URL, else the URL is appended.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  const [command, args] = browserCommand(url, env);
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true, env });
    child.on("error", () => {});
    child.unref();
  } catch {
    // No opener: the prompt already shows the URL.
  }
}

/** The command and arguments that open `url`. */
export function browserCommand(url: string, env: NodeJS.ProcessEnv): [string, string[]] {
  const browser = env.BROWSER?.split(delimiter).find((entry) => entry.trim() !== "");
  if (browser) {
    if (!browser.includes("%s")) return [browser, [url]];
    const [command = "", ...args] = browser.trim().split(/\s+/);
    return [command, args.map((arg) => arg.replaceAll("%s", url))];
  }
  if (process.platform === "darwin") return ["open", [url]];
  if (process.platform === "win32") return ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]];
  return ["xdg-open", [url]];
}
