import { spawn } from "node:child_process";
import { closeSync, openSync, readSync } from "node:fs";
import { constants } from "node:os";
import { basename, delimiter, join } from "node:path";
import { childEnv } from "@ssoenv/core/internal/credentials/credential-env";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import { statPath } from "@ssoenv/core/internal/fs/stat-path";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { cancelOnSignal } from "../cancel-on-signal.js";
import type { SessionCommandOptions } from "../common-options.js";
import { noteDefaultRegion } from "../default-region-note.js";
import { ensureSessionFor } from "../ensure-session-for.js";
import { formatLocalTime } from "../format-time.js";
import { parentEnv } from "../own-env.js";
import { printWarning } from "../ui.js";

const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What `ssoenv exec` does (its declaration, with options and help: exec.ts). */
export async function runExec(argv: string[], options: SessionCommandOptions): Promise<void> {
  // From the start until the command starts, a signal cancels exec ("cancelled (SIGTERM)", exit 143,
  // the command not started), not only during the session check. Then run() forwards them.
  const cancellation = cancelOnSignal();
  try {
    const session = await ensureSessionFor({ ...options, signal: cancellation.signal });
    const [file, ...args] = argv as [string, ...string[]];
    // The parent's environment (not ssoenv's own settings), without AWS_PROFILE / AWS_DEFAULT_PROFILE:
    // the JS SDK would prefer a named profile to these credentials, boto3 AWS_DEFAULT_PROFILE.
    const env = parentEnv();
    await noteDefaultRegion({ env, session, takes: "the command takes" });
    const exitCode = await run(file, args, childEnv({ env, session }), cancellation);
    // Its keys last the role's session (1 h by default): a longer command fails with its own
    // "ExpiredToken", which does not say why nor what to use instead.
    const expiration = session.credentials.expiration;
    if (exitCode !== 0 && expiration.getTime() <= Date.now()) {
      printWarning(
        `the command ran past its credentials (profile ${session.profile}'s, expired at ${formatLocalTime(expiration)}): a command that runs longer than the role's session needs ssoenv serve's endpoint (ssoenv serve --help)`,
      );
    }
    process.exitCode = exitCode;
  } finally {
    cancellation.dispose();
  }
}

/**
 * Runs the child, forwards signals, resolves with its exit code (128 + signal number when killed).
 * `cancellation` (what cancelled exec so far) hands over to the forwarding in the same tick, so no
 * signal finds neither; one it already caught means the child never starts.
 */
