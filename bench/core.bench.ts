/**
 * @ssoenv/core: ensureSession on a valid session (the common case: every `ssoenv env/exec/refresh`
 * and every project script starts with it). Wall time and HTTP requests per call, against the
 * emulator on loopback: warm (in-process, clients reused), cold (a new node process, as the CLI
 * runs), the offline status read, and the check of the Medley Advent Calendar 2024 article, `aws sts get-caller-identity`, as baseline.
 * The new processes (cold, a bare `node -e 0` with the same environment, the AWS CLI) run side by
 * side, round after round, with their CPU time (user + system) beside the wall time: a loaded machine
 * moves CPU far less, so runs at different loads compare on it.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type ChildUsage, runMeasuredAsync } from "./child-usage.js";
import type { BenchContext } from "./run.js";
import { signInCorp } from "./sign-in-corp.js";
import { measureInterleaved, median, ms, ratio, type Timings, timeRuns } from "./stats.js";

type Core = typeof import("../packages/core/src/index.js");
type EmulatorModule = typeof import("../packages/emulator/src/index.js");

export async function run(ctx: BenchContext): Promise<void> {
  const coreDist = join(ctx.repoRoot, "packages/core/dist/index.js");
  const emulatorDist = join(ctx.repoRoot, "packages/emulator/dist/index.js");
  if (!existsSync(coreDist) || !existsSync(emulatorDist))
    throw new Error("core/emulator not built: run pnpm build");
  const core = (await import(pathToFileURL(coreDist).href)) as Core;
  const { startEmulator } = (await import(pathToFileURL(emulatorDist).href)) as EmulatorModule;

  const emulator = await startEmulator({});
  const home = await mkdtemp(join(tmpdir(), "ssoenv-bench-core-"));
  try {
    await mkdir(join(home, ".aws"), { recursive: true });
    await writeFile(
      join(home, ".aws/config"),
      `[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = us-east-1\n\n` +
        `[sso-session corp]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    const env: NodeJS.ProcessEnv = { HOME: home, PATH: process.env.PATH, ...emulator.sdkEnv() };
    await signInCorp(core, emulator, env);

    const runs = ctx.quick ? 5 : 30;
    const coldRuns = ctx.quick ? 3 : 10;
    // One row: a case's wall (and, for a new process, CPU) median, and its HTTP requests per call.
    const rows: Array<{ name: string; wallMs: number; cpuMs?: number; requests?: number }> = [];

    // Warm: the same process calls it again (clients and keep-alive connections reused).
    const ensure = () => core.ensureSession({ profile: "dev", env, interactive: false });
    await ensure();
    emulator.resetStats();
    const warm = await timeRuns(ensure, runs, 0);
    rows.push({
      name: "ensureSession, warm (in-process)",
      wallMs: median(warm),
      requests: emulator.stats().total / runs,
    });

    // Cold: a new node process per call, as `ssoenv ensure` or a project script runs; beside it a bare
    // node with the same environment (this one's NODE_EXTRA_CA_CERTS, if set, would add Node.js 20's
    // reading of that file to the floor only), and the Medley article's check, `aws sts
    // get-caller-identity --profile P` (AWS CLI v2 reads the same cache). The emulator serves from
    // this process, so each run is async; its requests are counted run by run.
    const script = `const { ensureSession } = await import(${JSON.stringify(pathToFileURL(coreDist).href)});
await ensureSession({ profile: "dev", interactive: false });`;
    const nodeEnv = { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    const measured = async (command: string, args: string[], options: { env: NodeJS.ProcessEnv }) => {
      const r = await runMeasuredAsync(command, args, options);
      if (r.status !== 0)
        throw new Error(`${command} ${args.slice(0, 3).join(" ")} failed: ${r.stderr.slice(0, 500)}`);
      return r;
    };
    const cases: Array<{ name: string; run: () => Promise<ChildUsage>; requests: number[] }> = [
      {
        name: "ensureSession, cold (new node process)",
        run: () => measured(process.execPath, ["--input-type=module", "-e", script], { env: nodeEnv }),
        requests: [],
      },
      {
        name: "  node -e 0 (process start alone, same environment)",
        run: () => measured(process.execPath, ["-e", "0"], { env: nodeEnv }),
        requests: [],
      },
    ];
    if (existsSync("/usr/bin/aws")) {
      const dataPath = await emulator.writeAwsCliDataPath(join(home, "aws-data"));
      const cliEnv = { ...env, PATH: "/usr/bin:/bin", AWS_DATA_PATH: dataPath };
      const args = ["sts", "get-caller-identity", "--profile", "dev", "--endpoint-url", emulator.url];
      cases.push({
        name: "aws sts get-caller-identity (AWS CLI v2, baseline)",
        run: () => measured("/usr/bin/aws", args, { env: cliEnv }),
        requests: [],
      });
    } else {
      ctx.log("(AWS CLI v2 missing at /usr/bin/aws: no baseline row)");
    }
    const timings = await measureInterleaved(
      cases.map(({ run, requests }) => async () => {
        emulator.resetStats();
        const r = await run();
        requests.push(emulator.stats().total);
        return r;
      }),
      coldRuns,
      1,
    );
    const processRows = cases.map(({ name, requests }, k) => {
      const { wallMs, cpuMs } = timings[k] as Timings;
      const perCall = requests.reduce((a, b) => a + b, 0) / requests.length;
      return { name, wallMs: median(wallMs), cpuMs: median(cpuMs), requests: k === 1 ? undefined : perCall };
    });
    rows.push(...processRows);

    // Offline: what `ssoenv status` and the mise hook read.
    emulator.resetStats();
    const offline = await timeRuns(() => core.getCachedSessionStatus({ profile: "dev", env }), runs, 1);
    rows.push({
      name: "getCachedSessionStatus (offline)",
      wallMs: median(offline),
      requests: emulator.stats().total / (runs + 1),
    });

    const [cold, bare, awsCli] = processRows;
    ctx.log(
      `ensureSession on a valid cached session; ${runs} warm / ${coldRuns} cold runs (interleaved with node -e 0 and the AWS CLI), emulator on loopback; CPU is user + system of the new process and all it ran\n`,
    );
    ctx.log(
      "| case | wall median | CPU median | HTTP requests per call | vs AWS CLI (wall) | vs AWS CLI (CPU) |",
    );
    ctx.log("|---|---:|---:|---:|---:|---:|");
    for (const { name, wallMs, cpuMs, requests } of rows) {
      ctx.log(
        `| ${name} | ${ms(wallMs)} | ${cpuMs === undefined ? "-" : ms(cpuMs)} | ${requests === undefined ? "-" : requests.toFixed(1)} | ${awsCli ? ratio(wallMs, awsCli.wallMs) : "-"} | ${awsCli && cpuMs !== undefined ? ratio(cpuMs, awsCli.cpuMs) : "-"} |`,
      );
    }
    if (cold && bare) {
      ctx.log(
        `\ncold ensureSession minus bare node start: ${ms(cold.wallMs - bare.wallMs)} wall, ${ms(cold.cpuMs - bare.cpuMs)} CPU`,
      );
    }
  } finally {
    await emulator.stop();
    await rm(home, { recursive: true, force: true });
  }
}
