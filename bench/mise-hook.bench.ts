/**
 * The mise `enter` hook (plugins/mise/hooks/session-warning) runs each time a shell enters the project,
 * so it must be quick: the budget is 100 ms. Measures the whole hook (sh + node + @ssoenv/core reading
 * ~/.aws/config, ssoenv.toml and the token cache) against bare `node -e 0`, with a session that has
 * hours left (silent) and one with 30 min left (prints the warning), then `mise hook-env` entering a
 * project with and without the hook. No network: the hook never uses it.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchContext } from "./run.js";
import { median, ms, runCommand, timeRuns } from "./stats.js";

const BUDGET_MS = 100;

export async function run(ctx: BenchContext): Promise<void> {
  const hook = join(ctx.repoRoot, "plugins/mise/hooks/session-warning");
  if (!existsSync(join(ctx.repoRoot, "packages/core/dist/index.js"))) {
    throw new Error("@ssoenv/core is not built: run pnpm build");
  }
  const root = await mkdtemp(join(tmpdir(), "ssoenv-bench-mise-hook-"));
  try {
    const home = join(root, "home");
    const project = join(root, "project");
    await mkdir(join(home, ".aws/sso/cache"), { recursive: true });
    await mkdir(project, { recursive: true });
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
      join(project, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "api/.env"\n[[env_files]]\npath = "web/.env"\nprofile = "stg"\n',
    );
    const cacheFile = join(home, ".aws/sso/cache", `${createHash("sha1").update("acme").digest("hex")}.json`);
    const seed = (expiresInMs: number) =>
      writeFile(
        cacheFile,
        JSON.stringify({
          startUrl: "https://acme.awsapps.com/start",
          region: "us-east-1",
          // An opaque random placeholder: the hook only reads the dates. No refresh token, so
          // expiresAt is the session's end and the hook judges it.
          accessToken: randomBytes(24).toString("hex"),
          expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
        }),
      );

    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, NO_COLOR: "1" };
    const runs = ctx.quick ? 5 : 30;
    const hookRun = () => runCommand("sh", [hook], { env, cwd: project });

    const node = await timeRuns(() => runCommand(process.execPath, ["-e", "0"], { env }), runs, 2);
    await seed(5 * 3_600_000);
    const silent = await timeRuns(hookRun, runs, 2);
    await seed(30 * 60_000);
    const warning = await timeRuns(hookRun, runs, 2);
    // The first run after a login (or any change to what it read) has no usable memo: it loads
    // @ssoenv/core and reads config, ssoenv.toml and the token cache.
    const memo = join(home, ".aws/ssoenv/session-warning-memo.json");
    const firstRun = await timeRuns(
      async () => {
        await rm(memo, { force: true });
        hookRun();
      },
      runs,
      2,
    );

    // What a shell with `mise activate` pays on entering the project: `mise hook-env` with and
    // without the enter hook (a fresh session each time, so the hook runs every time).
    const mise = join(ctx.repoRoot, "test/node_modules/.bin/mise");
    let hookEnv: { plain: number[]; withHook: number[] } | undefined;
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
      const enter = (cwd: string) => () =>
        runCommand(mise, ["hook-env", "-s", "bash"], { env: miseEnv, cwd });
      await seed(5 * 3_600_000);
      hookEnv = {
        plain: await timeRuns(enter(plainProject), runs, 2),
        withHook: await timeRuns(enter(project), runs, 2),
      };
    }

    const base = median(node);
    ctx.log(`Node ${process.version}, ${runs} runs each (medians); budget ${BUDGET_MS} ms.\n`);
    ctx.log("| case | median | vs node -e 0 | within budget |");
    ctx.log("|---|---|---|---|");
    ctx.log(`| node -e 0 (start-up floor) | ${ms(base)} | 1.00x | |`);
    for (const [name, times] of [
      ["session-warning, 5 h left (silent)", silent],
      ["session-warning, 30 min left (warns)", warning],
      ["session-warning, first run after a change (no memo; includes an rm)", firstRun],
    ] as const) {
      const m = median(times);
      ctx.log(`| ${name} | ${ms(m)} | ${(m / base).toFixed(2)}x | ${m < BUDGET_MS ? "yes" : "NO"} |`);
    }
    if (hookEnv) {
      const plain = median(hookEnv.plain);
      const withHook = median(hookEnv.withHook);
      ctx.log(`| mise hook-env, entering a project without hooks | ${ms(plain)} | | |`);
      ctx.log(
        `| mise hook-env, entering with the session-warning hook | ${ms(withHook)} | +${ms(withHook - plain)} | |`,
      );
    } else {
      ctx.log("| mise hook-env rows skipped: test/node_modules/.bin/mise is missing | | | |");
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
