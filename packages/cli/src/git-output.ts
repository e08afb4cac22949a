import { execFile } from "node:child_process";

/**
 * What `git ARGS` prints in `cwd`, less its final newline (only that: a path may end with a space);
 * undefined when git fails (no repository, not installed) or prints nothing. For the questions the
 * hook commands ask about the repository around them.
 */
export function gitOutput(args: readonly string[], cwd = process.cwd()): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd }, (error, stdout) => {
      resolve(error ? undefined : stdout.replace(/\n$/, "") || undefined);
    });
  });
}
