/**
 * `ssoenv serve`: what a tool pays each time its SDK asks the endpoint for credentials (cached: no
 * AWS call), and what the server costs to keep running. The built binary serves one profile against
 * the emulator; 1,000 requests one after the other, each on a new connection as the SDKs make them.
 * Reported: p50/p99 latency, the server's RSS after start-up and after the requests, and, for scale,
 * the cached `ssoenv credential-process` (a new process per ask: what `credential_process` costs).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { BenchContext } from "./run.js";
import { signInCorp } from "./sign-in-corp.js";
import { median, ms, runCommandAsync, timeRuns } from "./stats.js";

type Core = typeof import("../packages/core/src/index.js");
type EmulatorModule = typeof import("../packages/emulator/src/index.js");

export async function run(ctx: BenchContext): Promise<void> {
  const coreDist = join(ctx.repoRoot, "packages/core/dist/index.js");
  const emulatorDist = join(ctx.repoRoot, "packages/emulator/dist/index.js");
  const cliBin = join(ctx.repoRoot, "packages/cli/bin/ssoenv.cjs");
  if (!existsSync(coreDist) || !existsSync(emulatorDist) || !existsSync(cliBin))
    throw new Error("packages not built: run pnpm build");
  const core = (await import(pathToFileURL(coreDist).href)) as Core;
  const { startEmulator } = (await import(pathToFileURL(emulatorDist).href)) as EmulatorModule;

  const emulator = await startEmulator({});
  const root = await mkdtemp(join(tmpdir(), "ssoenv-bench-serve-"));
  let server: ChildProcess | undefined;
  try {
    const home = join(root, "home");
    await mkdir(join(home, ".aws"), { recursive: true });
    await writeFile(
      join(home, ".aws/config"),
      `[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = us-east-1\n\n` +
        `[sso-session corp]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    const env: NodeJS.ProcessEnv = {
      HOME: home,
      PATH: process.env.PATH,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...emulator.sdkEnv(),
    };
    await signInCorp(core, emulator, env);

    const envFile = join(root, ".env");
    server = spawn(process.execPath, ["--", cliBin, "serve", "--profile", "dev", "--env-file", envFile], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    await waitForLine(server, "ssoenv serve: serving ");
    const values = core.parseEnv(await readFile(envFile, "utf8"));
    const uri = values.AWS_CONTAINER_CREDENTIALS_FULL_URI as string;
    const token = values.AWS_CONTAINER_AUTHORIZATION_TOKEN as string;
    const pid = server.pid as number;

    await get(uri, token); // the one upstream fetch
    const rssStart = await rssKiB(pid);
    emulator.resetStats();
    const count = ctx.quick ? 100 : 1_000;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await get(uri, token);
      times.push(performance.now() - start);
    }
    const rssAfter = await rssKiB(pid);
    const upstream = emulator.stats().total;
    times.sort((a, b) => a - b);
    const pct = (p: number) =>
      times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] as number;

    const processRuns = ctx.quick ? 3 : 10;
    const cliEnv = { ...env, AWS_CONFIG_FILE: join(home, ".aws/config") };
    await runCommandAsync(process.execPath, ["--", cliBin, "credential-process", "--profile", "dev"], {
      env: cliEnv,
    });
    const credentialProcess = await timeRuns(
      () =>
        runCommandAsync(process.execPath, ["--", cliBin, "credential-process", "--profile", "dev"], {
          env: cliEnv,
        }),
      processRuns,
      0,
    );

    ctx.log(`| measure (${count} cached requests, new connection each) | value |`);
    ctx.log("| --- | --- |");
    ctx.log(`| request latency p50 | ${ms(pct(50))} |`);
    ctx.log(`| request latency p99 | ${ms(pct(99))} |`);
    ctx.log(`| AWS calls during the ${count} requests | ${upstream} |`);
    ctx.log(`| server RSS after start-up and one fetch | ${(rssStart / 1024).toFixed(1)} MiB |`);
    ctx.log(`| server RSS after the ${count} requests | ${(rssAfter / 1024).toFixed(1)} MiB |`);
    ctx.log(
      `| for scale: ssoenv credential-process, cached (median of ${processRuns}) | ${ms(median(credentialProcess))} |`,
    );
  } finally {
    server?.kill("SIGTERM");
    await emulator.stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** One GET without keep-alive (each SDK credential fetch opens its own connection). */
function get(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: token }, agent: false }, (response) => {
      response.resume();
      response.on("end", () =>
        response.statusCode === 200 ? resolve() : reject(new Error(`serve answered ${response.statusCode}`)),
      );
    });
    req.once("error", reject);
    req.end();
  });
}

function waitForLine(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    child.once("exit", () => reject(new Error(`ssoenv serve exited: ${seen.slice(0, 500)}`)));
  });
}

/** Resident set size of a process (Linux /proc), in KiB. */
async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}
