import { spawn } from "node:child_process";
import { SecretScanError } from "./secret-scan-error.js";

/**
 * Runs git and returns its stdout as bytes. The environment passes through unchanged: inside a
 * pre-commit hook, GIT_INDEX_FILE points at the index being committed (`git commit -a` and
 * `git commit <path>` use a temporary one), and git honours it for us.
 *
 * With `onData`, stdout goes there chunk by chunk instead (a large blob is never held whole).
 *
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export function runGit(options: {
  cwd: string;
  args: readonly string[];
  input?: string;
  onData?: (chunk: Buffer) => void;
}): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("git", ["-c", "core.quotePath=false", ...options.args], {
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", options.onData ?? ((chunk: Buffer) => out.push(chunk)));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) =>
      reject(
        new SecretScanError("GIT_FAILED", "cannot run git", {
          hint: "install git, or scan files instead: ssoenv scan PATH",
          cause: error,
        }),
      ),
    );
    child.on("close", (code) => {
      if (code === 0) return resolvePromise(Buffer.concat(out));
      const stderr = Buffer.concat(err).toString("utf8").trim();
      // Outside a repository `git diff` falls back to --no-index mode and rejects --cached.
      if (/not a git repository|unknown option .cached/i.test(stderr)) {
        return reject(
          new SecretScanError("NOT_A_GIT_REPOSITORY", `${options.cwd} is not inside a git repository`, {
            hint: "run `ssoenv scan --staged` inside a repository, or scan files: ssoenv scan PATH",
          }),
        );
      }
      reject(
        new SecretScanError(
          "GIT_FAILED",
          `git ${subcommand(options.args)} failed: ${stderr.split("\n")[0] ?? ""}`,
          {
            hint: "check `git status` in this repository",
          },
        ),
      );
    });
    child.stdin.on("error", () => {}); // git may exit before reading all input; close reports it
    child.stdin.end(options.input ?? "");
  });
}

function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c") i++;
    else if (!args[i]?.startsWith("-")) return args[i] as string;
  }
  return "";
}
