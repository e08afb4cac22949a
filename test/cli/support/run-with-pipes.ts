import { spawn } from "node:child_process";
import { CLI_BIN, type CliResult, type CliWorld } from "./cli-world.js";
import { collectOutput } from "./collect-output.js";

/**
 * Runs ssoenv from bash with `NAME=<(cat FILE)` for each entry of `pipes`: the file's text through a
 * pipe (/dev/fd/63), readable once, as a user's shell gives it. Async: the emulator answers from the
 * test's process.
 *
 * @example await runWithPipes(world, ["env", "--profile", "dev"], { AWS_CONFIG_FILE: world.configPath })
 */
export function runWithPipes(
  world: CliWorld,
  args: string[],
  pipes: Record<string, string>,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  const names = Object.keys(pipes);
  const assignments = names.map((name, i) => `${name}=<(cat "$PIPED_${i}")`).join(" ");
  const piped = Object.fromEntries(names.map((name, i) => [`PIPED_${i}`, pipes[name]]));
  const child = spawn("bash", ["-c", `${assignments} "$NODE" -- "$CLI" "$@"`, "bash", ...args], {
    cwd: options.cwd ?? world.project,
    env: { ...world.env, ...options.env, ...piped, NODE: process.execPath, CLI: CLI_BIN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collectOutput(child);
}
