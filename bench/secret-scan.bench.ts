/**
 * `ssoenv scan` side by side with Debian's git-secrets (`--register-aws` patterns), on the same files:
 * 1. A typical commit: 10 changed files staged in a repository of 300 files. The two installed hooks
 *    (`ssoenv hook install`, `git secrets --install`), run as git runs them: what a commit costs.
 *    Also `ssoenv scan --staged` vs `git secrets --pre_commit_hook` (what its hook runs).
 *    Total process time, new process each run.
 * 2. Throughput: 1,000 files, ~100 MB, in a temp folder: `ssoenv scan DIR` vs `git secrets --scan -r DIR`.
 *    Beside them the floor of any Node.js scanner: starting Node.js and reading the same files.
 * 3. Full scans: 100 files of 100 KB that each hold a key pair, so none is ruled out by the prefilter.
 * Each case again without NODE_EXTRA_CA_CERTS when it is set (Node.js 20 loads that file before any
 * JavaScript runs), and path mode on the Node.js that BENCH_NODE names, if any.
 * Targets: path mode ahead of git-secrets; a commit within 2.5x of it (Node.js's start is most of it),
 * judged on the ratio of wall-time medians; ratio = ssoenv / git-secrets (< 1 is ahead).
 * Beside each wall median, the median CPU time (user + system) of the same runs: on a loaded machine
 * wall time swings 2-5x while CPU time barely moves, so CPU is what runs at different loads compare on.
 * The commands of each case run side by side, round after round, so the machine's noise falls on all.
 * Recall and precision on the labelled corpus are printed by test/secret-scan/corpus.test.ts.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChildUsage, runMeasured } from "./child-usage.js";
import type { BenchContext } from "./run.js";
import { measureInterleaved, median, ms, ratio, type Timings } from "./stats.js";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** An integer in [0, n): crypto's by default; a test passes a seeded one to get the same files each run. */
export type RandomInt = (n: number) => number;
const pick = (alphabet: string, n: number, random: RandomInt = randomInt) => {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[random(alphabet.length)];
  return s;
};

// Ordinary repository content: code, config, lock files, docs. Words like "secret" and "token"
// appear now and then, as they do in real code; planted keys are added separately.
const LINES: Array<(i: number, random: RandomInt) => string> = [
  (i) => `export async function handler${i}(event: Event): Promise<Result> {`,
  (i) =>
    `  const item = await client.send(new GetItemCommand({ TableName: "t${i}", Key: { id: { S: event.id } } }));`,
  () => `  if (!item.Item) return { statusCode: 404, body: JSON.stringify({ error: "not found" }) };`,
  (i, random) =>
    `  "node_modules/pkg-${i}": { "version": "1.${i % 40}.0", "integrity": "sha512-${pick(B64, 86, random)}==" },`,
  (i) =>
    `  - name: deploy step ${i}\n    run: aws s3 sync ./dist s3://bucket-${i}/ --delete --region eu-west-1`,
  (i) => `// The secret is read from SSM at run time (parameter /app/${i}/db-password), never from the repo.`,
  (i) =>
    `resource "aws_iam_role" "r${i}" { name = "role-${i}", assume_role_policy = data.aws_iam_policy_document.p.json }`,
  (i, random) => `commit ${pick("0123456789abcdef", 40, random)} merged in pull request #${i}`,
  (i) => `const sessionTimeoutMs = ${i * 1000}; // refresh the token before it expires`,
  (i, random) => `| ${i} | ${pick(B64, 12, random)} | documentation table row with some words in it |`,
];

export function fileContent(targetBytes: number, seed: number, random: RandomInt = randomInt): string {
  let out = "";
  for (let i = 0; out.length < targetBytes; i++)
    out += `${(LINES[(seed + i) % LINES.length] as (typeof LINES)[0])(i, random)}\n`;
  return out;
}

function plantedKey(): string {
  return `AWS_ACCESS_KEY_ID=AKIA${pick(B32, 16)}\nAWS_SECRET_ACCESS_KEY=${pick(B64, 40)}\n`;
}

/** Runs a command, measured (see child-usage.ts); exit 1 is a scanner's "found", anything else a failure. */
function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildUsage {
  const r = runMeasured(command, args, { cwd, env });
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  }
  return r;
}

