import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type Finding, scanFiles, scannableText, scanText } from "@ssoenv/secret-scan";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpus, type CorpusCase, corpusSeed } from "./corpus.js";
import { createTempRepo, hasProgram, requireTool, type TempRepo, writeFiles } from "./helpers.js";

const seed = corpusSeed();
const corpus = buildCorpus(seed);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

interface Score {
  tp: number;
  fn: number;
  fp: number;
}
const recall = (s: Score) => s.tp / (s.tp + s.fn);
const precision = (s: Score) => (s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Per secret: each expected secret found (by fingerprint) is a TP; any other finding is a FP. */
function scoreSecrets(results: Map<CorpusCase, Finding[]>): { score: Score; problems: string[] } {
  const score: Score = { tp: 0, fn: 0, fp: 0 };
  const problems: string[] = [];
  for (const [c, findings] of results) {
    const expected = new Set(c.expected.map((e) => sha256(e.secret)));
    const found = new Set(findings.map((f) => f.fingerprint));
    for (const e of c.expected) {
      if (found.has(sha256(e.secret))) score.tp++;
      else {
        score.fn++;
        problems.push(`missed ${e.rule} in "${c.name}"`);
      }
    }
    for (const f of findings) {
      if (!expected.has(f.fingerprint)) {
        score.fp++;
        problems.push(`false positive ${f.rule} at ${f.path}:${f.line}:${f.column} in "${c.name}"`);
      }
    }
  }
  return { score, problems };
}

/** Per case: a positive case is found when anything is reported in its file; a negative one must report nothing. */
function scoreCases(flagged: (c: CorpusCase) => boolean): Score {
  const score: Score = { tp: 0, fn: 0, fp: 0 };
  for (const c of corpus) {
    const hit = flagged(c);
    if (c.expected.length > 0) hit ? score.tp++ : score.fn++;
    else if (hit) score.fp++;
  }
  return score;
}

const summary: string[] = [];

describe(`labelled corpus (seed ${seed}; replay with SECRET_SCAN_SEED=${seed})`, () => {
  const results = new Map<CorpusCase, Finding[]>();
  for (const c of corpus) {
    results.set(
      c,
      typeof c.content === "string"
        ? scanText({ text: c.content, path: c.file })
        : scanText({ bytes: c.content, path: c.file }),
    );
  }

  it("has at least 45 cases: positives of every kind, true negatives and allow markers", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    expect(corpus.filter((c) => c.kind === "positive").length).toBeGreaterThanOrEqual(35);
    expect(corpus.filter((c) => c.kind === "negative").length).toBeGreaterThanOrEqual(10);
    expect(corpus.filter((c) => c.kind === "allowed").length).toBeGreaterThanOrEqual(4);
    expect(new Set(corpus.map((c) => c.file)).size).toBe(corpus.length);
  });

  it("finds every planted secret and nothing else (recall and precision 1.0 per secret)", () => {
    const { score, problems } = scoreSecrets(results);
    summary.push(
      `| ssoenv scan (per secret) | ${score.tp + score.fn} secrets | ${pct(recall(score))} | ${pct(precision(score))} |`,
    );
    expect(problems).toEqual([]);
    expect(recall(score)).toBe(1);
    expect(precision(score)).toBe(1);
  });

  it("flags every positive case and no negative or allowed case (per case)", () => {
    const score = scoreCases((c) => (results.get(c) ?? []).length > 0);
    summary.push(
      `| ssoenv scan (per case) | ${corpus.length} cases | ${pct(recall(score))} | ${pct(precision(score))} |`,
    );
    expect(score.fn).toBe(0);
    expect(score.fp).toBe(0);
  });

  it("reports the same findings when the corpus is read from disk (path mode, UTF-16 bytes included)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ssoenv-corpus-"));
    try {
      writeFiles(dir, Object.fromEntries(corpus.map((c) => [c.file, c.content])));
      const { findings, filesScanned } = await scanFiles({ paths: ["."], cwd: dir });
      expect(filesScanned).toBe(corpus.length);
      const fromText = [...results.values()]
        .flat()
        .map((f) => `${f.path}:${f.line}:${f.column}:${f.fingerprint}`);
      const fromDisk = findings.map((f) => `${f.path}:${f.line}:${f.column}:${f.fingerprint}`);
      expect(fromDisk.sort()).toEqual(fromText.sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives every secret written as is a length whose columns hold exactly it (SARIF's region), and encoded ones none", () => {
    const wrong: string[] = [];
    for (const [c, findings] of results) {
      const text = typeof c.content === "string" ? c.content : scannableText(c.content);
      const lines = text.split("\n");
      for (const f of findings) {
        if (f.encoding) {
          if (f.length !== undefined) wrong.push(`${f.path}:${f.line} encoded, with a length`);
          continue;
        }
        const written = lines[f.line - 1]?.slice(f.column - 1, f.column - 1 + (f.length ?? 0)) ?? "";
        // By hash, as the fingerprint is: a failure names the place, never the secret.
        if (createHash("sha256").update(written).digest("hex") !== f.fingerprint) {
          wrong.push(`${f.path}:${f.line}:${f.column} ${f.rule} length ${f.length}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("never puts a secret in a finding (redacted to 4 characters + …)", () => {
    const secrets = corpus.flatMap((c) => c.expected.map((e) => e.secret));
    const serialized = JSON.stringify([...results.values()]);
    expect(secrets.filter((s) => serialized.includes(s))).toEqual([]);
    for (const f of [...results.values()].flat()) expect(f.redacted).toMatch(/^.{4}…$/u);
  });
});

describe("real code as a negative corpus", () => {
  it("finds nothing in the installed AWS SDK clients (documentation examples, unique IDs in docs)", async () => {
    // Thousands of real files that talk about access keys, secret keys and session tokens.
    // The clients this test package declares (test/package.json), the same ones core uses.
    const requireFromTests = createRequire(import.meta.url);
    const clients = ["@aws-sdk/client-sts", "@aws-sdk/client-sso", "@aws-sdk/client-sso-oidc"].map((name) =>
      dirname(requireFromTests.resolve(`${name}/package.json`)),
    );
    // The credential providers (the SDK's own docs on keys and tokens), as the STS client depends on them.
    const requireFromSts = createRequire(join(clients[0] as string, "package.json"));
    const providers = [
      "@aws-sdk/credential-provider-node",
      "@aws-sdk/credential-provider-ini",
      "@aws-sdk/core",
    ].map((name) => dirname(requireFromSts.resolve(`${name}/package.json`)));
    const paths = [...clients, ...providers];
    const result = await scanFiles({ paths, maxFileBytes: 20 * 1024 * 1024 });
    expect(result.filesScanned).toBeGreaterThan(100);
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual([]);
    summary.push(
      `| ssoenv scan on AWS SDK packages | ${result.filesScanned} real files | n/a | 0 findings |`,
    );
  });
});

const hasGitSecrets = hasProgram("git-secrets");

describe("Debian's git-secrets on the same corpus (baseline for comparison)", () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = createTempRepo();
  });
  afterAll(() => repo?.cleanup());

  it.runIf(requireTool("git-secrets", hasGitSecrets))("scores lower than ssoenv scan", () => {
    expect(repo.git("secrets", "--register-aws").status).toBe(0);
    writeFiles(repo.dir, Object.fromEntries(corpus.map((c) => [c.file, c.content])));
    // One call over every file; its output holds the secrets, so it is parsed, never printed.
    const r = spawnSync("git", ["secrets", "--scan", ...corpus.map((c) => c.file)], {
      cwd: repo.dir,
      env: repo.env,
      encoding: "utf8",
    });
    expect([0, 1]).toContain(r.status);
    const flaggedFiles = new Set<string>();
    for (const line of r.stderr.split("\n")) {
      const m = /^(.+?):\d+:/.exec(line);
      if (m?.[1]) flaggedFiles.add(m[1].replace(/^\.\//, ""));
    }
    const score = scoreCases((c) => flaggedFiles.has(c.file));
    const missed = corpus
      .filter((c) => c.expected.length > 0 && !flaggedFiles.has(c.file))
      .map((c) => c.name);
    const wrong = corpus
      .filter((c) => c.expected.length === 0 && flaggedFiles.has(c.file))
      .map((c) => c.name);
    summary.push(
      `| git-secrets --scan (per case) | ${corpus.length} cases | ${pct(recall(score))} | ${pct(precision(score))} |`,
    );
    console.log(`git-secrets missed ${missed.length} positive cases: ${missed.join("; ")}`);
    console.log(`git-secrets flagged ${wrong.length} negative/allowed cases: ${wrong.join("; ")}`);
    expect(recall(score)).toBeLessThan(1);
  });
});

afterAll(() => {
  console.log(
    [
      "",
      `corpus seed ${seed}`,
      "| scanner | on | recall | precision |",
      "|---|---|---|---|",
      ...summary,
    ].join("\n"),
  );
});
