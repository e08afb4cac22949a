import { execFile } from "node:child_process";
import { basename, dirname, join } from "node:path";

/**
 * How git sees a file: tracked (will be committed), tracked although .gitignore lists it (git keeps
 * committing it: .gitignore only keeps untracked files out), ignored, not ignored, no git repository
 * here, or git failed to answer (a repository owned by another user, which git refuses until
 * safe.directory lists it: a container running as root on the user's folder).
 */
export type GitFileState =
  | "tracked"
  | "tracked-ignored"
  | "ignored"
  | "not-ignored"
  | "no-repo"
  | "git-failed";

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
  // GIT_DIR set (a worktree's hook): the files' folders are not the work tree's root.
  const env =
    process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined
      ? undefined
      : (await import("@ssoenv/secret-scan")).gitEnvironment();
  await Promise.all(
    [...byFolder].map(async ([folder, names]) => {
      // Each name as "./NAME": git reads a name starting with ":" as pathspec magic. NUL-separated
      // answers: git quotes a name that is not plain ASCII (core.quotePath), and it would not match.
      const given = names.map((name) => `./${name}`);
      const tracked = await git(["ls-files", "-z", "--", ...given], folder, { signal, env });
      if (tracked.code !== 0) {
        const state = await failure(tracked, folder, env);
        for (const name of names) states.set(join(folder, name), state);
        return;
      }
      // --no-index: .gitignore's verdict on tracked files too (git skips them otherwise).
      const ignored = await git(["check-ignore", "--no-index", "-z", "--stdin"], folder, {
        signal,
        env,
        stdinNames: given,
      });
      const trackedNames = new Set(tracked.stdout.split("\0")); // relative to folder: NAME
      const ignoredNames = new Set(ignored.code === 0 ? ignored.stdout.split("\0") : []); // as given: ./NAME
      const gitignoreKnown = ignored.code === 0 || ignored.code === 1; // 1: none ignored
      const unknown = gitignoreKnown ? undefined : await failure(ignored, folder, env);
      for (const name of names) {
        const listed = ignoredNames.has(`./${name}`);
        const state = trackedNames.has(name)
          ? listed
            ? "tracked-ignored"
            : "tracked"
          : unknown !== undefined
            ? unknown
            : listed
              ? "ignored"
              : "not-ignored";
        states.set(join(folder, name), state);
      }
    }),
  );
  return states;
}

interface GitAnswer {
  /** git's exit code; undefined when git did not run or was stopped (not installed, `signal`). */
  code: number | undefined;
  stdout: string;
}

/**
 * What a failed git call says of the folder: no repository (none there, a bare one with no work
 * tree, git not installed or stopped), or git failed to answer for one. Told by secret-scan's
 * repositoryKind (exit codes and `.git` entries), not by git's words: they come in the user's
 * language, and "not a git repository" is also what git says of a worktree whose repository moved.
 */
async function failure(
  answer: GitAnswer,
  folder: string,
  env: NodeJS.ProcessEnv | undefined,
): Promise<"no-repo" | "git-failed"> {
  if (answer.code === undefined) return "no-repo";
  const { repositoryKind } = await import("@ssoenv/secret-scan");
  const { kind } = repositoryKind({ cwd: folder, env });
  return kind === "none" || kind === "bare" ? "no-repo" : "git-failed";
}

/** `git ARGS` in `cwd`, with `stdinNames` written NUL-terminated to its stdin when given. */
function git(
  args: string[],
  cwd: string,
  options: {
    signal?: AbortSignal | undefined;
    env?: NodeJS.ProcessEnv | undefined;
    stdinNames?: readonly string[];
  },
): Promise<GitAnswer> {
  const { signal, env, stdinNames } = options;
  return new Promise((resolve) => {
    const child = execFile(
      "git",
      args,
      { cwd, ...(signal ? { signal } : {}), env: env ?? process.env },
      (error, stdout) => {
        if (!error) return resolve({ code: 0, stdout });
        const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
        resolve({
          code: typeof code === "number" ? code : undefined,
          stdout: String(stdout ?? ""),
        });
      },
    );
    // git may exit before reading it all (no repository): the error on stdin is its exit's to report.
    child.stdin?.on("error", () => {});
    child.stdin?.end(stdinNames?.map((name) => `${name}\0`).join(""));
  });
}
