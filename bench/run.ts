/**
 * `pnpm bench`: runs every `bench/*.bench.ts` (each exports `run(context)`), one after the other so
 * they do not compete for the 2 cores, and prints their tables. `BENCH_ONLY=name` runs one of them.
 * Each table is framed by the machine's load average before and after it: wall times mean little
 * unless the machine was idle (load well under its core count).
 */
import { readdir } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BenchContext {
  /** Root of the repository. */
  repoRoot: string;
  /** True when `BENCH_QUICK=1`: fewer iterations, for a smoke run. */
  quick: boolean;
  /** Print one line of the report. */
  log: (line: string) => void;
}

const benchDir = dirname(fileURLToPath(import.meta.url));
const only = process.env.BENCH_ONLY;
const files = (await readdir(benchDir)).filter((f) => f.endsWith(".bench.ts")).sort();
const context: BenchContext = {
  repoRoot: dirname(benchDir),
  quick: process.env.BENCH_QUICK === "1",
  log: (line) => process.stdout.write(`${line}\n`),
};

const logLoad = (when: string) => {
  const [one, five, fifteen] = loadavg().map((load) => load.toFixed(2));
  context.log(
    `load average ${when}: ${one}, ${five}, ${fifteen} (1, 5, 15 min) on ${availableParallelism()} cores`,
  );
};

let failed = 0;
for (const file of files) {
  const name = basename(file, ".bench.ts");
  if (only && only !== name) continue;
  context.log(`\n## ${name}\n`);
  logLoad("at start");
  context.log("");
  try {
    const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as {
      run: (c: BenchContext) => Promise<void>;
    };
    await mod.run(context);
  } catch (error) {
    failed++;
    context.log(`benchmark ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  context.log("");
  logLoad("at end");
}
process.exitCode = failed > 0 ? 1 : 0;
