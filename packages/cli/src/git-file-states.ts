import { execFile } from "node:child_process";
import { basename, dirname, join } from "node:path";

/** How git sees a file: tracked (will be committed), ignored, not ignored, or no git repository here. */
export type GitFileState = "tracked" | "ignored" | "not-ignored" | "no-repo";

/**
 * `git ls-files` / `git check-ignore` for files holding credentials, two git calls per folder (not per
 * file: a refresh of 20 files should not start 40 processes). Missing git counts as "no-repo": a
 * warning about .gitignore is only useful where git is. `signal` ends the git calls (their answers
 * are then "no-repo"): the caller is being cancelled.
 */
export async function gitFileStates(
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, GitFileState>> {
  const byFolder = new Map<string, string[]>();
  for (const path of new Set(paths)) {
    const names = byFolder.get(dirname(path));
    if (names) names.push(basename(path));
    else byFolder.set(dirname(path), [basename(path)]);
  }
  const states = new Map<string, GitFileState>();
  await Promise.all(
    [...byFolder].map(async ([folder, names]) => {
      const tracked = await git(["ls-files", "-z", "--", ...names], folder, signal);
      if (tracked.code !== 0) {
        for (const name of names) states.set(join(folder, name), "no-repo");
        return;
      }
      const ignored = await git(["check-ignore", "--", ...names], folder, signal);
      const trackedNames = new Set(tracked.stdout.split("\0").filter(Boolean));
      const ignoredNames = new Set(ignored.code === 0 ? ignored.stdout.split("\n").filter(Boolean) : []);
      for (const name of names) {
        const state = trackedNames.has(name)
          ? "tracked"
          : ignored.code !== 0 && ignored.code !== 1
            ? "no-repo"
            : ignoredNames.has(name)
              ? "ignored"
              : "not-ignored";
        states.set(join(folder, name), state);
      }
    }),
  );
  return states;
}

function git(
  args: string[],
  cwd: string,
  signal?: AbortSignal,
): Promise<{ code: number | undefined; stdout: string }> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd, ...(signal ? { signal } : {}) }, (error, stdout) => {
      if (!error) return resolve({ code: 0, stdout });
      const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
      resolve({ code: typeof code === "number" ? code : undefined, stdout: String(stdout ?? "") });
    });
  });
}
