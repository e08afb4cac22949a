import { runGit } from "./run-git.js";

/**
 * The work tree root of the repository holding `cwd` (where staged mode's default baseline lives).
 *
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function findRepositoryRoot(options: { cwd?: string } = {}): Promise<string> {
  const out = await runGit({ cwd: options.cwd ?? process.cwd(), args: ["rev-parse", "--show-toplevel"] });
  return out.toString("utf8").trim();
}
