import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * True when a browser opened here would be seen by the user: `BROWSER` is set (the user's own opener;
 * VS Code sets it in dev containers and over Remote-SSH to open the host's browser), or: not over SSH,
 * not in a container, and (on Linux/BSD) with an X11 or Wayland display.
 */
export function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  if (env.BROWSER) return true;
  if (env.SSH_CONNECTION || env.SSH_TTY || env.SSH_CLIENT) return false;
  if (isContainer(env)) return false;
  if (process.platform === "darwin" || process.platform === "win32") return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

function isContainer(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.container) || existsSync("/.dockerenv") || existsSync("/run/.containerenv");
}

/** Opens a URL in `BROWSER` or the default browser, best effort (a failure only means the user opens it). */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  const [command, args] = env.BROWSER
    ? [env.BROWSER, [url]]
    : process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: "ignore", detached: true, env });
    child.on("error", () => {});
    child.unref();
  } catch {
    // No opener: the prompt already shows the URL.
  }
}
