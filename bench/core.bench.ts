/**
 * @ssoenv/core: ensureSession on a valid session (the common case: every `ssoenv env/exec/refresh`
 * and every project script starts with it). Wall time and HTTP requests per call, against the
 * emulator on loopback: warm (in-process, clients reused), cold (a new node process, as the CLI
 * runs), the offline status read, and the check of the Medley Advent Calendar 2024 article, `aws sts get-caller-identity`, as baseline.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchContext } from "./run.js";
import { signInCorp } from "./sign-in-corp.js";
import { median, ms, runCommand, runCommandAsync, timeRuns } from "./stats.js";

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
    const rows: [string, number, number | undefined][] = [];

    // Warm: the same process calls it again (clients and keep-alive connections reused).
    const ensure = () => core.ensureSession({ profile: "dev", env, interactive: false });
    await ensure();
    emulator.resetStats();
    const warm = await timeRuns(ensure, runs, 0);
    rows.push(["ensureSession, warm (in-process)", median(warm), emulator.stats().total / runs]);

    // Cold: a new node process per call, as `ssoenv ensure` or a project script runs.
    const script = `const { ensureSession } = await import(${JSON.stringify(pathToFileURL(coreDist).href)});
await ensureSession({ profile: "dev", interactive: false });`;
    const nodeEnv = { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    emulator.resetStats();
    const cold = await timeRuns(
      () => runCommandAsync(process.execPath, ["--input-type=module", "-e", script], { env: nodeEnv }),
      coldRuns,
      0,
    );
    rows.push(["ensureSession, cold (new node process)", median(cold), emulator.stats().total / coldRuns]);

    const bare = await timeRuns(() => runCommand(process.execPath, ["-e", "0"]), coldRuns, 1);
    rows.push(["  node -e 0 (process start alone)", median(bare), undefined]);

    // Offline: what `ssoenv status` and the mise hook read.
    emulator.resetStats();
    const offline = await timeRuns(() => core.getCachedSessionStatus({ profile: "dev", env }), runs, 1);
    rows.push(["getCachedSessionStatus (offline)", median(offline), emulator.stats().total / (runs + 1)]);

    // The Medley article's check: `aws sts get-caller-identity --profile P` (AWS CLI v2 reads the same cache).
    let awsCli: number | undefined;
    if (existsSync("/usr/bin/aws")) {
      const dataPath = await emulator.writeAwsCliDataPath(join(home, "aws-data"));
      const cliEnv = { ...env, PATH: "/usr/bin:/bin", AWS_DATA_PATH: dataPath };
      const args = ["sts", "get-caller-identity", "--profile", "dev", "--endpoint-url", emulator.url];
      emulator.resetStats();
      const cli = await timeRuns(() => runCommandAsync("/usr/bin/aws", args, { env: cliEnv }), coldRuns, 0);
      awsCli = median(cli);
      rows.push([
        "aws sts get-caller-identity (AWS CLI v2, baseline)",
        awsCli,
        emulator.stats().total / coldRuns,
      ]);
    } else {
      ctx.log("(AWS CLI v2 missing at /usr/bin/aws: no baseline row)");
    }

    const coldMedian = median(cold);
    ctx.log(
      `ensureSession on a valid cached session; ${runs} warm / ${coldRuns} cold runs, emulator on loopback\n`,
    );
    ctx.log("| case | median | HTTP requests per call | vs AWS CLI |");
    ctx.log("|---|---:|---:|---:|");
    for (const [name, value, requests] of rows) {
      const ratio = awsCli ? `${(value / awsCli).toFixed(2)}x` : "-";
      ctx.log(
        `| ${name} | ${ms(value)} | ${requests === undefined ? "-" : requests.toFixed(1)} | ${ratio} |`,
      );
    }
    ctx.log(`\ncold ensureSession minus bare node start: ${ms(coldMedian - median(bare))}`);
  } finally {
    await emulator.stop();
    await rm(home, { recursive: true, force: true });
  }
}
