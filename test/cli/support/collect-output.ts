import type { ChildProcess } from "node:child_process";
import type { CliResult } from "./cli-world.js";

/**
 * A spawned child's whole stdout and stderr (when piped), and how it ended, once it has closed;
 * rejects when it could not start. The bytes are decoded once at the end: a UTF-8 character that two
 * chunks split ("…", "✔") comes out whole. Other listeners on its streams still get Buffers.
 */
export function collectOutput(child: ChildProcess): Promise<CliResult> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode, signal) =>
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
  });
}
