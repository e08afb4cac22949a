/**
 * The mise `enter` hook (plugins/mise/hooks/session-warning) runs each time a shell enters the project,
 * so it must be quick: the budget is 100 ms. Measures the whole hook (sh + node + @ssoenv/core reading
 * ~/.aws/config, ssoenv.toml and the token cache) against bare `node -e 0`, with a session that has
 * hours left (silent) and one with 30 min left (prints the warning), then `mise hook-env` entering a
 * project with and without the hook. No network: the hook never uses it.
 * The cases run side by side, round after round (each session in its own HOME), so the machine's load
 * falls on all alike. The budget is judged on wall time; beside it the CPU time (user + system of sh,
 * node and all they ran), which a loaded machine moves far less, for comparing runs at different loads.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMeasured } from "./child-usage.js";
import type { BenchContext } from "./run.js";
import { measureInterleaved, median, ms, ratio, type Timings } from "./stats.js";

const BUDGET_MS = 100;

export async function run(ctx: BenchContext): Promise<void> {
  const hook = join(ctx.repoRoot, "plugins/mise/hooks/session-warning");
  if (!existsSync(join(ctx.repoRoot, "packages/core/dist/index.js"))) {
    throw new Error("@ssoenv/core is not built: run pnpm build");
  }
  const root = await mkdtemp(join(tmpdir(), "ssoenv-bench-mise-hook-"));
  try {
    const project = join(root, "project");
    await mkdir(project, { recursive: true });
    await writeFile(
      join(project, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "api/.env"\n[[env_files]]\npath = "web/.env"\nprofile = "stg"\n',
    );
    // One HOME per session, so that the cases can run round after round side by side.
    const makeHome = async (name: string, expiresInMs: number) => {
      const home = join(root, name);
      await mkdir(join(home, ".aws/sso/cache"), { recursive: true });
      await writeFile(
        join(home, ".aws/config"),
        [
          "[sso-session acme]",
          "sso_start_url = https://acme.awsapps.com/start",
          "sso_region = us-east-1",
          "[profile dev]",
          "sso_session = acme",
          "sso_account_id = 111111111111",
          "sso_role_name = AdministratorAccess",
          "[profile stg]",
          "sso_session = acme",
          "sso_account_id = 222222222222",
          "sso_role_name = ReadOnly",
          "",
        ].join("\n"),
      );
      await writeFile(
        join(home, ".aws/sso/cache", `${createHash("sha1").update("acme").digest("hex")}.json`),
        JSON.stringify({
          startUrl: "https://acme.awsapps.com/start",
          region: "us-east-1",
          // An opaque random placeholder: the hook only reads the dates. No refresh token, so
          // expiresAt is the session's end and the hook judges it.
          accessToken: randomBytes(24).toString("hex"),
          expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
        }),
      );
      return home;
    };
    const silentHome = await makeHome("silent", 5 * 3_600_000);
    const warningHome = await makeHome("warning", 30 * 60_000);
    const firstRunHome = await makeHome("first-run", 5 * 3_600_000);

    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: silentHome, NO_COLOR: "1" };
    const runs = ctx.quick ? 5 : 30;
    const measure = (command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }) => {
      const r = runMeasured(command, args, options);
      if (r.status !== 0)
        throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
      return r;
    };
    const hookRun = (home: string) => () =>
      measure("sh", [hook], { env: { ...env, HOME: home }, cwd: project });

    const [node, silent, warning, firstRun] = (await measureInterleaved(
      [
        () => measure(process.execPath, ["-e", "0"], { env, cwd: project }),
        hookRun(silentHome),
        hookRun(warningHome),
        // The first run after a login (or any change to what it read) has no usable memo: it loads
        // @ssoenv/core and reads config, ssoenv.toml and the token cache.
        () => {
          rmSync(join(firstRunHome, ".aws/ssoenv/session-warning-memo.json"), { force: true });
          return hookRun(firstRunHome)();
        },
      ],
      runs,
      2,
    )) as Timings[];

    // What a shell with `mise activate` pays on entering the project: `mise hook-env` with and
    // without the enter hook (a fresh session each time, so the hook runs every time).
    const mise = join(ctx.repoRoot, "test/node_modules/.bin/mise");
    let hookEnv: { plain: Timings; withHook: Timings } | undefined;
    if (existsSync(mise)) {
      const plainProject = join(root, "plain");
      await mkdir(plainProject, { recursive: true });
      await writeFile(join(plainProject, ".mise.toml"), "[env]\nSSOENV_BENCH = '1'\n");
      await writeFile(join(project, ".mise.toml"), `[hooks]\nenter = "sh '${hook}'"\n`);
      const miseEnv = {
        ...env,
        MISE_DATA_DIR: join(root, "mise/data"),
        MISE_CACHE_DIR: join(root, "mise/cache"),
        MISE_STATE_DIR: join(root, "mise/state"),
        MISE_CONFIG_DIR: join(root, "mise/config"),
        MISE_TRUSTED_CONFIG_PATHS: root,
        MISE_OFFLINE: "1",
      };
      const enter = (cwd: string) => () => measure(mise, ["hook-env", "-s", "bash"], { env: miseEnv, cwd });
      const [plain, withHook] = (await measureInterleaved(
        [enter(plainProject), enter(project)],
        runs,
        2,
      )) as [Timings, Timings];
      hookEnv = { plain, withHook };
    }

    const [baseWall, baseCpu] = [median((node as Timings).wallMs), median((node as Timings).cpuMs)];
    ctx.log(
      `Node ${process.version}, ${runs} interleaved rounds (medians); budget ${BUDGET_MS} ms, judged on wall time. CPU is user + system of the process and all it ran: under load wall time swings 2-5x, CPU far less, so compare runs at different loads on CPU.\n`,
    );
    ctx.log("| case | wall | vs node -e 0 | within budget (wall) | CPU | vs node -e 0 (CPU) |");
    ctx.log("|---|---|---|---|---|---|");
    ctx.log(`| node -e 0 (start-up floor) | ${ms(baseWall)} | 1.00x | | ${ms(baseCpu)} | 1.00x |`);
    for (const [name, times] of [
      ["session-warning, 5 h left (silent)", silent],
      ["session-warning, 30 min left (warns)", warning],
      ["session-warning, first run after a change (no memo)", firstRun],
    ] as const) {
      const [wall, cpu] = [median((times as Timings).wallMs), median((times as Timings).cpuMs)];
      ctx.log(
        `| ${name} | ${ms(wall)} | ${ratio(wall, baseWall)} | ${wall < BUDGET_MS ? "yes" : "NO"} | ${ms(cpu)} | ${ratio(cpu, baseCpu)} |`,
      );
    }
    if (hookEnv) {
      const [plainWall, plainCpu] = [median(hookEnv.plain.wallMs), median(hookEnv.plain.cpuMs)];
      const [hookWall, hookCpu] = [median(hookEnv.withHook.wallMs), median(hookEnv.withHook.cpuMs)];
      ctx.log(
        `| mise hook-env, entering a project without hooks | ${ms(plainWall)} | | | ${ms(plainCpu)} | |`,
      );
      ctx.log(
        `| mise hook-env, entering with the session-warning hook | ${ms(hookWall)} | +${ms(hookWall - plainWall)} | | ${ms(hookCpu)} | +${ms(hookCpu - plainCpu)} |`,
      );
    } else {
      ctx.log("| mise hook-env rows skipped: test/node_modules/.bin/mise is missing | | | | | |");
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
