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
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
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
 * Runs git and hands its stdout to `onData` chunk by chunk (a large blob is never held whole).
 *
 * @throws {SecretScanError} `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
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

function gitFailure(call: GitCall, stderrText: string): SecretScanError {
  const stderr = stderrText.trim();
  // Outside a repository `git diff` falls back to --no-index mode and rejects --cached.
  if (/not a git repository|unknown option .cached/i.test(stderr)) return notARepository(call.cwd);
  return new SecretScanError(
    "GIT_FAILED",
    `git ${subcommand(call.args)} failed: ${stderr.split("\n")[0] ?? ""}`,
    {
      hint: "check `git status` in this repository",
    },
  );
}

function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c") i++;
    else if (!args[i]?.startsWith("-")) return args[i] as string;
  }
  return "";
}
