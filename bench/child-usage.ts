/**
 * Runs a benchmark's child process under bench/measure-child.py, which gives its wall time and its
 * CPU time (user + system, the process and every process it waited for, from wait4). Wall time
 * on this 2-core machine moves 2-5x with other work; CPU time moves far less, so it is what two
 * runs at different loads can be compared on.
 */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** One run of a child process. */
export interface ChildUsage {
  /** Exit code (128 + signal number when a signal ended it). */
  status: number;
  stdout: string;
  stderr: string;
  /** From just before the command starts to its exit, measured by the wrapper (not its own start). */
  wallMs: number;
  /** User + system CPU of the command and the processes it waited for. */
  cpuMs: number;
}

export interface RunMeasuredOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const wrapper = fileURLToPath(new URL("./measure-child.py", import.meta.url));
let python: string | undefined;

/**
 * The python3 on PATH, resolved once to its executable: a version manager's shim (pyenv) costs a
 * shell and another exec per run otherwise, and may need a HOME the benchmark replaced.
 */
function pythonExecutable(): string {
  if (!python) {
    const r = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
    if (r.status !== 0 || !r.stdout.trim()) {
      throw new Error(
        "python3 not found on PATH: the bench measures each child's CPU time with it (os.wait4)",
      );
    }
    python = r.stdout.trim();
  }
  return python;
}

// -I -S: no user site, no PYTHON* variables, no site import (a faster start; the wrapper needs only the stdlib).
const wrapperArgs = (command: string, args: readonly string[]) => ["-I", "-S", wrapper, command, ...args];

function usageFrom(status: number | null, stdout: string, stderr: string, report: string): ChildUsage {
  const [wallMs, cpuMs] = report.trim().split(" ").map(Number);
  if (status === null || wallMs === undefined || cpuMs === undefined || Number.isNaN(wallMs + cpuMs)) {
    throw new Error(`measure-child.py gave no times (exit ${status}): ${stderr.slice(0, 300)}`);
  }
  return { status, stdout, stderr, wallMs, cpuMs };
}

/** Runs `command` to its end, blocking, and returns its output, exit code and times. */
export function runMeasured(
  command: string,
  args: readonly string[],
  options: RunMeasuredOptions = {},
): ChildUsage {
  const r = spawnSync(pythonExecutable(), wrapperArgs(command, args), {
    ...options,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return usageFrom(r.status, r.stdout, r.stderr, String(r.output[3] ?? ""));
}

/**
 * runMeasured without blocking the event loop: for a benchmark whose emulator serves from this
 * same process (a synchronous spawn would starve it and hang).
 */
export function runMeasuredAsync(
  command: string,
  args: readonly string[],
  options: RunMeasuredOptions = {},
): Promise<ChildUsage> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonExecutable(), wrapperArgs(command, args), {
      ...options,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    const text = [1, 2, 3].map(() => [] as Buffer[]);
    for (const [k, chunks] of text.entries()) child.stdio[k + 1]?.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (status) => {
      const [stdout, stderr, report] = text.map((chunks) => Buffer.concat(chunks).toString("utf8"));
      try {
        resolve(usageFrom(status, stdout ?? "", stderr ?? "", report ?? ""));
      } catch (error) {
        reject(error);
      }
    });
  });
}
