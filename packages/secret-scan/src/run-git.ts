import { printablePath } from "./printable-path.js";
import { repositoryKind } from "./repository-kind.js";
import { SecretScanError } from "./secret-scan-error.js";

/** Where git runs, what it is asked. */
interface GitCall {
  cwd: string;
  args: readonly string[];
  /** @default process.env */
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * Runs git and returns its stdout as bytes. The environment passes through unchanged: inside a
 * pre-commit hook, GIT_INDEX_FILE points at the index being committed (`git commit -a` and
 * `git commit <path>` use a temporary one), and git honours it for us.
 *
 * Synchronous on purpose: a pre-commit hook starts a new process for each commit, and a child with
 * piped streams costs Node.js ~7 ms of stream set-up that spawnSync does not (git itself takes ~5).
 * The output is held whole either way; streamGit reads what must not be.
 *
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `NO_WORK_TREE`, `GIT_FAILED` (see gitFailure).
 */
export function runGit(options: GitCall & { input?: string }): Buffer {
  const result = childProcess().spawnSync("git", options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    input: options.input,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    maxBuffer: Number.POSITIVE_INFINITY,
  });
  if (result.error) throw cannotRunGit(result.error);
  if (result.status !== 0) throw gitFailure(options, result.stderr.toString("utf8"));
  return result.stdout;
}

/**
 * Asks git a yes-or-no question (`git ls-files --error-unmatch`, `git rev-parse -q --verify`): exit
 * 0 is yes, 1 is no. Its output is not read.
 *
 * @throws {SecretScanError} as runGit, for any other exit.
 */
export function gitSaysYes(options: GitCall): boolean {
  const result = childProcess().spawnSync("git", options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (result.error) throw cannotRunGit(result.error);
  if (result.status === 0 || result.status === 1) return result.status === 0;
  throw gitFailure(options, result.stderr.toString("utf8"));
}

/**
 * Runs git and hands its stdout to `onData` chunk by chunk (a large blob is never held whole).
 *
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `NO_WORK_TREE`, `GIT_FAILED` (see gitFailure).
 */
export function streamGit(options: GitCall & { onData: (chunk: Buffer) => void }): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = childProcess().spawn("git", options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const err: Buffer[] = [];
    child.stdout.on("data", options.onData);
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(cannotRunGit(error)));
    child.on("close", (code) => {
      if (code === 0) resolvePromise();
      else reject(gitFailure(options, Buffer.concat(err).toString("utf8")));
    });
  });
}

/**
 * node:child_process, loaded when git is first run: path mode outside a repository runs none, and
 * loading the module at start-up cost it ~5 ms.
 */
function childProcess(): typeof import("node:child_process") {
  return process.getBuiltinModule("node:child_process");
}

function cannotRunGit(cause: Error): SecretScanError {
  return new SecretScanError("GIT_FAILED", "cannot run git", {
    hint: "install git, or scan files instead: ssoenv scan PATH",
    cause,
  });
}

/** `cwd` is in no git work tree (git said so, or no `.git` was found above it). */
export function notARepository(cwd: string): SecretScanError {
  return new SecretScanError("NOT_A_GIT_REPOSITORY", `${cwd} is not inside a git repository`, {
    hint: "run `ssoenv scan --staged` inside a repository, or scan files: ssoenv scan PATH",
  });
}

/**
 * Why git failed, told by exit codes and `.git` entries, never by git's words (repositoryKind): a
 * bare repository has no work tree (NO_WORK_TREE); no repository is NOT_A_GIT_REPOSITORY; one git
 * refuses (owned by another user, a broken `.git`) is named with git's own line; in a repository
 * git opens, the command itself failed. Only runs once git has failed.
 */
function gitFailure(call: GitCall, stderrText: string): SecretScanError {
  const env = call.env ?? process.env;
  const place = repositoryKind({ cwd: call.cwd, env });
  if (place.kind === "bare") return bareRepositoryError(place.gitDir ?? call.cwd);
  if (place.kind === "none") return notARepository(call.cwd);
  if (place.kind === "refused") {
    return new SecretScanError(
      "GIT_FAILED",
      `git cannot open a repository in ${printablePath(call.cwd)}: ${place.gitSays ?? firstLine(stderrText)}`,
      {
        hint:
          env.GIT_DIR === undefined
            ? "`git status` there says the same: fix what it names, or scan files: ssoenv scan PATH"
            : `GIT_DIR is set (${printablePath(env.GIT_DIR)}): check it, or unset it`,
      },
    );
  }
  return new SecretScanError("GIT_FAILED", `git ${subcommand(call.args)} failed: ${firstLine(stderrText)}`, {
    hint: "check `git status` in this repository",
  });
}

/**
 * A bare repository (a server's copy) has no work tree or index: nothing to stage, no commit for a
 * hook to run on. One error for `scan --staged` and `hook install`, naming the repository's folder
 * (repositoryKind's gitDir), not the folder the command ran in (app.git/hooks).
 */
export function bareRepositoryError(gitDir: string): SecretScanError {
  return new SecretScanError(
    "NO_WORK_TREE",
    `${printablePath(gitDir)} is a bare repository: it has no work tree or index, so nothing is staged or committed in it`,
    {
      hint: "run `ssoenv scan --staged` (or ssoenv hook install) in a clone, where commits are made: git clone PATH",
    },
  );
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}

function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c") i++;
    else if (!args[i]?.startsWith("-")) return args[i] as string;
  }
  return "";
}
