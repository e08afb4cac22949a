/**
 * `ssoenv` CLI, side by side with what the users of the Medley Advent Calendar 2024 article (the
 * post ssoenv grew from, day 3, on moving to IAM Identity Center) ran, in one run against the emulator:
 * 1. `ssoenv credential-process` (cached) vs a bare `node -e 0` (the floor for any Node.js tool;
 *    target <= 1.25x), reported beside `aws configure export-credentials --format process` (AWS CLI
 *    v2, its own cache warm too).
 * 2. `ssoenv --version` vs `node -e 0`. Target <= 2.5x.
 * 3. `ssoenv refresh` of 1 profile into 3 .env files vs the article's flow (the
 *    AWS CLI's `configure export-credentials`, written into each file with python-dotenv
 *    `set_key(..., quote_mode="never")` per key). Target <= 0.5x.
 * 4. `ssoenv refresh` of 20 profiles (20 files) vs 1 profile (1 file). Target <= 2x.
 * Every run is a new process, as a person or a tool runs it. Targets are judged on the ratio of
 * wall-time medians; beside them the median CPU time (user + system) of the same runs, which a loaded
 * machine moves far less than wall time, so runs at different loads compare on it.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type ChildUsage, runMeasuredAsync } from "./child-usage.js";
import type { BenchContext } from "./run.js";
import { signInCorp } from "./sign-in-corp.js";
import { measureInterleaved, median, ms, ratio, type Timings } from "./stats.js";

type Core = typeof import("../packages/core/src/index.js");
type EmulatorModule = typeof import("../packages/emulator/src/index.js");

const AWS_CLI = "/usr/bin/aws";
const PROFILES = 20;

const ARTICLE_FLOW = `
import json, subprocess, sys
from dotenv import set_key
out = subprocess.run([${JSON.stringify(AWS_CLI)}, "configure", "export-credentials", "--profile", "dev", "--format", "process"],
                     capture_output=True, check=True, text=True).stdout
c = json.loads(out)
values = {"AWS_ACCESS_KEY_ID": c["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": c["SecretAccessKey"],
          "AWS_SESSION_TOKEN": c["SessionToken"], "AWS_CREDENTIAL_EXPIRATION": c["Expiration"]}
for path in sys.argv[1:]:
    for key, value in values.items():
        set_key(path, key, value, quote_mode="never")
`;

/**
 * Runs a command, measured, without blocking the event loop (the emulator serves from this process,
 * so a spawnSync would deadlock), and throws with its stderr when it fails.
 */