/** The cells of one row: wall medians and their ratio, then CPU medians and their ratio. */
function cells(ours: Timings, theirs: Timings, wall: (ms: number) => string = ms): string {
  const [wallA, wallB] = [median(ours.wallMs), median(theirs.wallMs)];
  const [cpuA, cpuB] = [median(ours.cpuMs), median(theirs.cpuMs)];
  return `${wall(wallA)} | ${wall(wallB)} | ${ratio(wallA, wallB)} | ${ms(cpuA)} | ${ms(cpuB)} | ${ratio(cpuA, cpuB)}`;
}

/** The cells of a floor's row: its own wall and CPU medians. */
function floorCells(floor: Timings, wall: (ms: number) => string = ms): string {
  return `${wall(median(floor.wallMs))} | | | ${ms(median(floor.cpuMs))} | |`;
}

export async function run(ctx: BenchContext): Promise<void> {
  const bin = join(ctx.repoRoot, "packages/cli/bin/ssoenv.cjs");
  if (!existsSync(bin)) throw new Error(`${bin} missing: run pnpm build`);
  if (spawnSync("sh", ["-c", "command -v git-secrets"]).status !== 0) {
    throw new Error("git-secrets is not installed (apt-get install git-secrets): it is the baseline");
  }
  const root = await mkdtemp(join(tmpdir(), "ssoenv-bench-scan-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: join(root, "home"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "b",
    GIT_AUTHOR_EMAIL: "b@example.com",
    GIT_COMMITTER_NAME: "b",
    GIT_COMMITTER_EMAIL: "b@example.com",
  };
  try {
    await mkdir(join(root, "home"));
    const rows: string[] = [];

    // 1. A typical commit.
    const repo = join(root, "repo");
    await mkdir(repo);
    const git = (...args: string[]) => exec("git", args, repo, env);
    git("init", "-q");
    git("secrets", "--register-aws");
    for (let f = 0; f < 300; f++) {
      await mkdir(join(repo, `src/m${f % 15}`), { recursive: true });
      await writeFile(join(repo, `src/m${f % 15}/f${f}.ts`), fileContent(4000 + (f % 7) * 1500, f));
    }
    git("add", "-A");
    git("commit", "-q", "--no-verify", "-m", "base");
    for (let f = 0; f < 10; f++) {
      const path = join(repo, `src/m${f % 15}/f${f}.ts`);
      await writeFile(path, `${fileContent(4000 + (f % 7) * 1500, f)}${fileContent(1500, f + 3)}`);
    }
    git("add", "-A");
    const commitRuns = ctx.quick ? 5 : 25;
    // The hooks each tool installs, run as git runs them (ours runs `ssoenv scan --staged`, by absolute paths).
    exec(process.execPath, [bin, "hook", "install"], repo, env);
    exec("git", ["secrets", "--install", join(root, "git-secrets-template")], repo, env);
    const ssoenvHook = join(repo, ".git/hooks/pre-commit");
    const gitSecretsHook = join(root, "git-secrets-template/hooks/pre-commit");
    // Node.js 20 reads and parses a NODE_EXTRA_CA_CERTS file before it runs any JavaScript.
    const { NODE_EXTRA_CA_CERTS: caFile, ...withoutCa } = env;
    // Node.js 22 and later read that file only when a TLS connection needs it: BENCH_NODE (another
    // Node.js) shows `scan --staged` with the variable set and without that cost.
    const otherNode = process.env.BENCH_NODE;
    const otherVersion = otherNode ? spawnSync(otherNode, ["--version"]).stdout.toString().trim() : "";
    // Side by side, round after round (see measureInterleaved): the machine's noise falls on all alike.
    const [ssoenvHookRuns, gitSecretsHookRuns, ssoenvCommit, gitSecretsCommit, nodeFloorRuns, ...noCaRuns] =
      (await measureInterleaved(
        [
          () => exec("sh", [ssoenvHook], repo, env),
          () => exec("bash", [gitSecretsHook], repo, env),
          () => exec(process.execPath, [bin, "scan", "--staged"], repo, env),
          () => exec("git", ["secrets", "--pre_commit_hook"], repo, env),
          // The floor for any Node.js tool: starting node itself.
          () => exec(process.execPath, ["-e", "0"], repo, env),
          ...(caFile
            ? [
                () => exec("sh", [ssoenvHook], repo, withoutCa),
                () => exec(process.execPath, [bin, "scan", "--staged"], repo, withoutCa),
                () => exec(process.execPath, ["-e", "0"], repo, withoutCa),
              ]
            : []),
          ...(otherNode
            ? [
                () => exec(otherNode, [bin, "scan", "--staged"], repo, env),
                () => exec(otherNode, ["-e", "0"], repo, env),
              ]
            : []),
        ],
        commitRuns,
        2,
      )) as Timings[];
    const row = (label: string, ours: Timings, theirs: Timings) =>
      rows.push(`| ${label} | ${cells(ours, theirs)} |`);
    row(
      "typical commit (10 staged files), the installed pre-commit hooks",
      ssoenvHookRuns as Timings,
      gitSecretsHookRuns as Timings,
    );
    row(
      "typical commit, `ssoenv scan --staged` vs `git secrets --pre_commit_hook`",
      ssoenvCommit as Timings,
      gitSecretsCommit as Timings,
    );
    rows.push(`| (floor: \`node -e 0\`) | ${floorCells(nodeFloorRuns as Timings)} |`);
    const [hookNoCa, commitNoCa, floorNoCa] = caFile ? noCaRuns : [];
    const [commitOtherNode, floorOtherNode] = caFile ? noCaRuns.slice(3) : noCaRuns;
    if (hookNoCa && commitNoCa && floorNoCa) {
      row("… the hook, NODE_EXTRA_CA_CERTS unset", hookNoCa, gitSecretsHookRuns as Timings);
      row("… `scan --staged`, NODE_EXTRA_CA_CERTS unset", commitNoCa, gitSecretsCommit as Timings);
      rows.push(`| (floor: \`node -e 0\`, NODE_EXTRA_CA_CERTS unset) | ${floorCells(floorNoCa)} |`);
    }

    if (commitOtherNode && floorOtherNode) {
      row(
        `… \`scan --staged\` on Node.js ${otherVersion} (BENCH_NODE)`,
        commitOtherNode,
        gitSecretsCommit as Timings,
      );
      rows.push(`| (floor: \`node -e 0\` on Node.js ${otherVersion}) | ${floorCells(floorOtherNode)} |`);
    }

    // 2. Throughput: 1,000 files, ~100 MB, 20 of them with planted keys.
    const tree = join(root, "tree");
    let bytes = 0;
    for (let f = 0; f < 1000; f++) {
      const dir = join(tree, `d${f % 25}`);
      await mkdir(dir, { recursive: true });
      let content = fileContent(100_000, f);
      if (f % 50 === 7) content += plantedKey();
      bytes += Buffer.byteLength(content);
      await writeFile(join(dir, `f${f}.txt`), content);
    }
    const treeRepoEnv = { ...env, GIT_DIR: join(repo, ".git") }; // git-secrets reads its patterns from git config
    // Both must find the planted keys (exit 1), or the timing means nothing.
    const found = [
      exec(process.execPath, [bin, "scan", "."], tree, env),
      exec("git", ["secrets", "--scan", "-r", "."], tree, treeRepoEnv),
    ];
    if (found.some(({ status }) => status !== 1))
      throw new Error(
        `expected both scanners to find the planted keys, got exit ${found.map(({ status }) => status).join(", ")}`,
      );
    const bigRuns = ctx.quick ? 3 : 9;
    // Also, where they apply: Node.js 20 reads and parses a NODE_EXTRA_CA_CERTS file before it runs
    // any JavaScript (about 40 ms here), and BENCH_NODE names another Node.js to compare with.
    const variants: Array<[string, () => ChildUsage]> = [];
    if (caFile) {
      variants.push([
        `… the same, NODE_EXTRA_CA_CERTS unset (Node.js ${process.versions.node} loads it at start-up)`,
        () => exec(process.execPath, [bin, "scan", "."], tree, withoutCa),
      ]);
    }
    if (otherNode) {
      variants.push([
        `… the same on Node.js ${otherVersion} (BENCH_NODE)`,
        () => exec(otherNode, [bin, "scan", "."], tree, env),
      ]);
    }
    // The floor for any Node.js scanner of these files: start Node.js, list them and read each one
    // into one reused buffer, as the scanner does (one thread, no scanning), with
    // NODE_EXTRA_CA_CERTS as set. (readFileSync's new buffer per file costs ~3x the read here: every
    // page of it faults in on first touch.)
    const readAll = `const fs = require("node:fs"), path = require("node:path");
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (const e of fs.readdirSync(".", { recursive: true, withFileTypes: true })) {
        if (!e.isFile()) continue;
        const fd = fs.openSync(path.join(e.parentPath ?? e.path, e.name));
        fs.readSync(fd, buffer, 0, buffer.length, 0);
        fs.closeSync(fd);
      }`;
    const [ssoenvBig, gitSecretsBig, readFloor, ...variantRuns] = await measureInterleaved(
      [
        () => exec(process.execPath, [bin, "scan", "."], tree, env),
        () => exec("git", ["secrets", "--scan", "-r", "."], tree, treeRepoEnv),
        () => exec(process.execPath, ["-e", readAll], tree, env),
        ...variants.map(([, run]) => run),
      ],
      bigRuns,
      1,
    );
    const mb = bytes / 1024 / 1024;
    const rate = (t: number) => `${ms(t)} (${(mb / (t / 1000)).toFixed(0)} MiB/s)`;
    for (const [label, runs] of [
      [`1,000 files, ${mb.toFixed(0)} MiB (path mode)`, ssoenvBig as Timings],
      ...variants.map(([label], k) => [label, variantRuns[k] as Timings] as const),
    ] as const) {
      rows.push(`| ${label} | ${cells(runs, gitSecretsBig as Timings, rate)} |`);
    }
    rows.push(
      `| (floor: Node.js reads the same files into one buffer, no scanning) | ${floorCells(readFloor as Timings, rate)} |`,
    );

    // 3. Files that pass the prefilter: 100 files of 100 KB, each with a planted key pair, so each
    // goes through the full scan (in a real repository: data URIs, PEM files, source maps, bundles).
    const keyed = join(root, "keyed");
    await mkdir(keyed);
    let keyedBytes = 0;
    for (let f = 0; f < 100; f++) {
      const content = `${fileContent(100_000, f)}${plantedKey()}`;
      keyedBytes += Buffer.byteLength(content);
      await writeFile(join(keyed, `f${f}.txt`), content);
    }
    const keyedFound = [
      exec(process.execPath, [bin, "scan", "."], keyed, env),
      exec("git", ["secrets", "--scan", "-r", "."], keyed, treeRepoEnv),
    ];
    if (keyedFound.some(({ status }) => status !== 1))
      throw new Error(
        `expected both scanners to find the planted keys, got exit ${keyedFound.map(({ status }) => status).join(", ")}`,
      );
    const [ssoenvKeyed, gitSecretsKeyed] = await measureInterleaved(
      [
        () => exec(process.execPath, [bin, "scan", "."], keyed, env),
        () => exec("git", ["secrets", "--scan", "-r", "."], keyed, treeRepoEnv),
      ],
      bigRuns,
      1,
    );
    const keyedMb = keyedBytes / 1024 / 1024;
    const keyedRate = (t: number) => `${ms(t)} (${(keyedMb / (t / 1000)).toFixed(0)} MiB/s)`;
    rows.push(
      `| 100 files that pass the prefilter (100 KB, a key pair each: full scan), ${keyedMb.toFixed(0)} MiB | ${cells(ssoenvKeyed as Timings, gitSecretsKeyed as Timings, keyedRate)} |`,
    );

    ctx.log(
      "| case | ssoenv scan, wall | git-secrets, wall | wall ratio (targets judged on it) | ssoenv scan, CPU | git-secrets, CPU | CPU ratio |",
    );
    ctx.log("|---|---|---|---|---|---|---|");
    for (const row of rows) ctx.log(row);
    ctx.log(
      `\nmedians of ${commitRuns} (commit) and ${bigRuns} (throughput) runs; each run is a new process. Ratios are ssoenv / git-secrets (< 1x is ahead).`,
    );
    ctx.log(
      "Targets (judged on the wall ratio, as always): path mode < 1x, a commit <= 2.5x. CPU is user + system of the process and all it waited for (git, grep, node under the hooks), on any core: under load wall time swings 2-5x, CPU far less, so compare runs at different loads on CPU. On an idle machine wall is about path mode's main-thread CPU, less than its total CPU (V8 compiles on the other core).",
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
