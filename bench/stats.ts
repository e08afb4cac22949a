import { execFile, spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import type { ChildUsage } from "./child-usage.js";

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Wall time (ms) of `fn`, `runs` times after `warmup` unmeasured runs. */
export async function timeRuns(fn: () => unknown, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** Wall and CPU times (ms) of each run of one command, from bench/child-usage.ts. */
export interface Timings {
  wallMs: number[];
  cpuMs: number[];
}

/**
 * Several commands measured side by side: round after round, each command once per round, so that
 * a machine that gets busier or quieter part way through weighs on all of them alike (timing one
 * command's runs and then the other's does not). Each function runs its command once through
 * runMeasured or runMeasuredAsync and returns that run's times. One Timings per command.
 */
export async function measureInterleaved(
  fns: ReadonlyArray<() => ChildUsage | Promise<ChildUsage>>,
  runs: number,
  warmup = 1,
): Promise<Timings[]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const timings = fns.map((): Timings => ({ wallMs: [], cpuMs: [] }));
  for (let round = 0; round < runs; round++) {
    for (const [k, fn] of fns.entries()) {
      const { wallMs, cpuMs } = await fn();
      (timings[k] as Timings).wallMs.push(wallMs);
      (timings[k] as Timings).cpuMs.push(cpuMs);
    }
  }
  return timings;
}

/** Runs a command to completion and throws with its stderr when it fails (benchmarks must not time failures). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): string {
  const result = spawnSync(command, args, { ...options, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return result.stdout;
}

/**
 * runCommand without blocking the event loop: for a benchmark whose emulator serves from this
 * same process (a synchronous spawn would starve it and hang).
 */
export function runCommandAsync(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${String(stderr).slice(0, 500)}`));
      else resolve(stdout);
    });
  });
}

/** Formats ms with 1 decimal. */
export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/** Formats a ratio of two times, 2 decimals: "1.18x". */
export function ratio(ours: number, theirs: number): string {
  return `${(ours / theirs).toFixed(2)}x`;
}