async function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ChildUsage> {
  const r = await runMeasuredAsync(command, args, options);
  if (r.status !== 0) {
    throw new Error(`${command} ${args.slice(0, 4).join(" ")} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  }
  return r;
}

export async function run(ctx: BenchContext): Promise<void> {
  const dist = (pkg: string) => join(ctx.repoRoot, "packages", pkg, "dist/index.js");
  const cli = join(ctx.repoRoot, "packages/cli/bin/ssoenv.cjs");
  for (const file of [dist("core"), dist("emulator"), cli]) {
    if (!existsSync(file)) throw new Error(`${file} missing: run pnpm build`);
  }
  if (!existsSync(AWS_CLI)) throw new Error(`${AWS_CLI} (AWS CLI v2) missing: the baselines need it`);
  const core = (await import(pathToFileURL(dist("core")).href)) as Core;
  const { startEmulator } = (await import(pathToFileURL(dist("emulator")).href)) as EmulatorModule;

  const runs = ctx.quick ? 3 : 15;
  const emulator = await startEmulator({});
  const root = await mkdtemp(join(tmpdir(), "ssoenv-bench-cli-"));
  try {
    const home = join(root, "home");
    const work = join(root, "work");
    await mkdir(join(home, ".aws"), { recursive: true });
    await mkdir(join(work, "many"), { recursive: true });
    const profiles = Array.from({ length: PROFILES }, (_, i) =>
      [
        `[profile p${i}]`,
        "sso_session = corp",
        `sso_account_id = ${i % 2 ? "222222222222" : "111111111111"}`,
        "sso_role_name = ReadOnly",
        "region = eu-west-1",
      ].join("\n"),
    );
    await writeFile(
      join(home, ".aws/config"),
      [
        `[sso-session corp]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access`,
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1",
        ...profiles,
      ].join("\n\n"),
    );
    await writeFile(
      join(work, "many", "ssoenv.toml"),
      Array.from(
        { length: PROFILES },
        (_, i) => `[[env_files]]\npath = "p${i}.env"\nprofile = "p${i}"\n`,
      ).join("\n"),
    );
    const env: NodeJS.ProcessEnv = {
      HOME: home,
      PATH: process.env.PATH,
      AWS_CONFIG_FILE: join(home, ".aws/config"),
      AWS_DATA_PATH: await emulator.writeAwsCliDataPath(join(root, "aws-data")),
      NO_COLOR: "1",
      ...emulator.sdkEnv(),
    };
    await signInCorp(core, emulator, env);
    const ssoenv = (args: string[], cwd = work) =>
      runCommand(process.execPath, ["--", cli, ...args], { env, cwd });

    // Each case's commands run side by side, round after round (measureInterleaved), so the machine's
    // noise (two cores shared with other work) falls on ssoenv and its baselines alike.
    const node = () => runCommand(process.execPath, ["-e", "0"], { env });

    // 1. credential_process, both caches warm (the warm-up round fills them), beside a bare Node.js.
    const [credentialProcess, nodeFloor, exportCredentials] = await measureInterleaved(
      [
        () => ssoenv(["credential-process", "--profile", "dev"]),
        node,
        () =>
          runCommand(
            AWS_CLI,
            ["configure", "export-credentials", "--profile", "dev", "--format", "process"],
            { env },
          ),
      ],
      runs,
    );

    // 2. `ssoenv --version`: how much the entry point costs above Node.js itself.
    const [version, nodeFloorVersion] = await measureInterleaved([() => ssoenv(["--version"]), node], runs);

    // 3. one profile into three files.
    const three = ["a.env", "b.env", "c.env"].map((name) => join(work, name));
    const [refreshThree, articleThree] = await measureInterleaved(
      [
        () => ssoenv(["refresh", "--profile", "dev", ...three.flatMap((file) => ["--env-file", file])]),
        () => runCommand("python3", ["-c", ARTICLE_FLOW, ...three], { env }),
      ],
      runs,
    );

    // 4. twenty profiles (twenty files, from ssoenv.toml) vs one.
    const [refreshTwenty, refreshOne] = await measureInterleaved(
      [
        () => ssoenv(["refresh"], join(work, "many")),
        () => ssoenv(["refresh", "--profile", "dev", "--env-file", join(work, "one.env")]),
      ],
      runs,
    );

    const row = (
      name: string,
      ours: Timings | undefined,
      theirs: Timings | undefined,
      baseline: string,
      target: string,
    ) => {
      const [wallA, wallB] = [median(ours?.wallMs ?? []), median(theirs?.wallMs ?? [])];
      const [cpuA, cpuB] = [median(ours?.cpuMs ?? []), median(theirs?.cpuMs ?? [])];
      ctx.log(
        `| ${name} | ${ms(wallA)} | ${baseline}: ${ms(wallB)} | ${ratio(wallA, wallB)} | ${target} | ${ms(cpuA)} | ${ms(cpuB)} | ${ratio(cpuA, cpuB)} |`,
      );
    };
    ctx.log(
      `${runs} runs each, new process per run, interleaved rounds, medians. Targets are judged on the wall ratio, as always. CPU is user + system of the process and all it waited for, on any core: under load wall time swings 2-5x, CPU far less, so compare runs at different loads on CPU.\n`,
    );
    ctx.log(
      "| case | ssoenv, wall | baseline, wall | wall ratio | target (on the wall ratio) | ssoenv, CPU | baseline, CPU | CPU ratio |",
    );
    ctx.log("|---|---|---|---|---|---|---|---|");
    row("credential-process (cached)", credentialProcess, nodeFloor, "node -e 0", "<= 1.25x");
    row(
      "credential-process (cached)",
      credentialProcess,
      exportCredentials,
      "aws configure export-credentials",
      "(reported beside)",
    );
    row("ssoenv --version", version, nodeFloorVersion, "node -e 0", "<= 2.5x");
    row(
      "refresh 1 profile -> 3 files",
      refreshThree,
      articleThree,
      "aws export + python-dotenv set_key",
      "<= 0.5x",
    );
    row(
      `refresh ${PROFILES} profiles -> ${PROFILES} files`,
      refreshTwenty,
      refreshOne,
      "refresh 1 profile -> 1 file",
      "<= 2x",
    );
  } finally {
    await emulator.stop();
    await rm(root, { recursive: true, force: true });
  }
}
