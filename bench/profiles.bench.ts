/**
 * `ssoenv profiles sync` at organisation scale: 300 accounts x 3 roles behind an emulator that takes
 * 80 ms per request and allows 50 requests per second (429 TooManyRequestsException past that).
 * The listing is 3 ListAccounts pages + 300 ListAccountRoles = 303 requests: the rate limit alone
 * allows about 303 / 50 = 6.1 s (less the bucket's first 50), so the target is <= 1.5 x 6.5 s = 9.75 s.
 * Beside it: the same sync one request at a time (--concurrency 1), as a loop over the accounts would.
 * Each run is a new process writing 900 profiles into a fresh config; medians of wall time.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import type { BenchContext } from "./run.js";
import { signInCorp } from "./sign-in-corp.js";
import { median, ms } from "./stats.js";

type Core = typeof import("../packages/core/src/index.js");
type EmulatorModule = typeof import("../packages/emulator/src/index.js");

const ACCOUNTS = 300;
const ROLES = 3;
const LATENCY_MS = 80;
const RATE = 50;
const TARGET_MS = 1.5 * 6_500;

export async function run(ctx: BenchContext): Promise<void> {
  const dist = (pkg: string) => join(ctx.repoRoot, "packages", pkg, "dist/index.js");
  const cli = join(ctx.repoRoot, "packages/cli/bin/ssoenv.cjs");
  for (const file of [dist("core"), dist("emulator"), cli]) {
    if (!existsSync(file)) throw new Error(`${file} missing: run pnpm build`);
  }
  const core = (await import(pathToFileURL(dist("core")).href)) as Core;
  const { startEmulator, generateAccounts } = (await import(
    pathToFileURL(dist("emulator")).href
  )) as EmulatorModule;

  const emulator = await startEmulator({ accounts: generateAccounts({ count: ACCOUNTS, roles: ROLES }) });
  const root = await mkdtemp(join(tmpdir(), "ssoenv-bench-profiles-"));
  try {
    const home = join(root, "home");
    await mkdir(join(home, ".aws"), { recursive: true });
    const configPath = join(home, ".aws/config");
    const config = `[sso-session corp]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`;
    const env: NodeJS.ProcessEnv = {
      HOME: home,
      PATH: process.env.PATH,
      AWS_CONFIG_FILE: configPath,
      NO_COLOR: "1",
      ...emulator.sdkEnv(),
    };
    await signInCorp(core, emulator, env);

    const syncOnce = async (extra: string[]) => {
      await writeFile(configPath, config);
      // A fresh bucket for every run: each starts as a person's first sync of the day would.
      emulator.setTraffic({ latencyMs: LATENCY_MS, requestsPerSecond: RATE });
      emulator.resetStats();
      const started = performance.now();
      const stdout = await runCli(process.execPath, ["--", cli, "profiles", "sync", ...extra], env);
      const elapsed = performance.now() - started;
      if (!stdout.includes(`${ACCOUNTS * ROLES} added`)) throw new Error(`unexpected summary: ${stdout}`);
      const stats = emulator.stats();
      await sleep(1_100); // let the bucket refill before the next run
      return { elapsed, requests: stats.total, throttled: stats.throttled };
    };

    const parallelRuns = ctx.quick ? 1 : 5;
    const sequentialRuns = ctx.quick ? 1 : 2;
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    const parallel: Awaited<ReturnType<typeof syncOnce>>[] = [];
    for (let i = 0; i < parallelRuns; i++) parallel.push(await syncOnce([]));
    const sequential: Awaited<ReturnType<typeof syncOnce>>[] = [];
    for (let i = 0; i < sequentialRuns; i++) sequential.push(await syncOnce(["--concurrency", "1"]));
    const loadAfter = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");

    const row = (name: string, runs: typeof parallel) =>
      `| ${name} | ${ms(median(runs.map((r) => r.elapsed)))} | ${runs.map((r) => ms(r.elapsed)).join(", ")} | ${median(runs.map((r) => r.requests))} | ${median(runs.map((r) => r.throttled))} |`;
    ctx.log(
      `profiles sync of ${ACCOUNTS} accounts x ${ROLES} roles, ${LATENCY_MS} ms per request, ${RATE} requests/s (load ${load} -> ${loadAfter})`,
    );
    ctx.log("");
    ctx.log("| listing | median | runs | requests | throttled (429) |");
    ctx.log("|---|---|---|---|---|");
    ctx.log(row("parallel (default --concurrency 8)", parallel));
    ctx.log(row("one request at a time (--concurrency 1)", sequential));
    const best = median(parallel.map((r) => r.elapsed));
    ctx.log("");
    ctx.log(
      `target <= ${ms(TARGET_MS)} (1.5 x the ~6.5 s the rate limit alone allows): ${best <= TARGET_MS ? "met" : "MISSED"} (${(best / 6_500).toFixed(2)} x)`,
    );
  } finally {
    await emulator.stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs a command without blocking the event loop (the emulator serves from this process). */
function runCli(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${args.slice(2).join(" ")} failed: ${stderr.slice(0, 500)}`));
        else resolve(stdout);
      },
    );
  });
}
