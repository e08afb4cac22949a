import { closeSync, openSync, readSync } from "node:fs";
import { basename, delimiter, join } from "node:path";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import { statPath } from "@ssoenv/core/internal/fs/stat-path";
import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * Why `ssoenv exec`'s command `file` did not start (spawn's `error`), and what to do: a missing
 * command, a script whose #! interpreter is missing, a folder or a pipe, a file without its x bit or on
 * a noexec mount. `env` is the child's: its PATH is where a name was looked up. Exit 127 for a command
 * not found (COMMAND_NOT_FOUND), 126 for one that cannot run (COMMAND_NOT_EXECUTABLE), as a shell's.
 */
export function cannotRun(file: string, error: NodeJS.ErrnoException, env: NodeJS.ProcessEnv): SsoenvError {
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
  const { interpreter, firstArgument } = shebangOf(line);
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
  const { interpreter, firstArgument } = shebangOf(line);
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
 * empty entry is the working folder); undefined when there is none. Not core's executablesOnPath on
 * purpose: that one skips empty entries, and this must find the file spawn's execvp tried, in the
 * working folder too.
 */
function foundOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    const path = join(dir || ".", name);
    if (statPath(path)?.isFile()) return path;
  }
  return undefined;
}

/** The program a `#!` line names, and the first word after it (`#!/usr/bin/env python3`'s python3). */
function shebangOf(line: string): { interpreter: string; firstArgument: string | undefined } {
  const [interpreter = "", firstArgument] = line.slice(2).trim().split(/\s+/);
  return { interpreter, firstArgument };
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