function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cancellation: { signal: AbortSignal; dispose: () => void },
): Promise<number> {
  return new Promise((resolve, reject) => {
    let child: ReturnType<typeof spawn> | undefined;
    const forward = (signal: NodeJS.Signals) => {
      // Ctrl-C in a terminal already reached the child (same process group); sending it again would be
      // a second Ctrl-C, which makes tools like terraform abort at once. Forward it only without a TTY.
      if (signal === "SIGINT" && process.stdin.isTTY) return;
      child?.kill(signal);
    };
    const cleanup = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    // Listen before the child starts: it may run (and be signalled) before spawn returns, and a signal
    // with no listener yet would end ssoenv by default and leave the child running on its own.
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    cancellation.dispose();
    if (cancellation.signal.aborted) {
      cleanup();
      reject(cancellation.signal.reason);
      return;
    }
    child = spawn(file, args, { stdio: "inherit", env });
    child.once("error", (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(cannotRun(file, error, env));
    });
    child.once("exit", (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

/**
 * Why `file` did not start, and what to do: a missing command, a folder, a file without its x bit.
 * `env` is the child's: its PATH is where a name was looked up.
 */
function cannotRun(file: string, error: NodeJS.ErrnoException, env: NodeJS.ProcessEnv): SsoenvError {
  if (error.code === "ENOENT") {
    // A name found on PATH whose interpreter is missing fails as a missing name does: look for it.
    const path = file.includes("/") ? file : foundOnPath(file, env);
    const missing = path === undefined ? undefined : missingInterpreter(file, path, error, env);
    if (missing) return missing;
    return new SsoenvError("COMMAND_NOT_FOUND", `command not found: ${file}`, {
      hint: "check the command name and PATH",
      cause: error,
    });
  }
  // A path (not a name looked up on PATH) the system refused to run: say which of the usual cases it is.
  const named = error.code === "EACCES" && file.includes("/") ? statPath(file) : undefined;
  if (named && !named.isFile()) {
    const what = named.isDirectory() ? "a folder" : "not a regular file";
    return new SsoenvError("COMMAND_NOT_EXECUTABLE", `cannot run ${file}: it is ${what} (EACCES)`, {
      hint: "name a program to run, e.g. ssoenv exec -- aws sts get-caller-identity",
      cause: error,
    });
  }
  if (named) {
    const word = shellWord(file);
    // Every x bit set and still refused: the mount runs no programs (/tmp often is noexec); chmod cannot help.
    const offer = interpreterOffer(file, word, env);
    if ((named.mode & 0o111n) === 0o111n) {
      return new SsoenvError(
        "COMMAND_NOT_EXECUTABLE",
        `cannot run ${file}: its file system does not run programs (EACCES; mounted noexec?)`,
        { hint: offer ?? "copy it to a file system that is not mounted noexec", cause: error },
      );
    }
    return new SsoenvError("COMMAND_NOT_EXECUTABLE", `cannot run ${file}: it is not executable (EACCES)`, {
      hint: `make it executable (chmod +x ${word})${offer ? `, or ${offer}` : ""}`,
      cause: error,
    });
  }
  // EACCES for a name found on PATH is refused as a path is (126); anything else (E2BIG...) a failure.
  const code = error.code === "EACCES" ? "COMMAND_NOT_EXECUTABLE" : "COMMAND_FAILED";
  return new SsoenvError(code, `cannot run ${file}: ${error.code ?? error.message}`, {
    hint: "check the command name and PATH",
    cause: error,
  });
}

/**
 * A script that is there (`file`, at `path`: the same, or where PATH has it) but whose #! interpreter
 * is not (execve's ENOENT, as for a missing command): that interpreter named, or the carriage return a
 * file with Windows line endings leaves after it. Exit 127, as a shell's "cannot execute: required
 * file not found".
 */
function missingInterpreter(
  file: string,
  path: string,
  error: NodeJS.ErrnoException,
  env: NodeJS.ProcessEnv,
): SsoenvError | undefined {
  const line = firstLine(path);
  if (!line?.startsWith("#!")) return undefined;
  const word = shellWord(path);
  // A name from PATH: which file it is (`which` finds it, so "not found" alone would mislead).
  const what = path === file ? file : `${file} (${path})`;
  const [interpreter = "", firstArgument] = line.slice(2).trim().split(/\s+/);
  const otherWay = runWithOwnName(interpreter, firstArgument, word, env);
  if (line.endsWith("\r")) {
    return new SsoenvError(
      "COMMAND_NOT_FOUND",
      `cannot run ${what}: its #! line ends in a carriage return (Windows line endings), so its interpreter is not found`,
      {
        hint: `convert it to Unix line endings (sed -i 's/\\r$//' ${word})${otherWay ? `, or ${otherWay}` : ""}`,
        cause: error,
      },
    );
  }
  return new SsoenvError(
    "COMMAND_NOT_FOUND",
    `cannot run ${what}: its interpreter ${interpreter} (its #! line) is not found`,
    {
      hint: `fix its #! line or install ${interpreter}${otherWay ? `, or ${otherWay}` : ""}`,
      cause: error,
    },
  );
}

/**
 * How to run `path` (shell-quoted as `word`) through an interpreter instead: the program its #! line
 * names when PATH has one; sh for a text file without a #! line (execvp runs those with sh too);
 * undefined for anything else (a binary, or an interpreter not on PATH): sh cannot run those.
 */
function interpreterOffer(path: string, word: string, env: NodeJS.ProcessEnv): string | undefined {
  const line = firstLine(path);
  if (line === undefined || line.startsWith("\x7fELF") || line.includes("\0")) return undefined;
  if (!line.startsWith("#!")) return `put its interpreter before it, after --: -- sh ${word}`;
  const [interpreter = "", firstArgument] = line.slice(2).trim().split(/\s+/);
  return runWithOwnName(interpreter, firstArgument, word, env);
}

/**
 * `run it with the python3 on PATH, after --: -- python3 ./tool` when a program named as the #! line's
 * (its last path segment; `#!/usr/bin/env python3`'s python3) is on PATH; undefined when none is: no
 * other program is offered, since sh cannot run a python or node script.
 */
function runWithOwnName(
  interpreter: string,
  firstArgument: string | undefined,
  word: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const own = basename(interpreter);
  const program = own === "env" ? firstArgument : own;
  if (!program || program.startsWith("-") || !foundOnPath(program, env)) return undefined;
  return `run it with the ${program} on PATH, after --: -- ${shellWord(program)} ${word}`;
}

/**
 * The first regular file named `name` in the folders of `env.PATH`, in order, as execvp looks (an
 * empty entry is the working folder); undefined when there is none.
 */
function foundOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    const path = join(dir || ".", name);
    if (statPath(path)?.isFile()) return path;
  }
  return undefined;
}

/** The first line of `file` (its first 256 bytes at most), or undefined when it cannot be read. */
function firstLine(file: string): string | undefined {
  try {
    const fd = openSync(file, "r");
    try {
      const bytes = Buffer.alloc(256);
      const length = readSync(fd, bytes, 0, bytes.length, 0);
      return bytes.subarray(0, length).toString("latin1").split("\n")[0];
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
