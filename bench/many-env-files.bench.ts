/**
 * `ssoenv refresh` of an ssoenv.toml listing N `[[env_files]]` (one profile, N files in one folder):
 * wall time and peak RSS (GNU time's %M) for growing N. The cost per file must stay flat (linear
 * growth); issue #16 measured 82 s and 4.6 GB at N = 10,000 before. `BENCH_MANY_ENV_FILES=1000,10000`
 * picks the sizes.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { BenchContext } from "./run.js";
import { signInCorp } from "./sign-in-corp.js";

type Core = typeof import("../packages/core/src/index.js");
type EmulatorModule = typeof import("../packages/emulator/src/index.js");

const GNU_TIME = "/usr/bin/time";

export async function run(ctx: BenchContext): Promise<void> {
  const dist = (pkg: string) => join(ctx.repoRoot, "packages", pkg, "dist/index.js");
  const cli = join(ctx.repoRoot, "packages/cli/bin/ssoenv.cjs");
  for (const file of [dist("core"), dist("emulator"), cli]) {
    if (!existsSync(file)) throw new Error(`${file} missing: run pnpm build`);
  }
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) missing: it measures peak RSS`);
  const core = (await import(pathToFileURL(dist("core")).href)) as Core;
  const { startEmulator } = (await import(pathToFileURL(dist("emulator")).href)) as EmulatorModule;
  const sizes = (process.env.BENCH_MANY_ENV_FILES ?? (ctx.quick ? "250,1000" : "1000,2500,5000,10000"))
    .split(",")
    .map(Number);

  const emulator = await startEmulator({});
  const root = await mkdtemp(join(tmpdir(), "ssoenv-bench-many-"));
  try {
    const home = join(root, "home");
    await mkdir(join(home, ".aws"), { recursive: true });
    await writeFile(
      join(home, ".aws/config"),
      `[sso-session corp]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\n\n[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
    );
    const env: NodeJS.ProcessEnv = {
      HOME: home,
      PATH: process.env.PATH,
      AWS_CONFIG_FILE: join(home, ".aws/config"),
      NO_COLOR: "1",
      ...emulator.sdkEnv(),
    };
    await signInCorp(core, emulator, env);

    ctx.log("| files | wall | per file | peak RSS |");
    ctx.log("|---:|---:|---:|---:|");
    for (const size of sizes) {
      const project = join(root, `n${size}`);
      await mkdir(project);
      await writeFile(
        join(project, "ssoenv.toml"),
        `profile = "dev"\n${Array.from({ length: size }, (_, i) => `[[env_files]]\npath = "f${i}.env"\n`).join("")}`,
      );
      const start = performance.now();
      const stderr = await timed(["--", cli, "refresh", "--json"], { env, cwd: project });
      const wallMs = performance.now() - start;
      const peakKb = Number(/(\d+)\s*$/.exec(stderr.trim())?.[1]);
      ctx.log(
        `| ${size} | ${(wallMs / 1000).toFixed(1)} s | ${(wallMs / size).toFixed(2)} ms | ${(peakKb / 1024).toFixed(0)} MB |`,
      );
    }
  } finally {
    await emulator.stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs node under GNU time (peak RSS in KB on the last line of stderr); rejects when it fails. */
function timed(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      GNU_TIME,
      ["-f", "%M", process.execPath, ...args],
      { ...options, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`refresh failed: ${stderr.slice(-500)}`));
        else resolve(stderr);
      },
    );
  });
}
