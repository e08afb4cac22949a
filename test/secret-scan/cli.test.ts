/**
 * `ssoenv scan` and `ssoenv hook` end to end, through the built binary (pnpm test builds first),
 * real git commits through the installed hook, and Debian's pre-commit.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { createKeyFactory } from "./corpus.js";
import {
  createTempRepo,
  hasProgram,
  leakedSecrets,
  repoRoot,
  requireTool,
  runSsoenv,
  ssoenvBin,
  useTempRepo,
} from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();

const ssoenv = (...args: string[]) => runSsoenv(args, { cwd: repo.dir, env: repo.env });
const dotenv = () => {
  const id = keys.keyId("ASIA");
  const secret = keys.secret();
  const token = keys.token();
  return {
    id,
    secret,
    token,
    text: `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\nAWS_SESSION_TOKEN=${token}\n`,
  };
};

describe("ssoenv scan PATH", () => {
  it("outside any repository, scans without running git (it could only fail)", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssoenv-scan-no-repo-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    expect(spawnSync("git", ["rev-parse"], { cwd: dir }).status).not.toBe(0); // really no repository
    // A git first on PATH that logs each call, then runs the real one.
    const log = join(dir, "git-calls.log");
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "bin/git"), `#!/bin/sh\necho "$*" >> '${log}'\nexec /usr/bin/git "$@"\n`);
    chmodSync(join(dir, "bin/git"), 0o755);
    const creds = dotenv();
    mkdirSync(join(dir, "download"));
    writeFileSync(join(dir, "download/.env"), creds.text);
    const { GIT_DIR: _dir, GIT_WORK_TREE: _tree, ...env } = process.env;
    const r = runSsoenv(["scan", "download"], {
      cwd: dir,
      env: { ...env, PATH: `${join(dir, "bin")}:${env.PATH}` },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("download/.env:1:19 aws-access-key-id ASIA…");
    expect(existsSync(log) ? readFileSync(log, "utf8") : "").toBe("");
  });

  it("in a repository, leaves out what git ignores (one git process), says so; named files and --include-ignored scan it", () => {
    const log = join(repo.dir, "..", "git-calls.log");
    mkdirSync(join(repo.dir, "..", "bin"));
    writeFileSync(join(repo.dir, "../bin/git"), `#!/bin/sh\necho "$*" >> '${log}'\nexec /usr/bin/git "$@"\n`);
    chmodSync(join(repo.dir, "../bin/git"), 0o755);
    const env = { ...repo.env, PATH: `${join(repo.dir, "../bin")}:${repo.env.PATH}` };
    const scan = (...args: string[]) => runSsoenv(["scan", ...args], { cwd: repo.dir, env });
    const paths = (r: { stdout: string }) => [
      ...new Set(
        r.stdout
          .split("\n")
          .filter(Boolean)
          .map((l) => l.split(":")[0]),
      ),
    ];

    repo.write(".gitignore", ".env\nbuild/\n*.log\nreports/\n");
    repo.write(".env", dotenv().text); // as ssoenv refresh writes it
    repo.write("build/out.txt", dotenv().text);
    repo.write("logs/kept.log", dotenv().text);
    repo.git("add", "-f", "logs/kept.log"); // tracked: committed whatever .gitignore says
    repo.write("new.env", dotenv().text); // untracked, not ignored: the next `git add .` takes it
    repo.write("reports/q1.txt", dotenv().text);
    repo.write("src/app.ts", "export const region = 'eu-west-1';\n");

    const r = scan(".");
    expect(r.status).toBe(1);
    expect(paths(r)).toEqual(["logs/kept.log", "new.env"]);
    expect(r.stderr).toContain(
      "ssoenv scan: skipped 3 git-ignored file(s) or folder(s): .env, build/, reports/; add --include-ignored to scan them",
    );
    // The walk's one git process; besides, with keys found, the hint asks git whether new.env is
    // tracked or ignored (a .env file git would commit gets a line about .gitignore).
    expect(
      readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => !line.includes("rev-parse")),
    ).toEqual([
      "ls-files -z --others --ignored --exclude-standard --directory",
      "ls-files -z -- ./new.env",
      "check-ignore --no-index -z --stdin",
      "",
    ]);
    expect(r.stderr).toContain("- a .env file stays out of git: list new.env in .gitignore");

    // A file named is scanned, ignored or not; so is a folder named that git ignores as a whole.
    expect(paths(scan(".env", "reports"))).toEqual([".env", "reports/q1.txt"]);
    // A folder named that holds only ignored files is not ignored itself: what it holds is left out.
    repo.write("apps/api/.env", dotenv().text);
    const apps = scan("apps");
    expect(apps.status).toBe(0);
    expect(apps.stderr).toContain(
      "skipped 1 git-ignored file(s) or folder(s): apps/api/; add --include-ignored",
    );
    const all = scan("--include-ignored", ".");
    expect(paths(all)).toEqual([
      ".env",
      "apps/api/.env",
      "build/out.txt",
      "logs/kept.log",
      "new.env",
      "reports/q1.txt",
    ]);
    // Nothing skipped to tell of; the hint's accept command repeats the walk it made.
    expect(all.stderr).not.toContain("skipped");
    expect(all.stderr).toContain("`ssoenv scan --write-baseline --include-ignored -- .`");
  });

  it("prints file:line:col rule redacted, exits 1, and never prints a secret", () => {
    const creds = dotenv();
    repo.write("apps/api/.env", creds.text);
    const r = ssoenv("scan", "apps");
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      "apps/api/.env:1:19 aws-access-key-id ASIA…",
      `apps/api/.env:2:23 aws-secret-access-key ${creds.secret.slice(0, 4)}…`,
      `apps/api/.env:3:19 aws-session-token ${creds.token.slice(0, 4)}…`,
    ]);
    expect(r.stderr).toContain("3 plaintext AWS credential(s) in 1 file(s)");
    expect(leakedSecrets([creds.id, creds.secret, creds.token], r.stdout, r.stderr)).toEqual([]);
  });

  it("scans a large folder with every finding, in path order", () => {
    const planted: string[] = [];
    for (let i = 0; i < 150; i++) {
      const name = `many/f${String(i).padStart(3, "0")}.env`;
      if (i % 30 === 7) {
        const id = keys.keyId("AKIA");
        planted.push(id);
        repo.write(name, `# file ${i}\nLOG_LEVEL=debug\nAWS_ACCESS_KEY_ID=${id}\n`);
      } else {
        repo.write(name, `# file ${i}\nLOG_LEVEL=debug\nREGION=eu-west-1\n`);
      }
    }
    repo.write("many/blob.bin", Buffer.from([0, 1, 2, 3, 0, 0, 255, 254]));
    const r = runSsoenv(["scan", "many", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout) as Array<{ path: string; line: number; rule: string }>;
    expect(findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(
      [7, 37, 67, 97, 127].map((i) => `many/f${String(i).padStart(3, "0")}.env:3 aws-access-key-id`),
    );
    expect(leakedSecrets(planted, r.stdout, r.stderr)).toEqual([]);
  });

  it("exits 0 and prints nothing on stdout for a clean tree; skips node_modules and .git", () => {
    repo.write("src/index.ts", "export const region = 'eu-west-1';\n");
    repo.write("node_modules/pkg/creds.env", dotenv().text);
    repo.write(".git/leftover.env", dotenv().text);
    const r = ssoenv("scan");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("writes JSON and SARIF 2.1.0", () => {
    const creds = dotenv();
    repo.write("creds.env", creds.text);
    const json = ssoenv("scan", "--format", "json", "creds.env");
    expect(json.status).toBe(1);
    const findings = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(findings).toHaveLength(3);
    expect(findings[0]).toMatchObject({ rule: "aws-access-key-id", path: "creds.env", line: 1, column: 19 });
    expect(findings[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    const sarif = ssoenv("scan", "--format", "sarif", "creds.env");
    expect(sarif.status).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].tool.driver.name).toBe("ssoenv-scan");
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      "aws-access-key-id",
      "aws-secret-access-key",
      "aws-session-token",
    ]);
    expect(log.runs[0].results[1]).toMatchObject({
      ruleId: "aws-secret-access-key",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "creds.env" },
            // GitHub code scanning lists the region's end as required: the secret's 40 characters.
            region: { startLine: 2, startColumn: 23, endLine: 2, endColumn: 63 },
          },
        },
      ],
    });
    expect(leakedSecrets([creds.id, creds.secret, creds.token], json.stdout, sarif.stdout)).toEqual([]);
  });

  it("gives SARIF what GitHub code scanning reads: each rule's full description and security severity, files from the repository root", () => {
    repo.write("apps/api/.env", dotenv().text);
    // CI may scan one folder from inside it; GitHub reads a relative URI from the repository root.
    const r = runSsoenv(["scan", "--format", "sarif", "."], { cwd: join(repo.dir, "apps"), env: repo.env });
    expect(r.status).toBe(1);
    const run = JSON.parse(r.stdout).runs[0];
    for (const rule of run.tool.driver.rules) {
      expect(rule.fullDescription.text.length).toBeGreaterThan(rule.shortDescription.text.length);
      expect(rule.properties.tags).toContain("security");
      expect(Number(rule.properties["security-severity"])).toBeGreaterThan(0);
    }
    expect(
      run.results.map(
        (x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
          x.locations[0]?.physicalLocation.artifactLocation.uri,
      ),
    ).toEqual(["apps/api/.env", "apps/api/.env", "apps/api/.env"]);
    // The text report still names files from where the user stands.
    const text = runSsoenv(["scan", "."], { cwd: join(repo.dir, "apps"), env: repo.env });
    expect(text.stdout).toMatch(/^api\/\.env:1:19 /);
  });

  it("takes --json as other commands do (--format json), and refuses it with another --format", () => {
    repo.write("creds.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const json = ssoenv("scan", "--json", "creds.env");
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject([{ rule: "aws-access-key-id", path: "creds.env" }]);
    const both = ssoenv("scan", "--json", "--format", "sarif", "creds.env");
    expect(both.status).toBe(2);
    expect(both.stderr.split("\n")[0]).toBe("ssoenv: --json and --format sarif ask for two formats");
  });

  it("gives SARIF a URI that names the file even when its name holds #, ? or a space", () => {
    repo.write("odd/a#b?c d.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const sarif = ssoenv("scan", "--format", "sarif", "odd");
    expect(sarif.status).toBe(1);
    const uri = JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation
      .uri;
    expect(uri).toBe("odd/a%23b%3Fc%20d.env");
    expect(decodeURIComponent(new URL(uri, "file:///repo/").pathname)).toBe("/repo/odd/a#b?c d.env");
  });

  it("exits 2 with a one-line error naming a bad flag or an unreadable path", () => {
    const badFormat = ssoenv("scan", "--format", "xml", ".");
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toMatch(/--format.*xml/);
    const unknown = ssoenv("scan", "--nope");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("--nope");
    const missing = ssoenv("scan", "no/such/file.env");
    expect(missing.status).toBe(2);
    expect(missing.stderr.split("\n")[0]).toBe("ssoenv: cannot read no/such/file.env (ENOENT)");
    const badSize = ssoenv("scan", "--max-file-size", "lots", ".");
    expect(badSize.status).toBe(2);
    expect(badSize.stderr).toContain("--max-file-size");
  });

  it("exits 2 on a missing path after a large folder", () => {
    for (let i = 0; i < 100; i++) repo.write(`many/f${i}.txt`, `line ${i}\n`);
    const r = ssoenv("scan", "many", "no/such/dir");
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("ssoenv: cannot read no/such/dir (ENOENT)");
  });

  it("honours the allow markers", () => {
    repo.write("allowed.env", `AWS_ACCESS_KEY_ID=${keys.keyId()} # ssoenv:allow\n`);
    repo.write("allowed.py", `key = "${keys.keyId()}"  # pragma: allowlist secret\n`);
    repo.write("allowed.ts", `const k = "${keys.keyId()}"; // gitleaks:allow\n`);
    expect(ssoenv("scan").status).toBe(0);
  });

  it("--write-baseline accepts today's secrets (by hash, not line); new ones still fail", () => {
    const creds = dotenv();
    repo.write("legacy.env", creds.text);
    const write = ssoenv("scan", "--write-baseline");
    expect(write.status).toBe(0);
    expect(write.stderr).toContain("wrote 3 accepted secret(s) to .ssoenv-scan-baseline.json");
    const baselineText = readFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), "utf8");
    expect(leakedSecrets([creds.id, creds.secret, creds.token], baselineText)).toEqual([]);
    // Moved to another file and line: still accepted.
    repo.write("legacy.env", "");
    repo.write("moved/here.env", `\n\n${creds.text}`);
    expect(ssoenv("scan").status).toBe(0);
    repo.write("moved/new.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    const again = ssoenv("scan");
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/^moved\/new\.env:1:19 aws-access-key-id/);
    // An explicit baseline that does not exist is an error, not an empty baseline.
    expect(ssoenv("scan", "--baseline", "missing.json").status).toBe(2);
  });

  it("--write-baseline writes with ssoenv's atomic writer: a new file is 0644, a symlinked one keeps its link", () => {
    repo.write("legacy.env", dotenv().text);
    expect(ssoenv("scan", "--write-baseline").status).toBe(0);
    expect(statSync(join(repo.dir, ".ssoenv-scan-baseline.json")).mode & 0o777).toBe(0o644);
    // A baseline kept elsewhere and linked in: the target is rewritten, the link stays.
    mkdirSync(join(repo.dir, "shared"));
    writeFileSync(join(repo.dir, "shared/baseline.json"), '{ "version": 1, "secrets": {} }\n', {
      mode: 0o640,
    });
    symlinkSync("shared/baseline.json", join(repo.dir, "linked.json"));
    expect(ssoenv("scan", "--write-baseline", "--baseline", "linked.json").status).toBe(0);
    expect(lstatSync(join(repo.dir, "linked.json")).isSymbolicLink()).toBe(true);
    expect(statSync(join(repo.dir, "shared/baseline.json")).mode & 0o777).toBe(0o640);
    expect(
      Object.keys(JSON.parse(readFileSync(join(repo.dir, "shared/baseline.json"), "utf8")).secrets),
    ).toHaveLength(3);
  });

  it("does not load the AWS SDK, and other commands do not load the scanner", () => {
    // A module resolve hook records every ES module the process loads, and a preload, at exit, every
    // CommonJS file (the built entry and the scan command's bundle are CommonJS).
    const hooks = join(repo.dir, "..", "trace-hooks.mjs");
    const register = join(repo.dir, "..", "trace-register.mjs");
    const traceFile = join(repo.dir, "..", "trace.txt");
    writeFileSync(
      hooks,
      `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(traceFile)}, result.url + "\\n");
  return result;
}
`,
    );
    writeFileSync(
      register,
      `import { register } from "node:module";\nregister(${JSON.stringify(`file://${hooks}`)});\n`,
    );
    const preload = join(repo.dir, "..", "trace-cjs.cjs");
    writeFileSync(
      preload,
      `const { appendFileSync } = require("node:fs");
const { pathToFileURL } = require("node:url");
process.on("exit", () => {
  const files = Object.keys(require.cache).map((file) => pathToFileURL(file).href);
  appendFileSync(${JSON.stringify(traceFile)}, files.join("\\n") + "\\n");
});
`,
    );
    const traced = (...args: string[]) => {
      writeFileSync(traceFile, "");
      runSsoenv(args, {
        cwd: repo.dir,
        env: repo.env,
        nodeArgs: ["--import", register, "--require", preload],
      });
      return readFileSync(traceFile, "utf8").split("\n").filter(Boolean);
    };
    repo.write(".env", dotenv().text);
    const scanModules = traced("scan", ".");
    // The scanner is loaded: as its package, or inlined in the scan's bundle (dist/scan.cjs).
    const scanner = (url: string) => url.includes("/secret-scan/") || url.endsWith("/cli/dist/scan.cjs");
    expect(scanModules.some(scanner)).toBe(true); // the trace works
    expect(scanModules.filter((url) => url.includes("@aws-sdk"))).toEqual([]);
    // `ssoenv scan` loads neither @ssoenv/core, nor the other commands, nor commander's program; only
    // core's light text cleaner (two small modules, no SDK), through which every printed error goes.
    const lightCore = (url: string) =>
      /\/core\/(dist|src)\/aws\/(clean-server-text|secret-registry)\.[jt]s$/.test(url);
    const notForScan = (url: string) =>
      (url.includes("/core/") && !lightCore(url)) ||
      /\/commands\/(?!scan\.js)/.test(url) ||
      url.endsWith("/create-program.js");
    expect(scanModules.filter(notForScan)).toEqual([]);
    const helpModules = traced("--version");
    expect(helpModules.filter(scanner)).toEqual([]);
  });
});

describe("ssoenv scan --staged", () => {
  it("reports staged keys with repository-relative paths from a subfolder, exit 1; clean index exit 0", () => {
    repo.write("sub/dir/.env", dotenv().text);
    expect(runSsoenv(["scan", "--staged"], { cwd: join(repo.dir, "sub"), env: repo.env }).status).toBe(0);
    repo.git("add", "-f", "sub/dir/.env");
    const r = runSsoenv(["scan", "--staged"], { cwd: join(repo.dir, "sub"), env: repo.env });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^sub\/dir\/\.env:1:19 aws-access-key-id ASIA…$/m);
    expect(r.stderr).toContain("staged for commit");
  });

  // They choose what a walk of the folders given takes in; --staged reads the index, where an ignored
  // file is only one added with `git add -f`, and scanned as such.
  it.each(["--include-ignored", "--include-node-modules"])(
    "refuses %s, which does nothing to what is staged: exit 2, one line naming both flags",
    (flag) => {
      repo.write("app.env", dotenv().text);
      repo.git("add", "-f", "app.env");
      const r = runSsoenv(["scan", "--staged", flag], { cwd: repo.dir, env: repo.env });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `ssoenv: ${flag} does nothing with --staged, which scans every staged file (in node_modules or git-ignored and added with git add -f too)`,
        `hint: drop ${flag}, or scan the work tree with it: ssoenv scan ${flag} .`,
      ]);
    },
  );

  it("scans a staged file named with bytes that are not UTF-8 when its name is given (lefthook's {staged_files})", () => {
    const { id, text } = dotenv();
    // lat\xe9.env: Latin-1 "é". Node.js reads such an argument as "lat\uFFFD.env", which names no file.
    writeFileSync(
      Buffer.concat([Buffer.from(`${repo.dir}/lat`), Buffer.from([0xe9]), Buffer.from(".env")]),
      text,
    );
    repo.git("add", "-A");
    const r = spawnSync(
      "sh",
      ["-c", 'exec "$0" -- "$1" scan --staged -- "$(printf \'lat\\351.env\')"', process.execPath, ssoenvBin],
      { cwd: repo.dir, env: repo.env, encoding: "utf8" },
    );
    expect(r.stderr).toContain("1 file(s) staged for commit");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^"lat\\351\.env":1:19 aws-access-key-id ASIA…$/m);
    expect(leakedSecrets([id], r.stdout, r.stderr)).toEqual([]);
  });

  it("a path that names no file git knows: exit 2 naming it, as `git commit -- PATH` refuses it", () => {
    // A typo, or a new file not added yet: it used to exit 0, silent, as if it were clean.
    repo.write("app.env", dotenv().text);
    repo.write("committed.txt", "hello\n");
    repo.write("gone.txt", "bye\n");
    repo.git("add", "committed.txt", "gone.txt");
    repo.git("commit", "-q", "--no-verify", "-m", "one");
    repo.git("rm", "-q", "--cached", "gone.txt");
    const r = runSsoenv(["scan", "--staged", "--", "committed.txt", "app.env", "gone.txt"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: --staged: app.env names no file in the index or the last commit",
      "hint: stage it first (git add -- PATH), or scan it in the work tree: ssoenv scan PATH",
    ]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    // Names git knows, staged or not (unchanged, deleted in this commit, a folder), scan clean.
    const known = runSsoenv(["scan", "--staged", "--", "committed.txt", "gone.txt", "."], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(known.stderr).toBe("");
    expect(known.status).toBe(0);
    // A new repository, no commit yet: the index alone.
    const fresh = createTempRepo();
    try {
      fresh.write("a.txt", "hello\n");
      fresh.git("add", "a.txt");
      const first = runSsoenv(["scan", "--staged", "--", "a.txt"], { cwd: fresh.dir, env: fresh.env });
      expect([first.status, first.stderr]).toEqual([0, ""]);
      const typo = runSsoenv(["scan", "--staged", "--", "a.txt", "b.txt", "c.txt"], {
        cwd: fresh.dir,
        env: fresh.env,
      });
      expect(typo.stderr.split("\n")[0]).toBe(
        "ssoenv: --staged: b.txt (and 1 more) names no file in the index or the last commit",
      );
      expect(typo.status).toBe(2);
    } finally {
      fresh.cleanup();
    }
  });

  it("exits 2 outside a git repository", () => {
    const outside = createTempRepo(false);
    try {
      const r = runSsoenv(["scan", "--staged"], { cwd: outside.dir, env: outside.env });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("not inside a git");
    } finally {
      outside.cleanup();
    }
  });
});

describe("ssoenv hook outside a git repository", () => {
  it.each([
    ["install", "in the repository to protect"],
    ["uninstall", "in the repository whose hook to remove"],
  ])("hook %s: exit 2, the hint names that same subcommand", (subcommand, where) => {
    const outside = createTempRepo(false);
    try {
      const r = runSsoenv(["hook", subcommand], { cwd: outside.dir, env: outside.env });
      expect(r.status).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `ssoenv: ${outside.dir} is not inside a git repository`,
        `hint: run \`ssoenv hook ${subcommand}\` ${where}`,
      ]);
    } finally {
      outside.cleanup();
    }
  });
});

describe("ssoenv hook install", () => {
  const hooksDir = () => join(repo.dir, ".git", "hooks");
  const commit = (...args: string[]) => repo.git("commit", "-q", "-m", "test", ...args);

  it("blocks a commit that adds a key, lets a clean one through", () => {
    expect(ssoenv("hook", "install").status).toBe(0);
    const hook = join(hooksDir(), "pre-commit");
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    // Through the entry every `ssoenv` command goes through (bin/ssoenv.cjs), no file of its own.
    expect(readFileSync(hook, "utf8")).toContain(
      `\nssoenv_bin='${join(repoRoot, "packages/cli/bin/ssoenv.cjs")}'\n`,
    );
    expect(readFileSync(hook, "utf8")).toContain('"$ssoenv_bin" scan --staged\n');
    repo.write("README.md", "hello\n");
    repo.git("add", "README.md");
    expect(commit().status).toBe(0);
    const creds = dotenv();
    repo.write("app.env", creds.text);
    repo.git("add", "-f", "app.env");
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain("app.env:1:19 aws-access-key-id");
    expect(leakedSecrets([creds.id, creds.secret, creds.token], blocked.stdout, blocked.stderr)).toEqual([]);
    expect(repo.git("log", "--oneline").stdout.trim().split("\n")).toHaveLength(1);
  });

  it("runs the scan without NODE_EXTRA_CA_CERTS (Node.js 20 would parse that file on every commit)", () => {
    expect(ssoenv("hook", "install").status).toBe(0);
    repo.write("README.md", "hello\n");
    repo.git("add", "README.md");
    // A CA file that cannot be read: Node.js warns at start-up if it tries.
    const r = spawnSync("git", ["commit", "-q", "-m", "clean"], {
      cwd: repo.dir,
      env: { ...repo.env, NODE_EXTRA_CA_CERTS: join(repo.dir, "missing-ca.pem") },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain("extra certs");
    expect(repo.git("log", "--oneline").stdout.trim().split("\n")).toHaveLength(1);
  });

  it("blocks every commit, clean or not, when the ssoenv it was installed from is gone", () => {
    expect(ssoenv("hook", "install").status).toBe(0);
    const hook = join(hooksDir(), "pre-commit");
    const installed = readFileSync(hook, "utf8");
    writeFileSync(
      hook,
      installed
        .replace(/^ssoenv_node=.*$/m, "ssoenv_node=/nonexistent/node")
        .replace(/^ssoenv_bin=.*$/m, "ssoenv_bin=/nonexistent/ssoenv.cjs"),
    );
    repo.write("src/app.ts", "const secret = process.env.DB_PASSWORD; // read at run time\n");
    repo.git("add", "src/app.ts");
    const blocked = spawnSync("git", ["commit", "-q", "-m", "clean"], {
      cwd: repo.dir,
      env: { ...repo.env, PATH: "/usr/bin:/bin" },
      encoding: "utf8",
    });
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain("ssoenv is not installed");
    expect(repo.git("log", "--oneline").stdout.trim()).toBe("");
  });

  it("scans what `git commit -a` and `git commit <path>` commit (their temporary index)", () => {
    repo.write("tracked.txt", "v1\n");
    repo.write("other.txt", "v1\n");
    repo.git("add", "-A");
    expect(commit().status).toBe(0);
    expect(ssoenv("hook", "install").status).toBe(0);

    // -a: the key is only in the work tree, the real index is clean.
    repo.write("tracked.txt", `v2 ${keys.keyId()}\n`);
    expect(commit("-a").status).not.toBe(0);
    // <path>: a key staged in another file is not part of `git commit other.txt`.
    repo.git("add", "tracked.txt");
    repo.write("other.txt", "v2\n");
    expect(commit("other.txt").status).toBe(0);
    // ...and `git commit tracked.txt` is blocked.
    expect(commit("tracked.txt").status).not.toBe(0);
  });

  it("lets `git commit --amend` through when nothing new is staged", () => {
    repo.write("old.env", dotenv().text);
    repo.git("add", "-f", "old.env");
    expect(commit("--no-verify").status).toBe(0); // already in history
    expect(ssoenv("hook", "install").status).toBe(0);
    expect(repo.git("commit", "-q", "--amend", "-m", "reworded").status).toBe(0);
  });

  it("chains an existing hook (kept as pre-commit.local, runs first) and uninstall restores it", () => {
    mkdirSync(hooksDir(), { recursive: true });
    const previous =
      '#!/bin/sh\necho ran >> "$(git rev-parse --git-dir)/previous-hook-ran"\n[ -n "$PREVIOUS_HOOK_EXIT" ] && exit "$PREVIOUS_HOOK_EXIT"\nexit 0\n';
    writeFileSync(join(hooksDir(), "pre-commit"), previous);
    chmodSync(join(hooksDir(), "pre-commit"), 0o755);

    expect(ssoenv("hook", "install").status).toBe(0);
    expect(readFileSync(join(hooksDir(), "pre-commit.local"), "utf8")).toBe(previous);
    const installed = readFileSync(join(hooksDir(), "pre-commit"), "utf8");
    // Idempotent: a second install changes nothing and does not chain itself.
    const second = ssoenv("hook", "install");
    expect(second.status).toBe(0);
    expect(second.stderr).toContain("installed already");
    expect(readFileSync(join(hooksDir(), "pre-commit"), "utf8")).toBe(installed);
    expect(readFileSync(join(hooksDir(), "pre-commit.local"), "utf8")).toBe(previous);

    repo.write("a.txt", "a\n");
    repo.git("add", "a.txt");
    expect(commit().status).toBe(0);
    expect(existsSync(join(repo.dir, ".git", "previous-hook-ran"))).toBe(true);
    // The previous hook's failure still blocks the commit.
    repo.write("b.txt", "b\n");
    repo.git("add", "b.txt");
    expect(commit().status).toBe(0);
    const failing = spawnSync("git", ["commit", "-q", "--allow-empty", "-m", "y"], {
      cwd: repo.dir,
      env: { ...repo.env, PREVIOUS_HOOK_EXIT: "3" },
    });
    expect(failing.status).not.toBe(0);

    expect(ssoenv("hook", "uninstall").status).toBe(0);
    expect(readFileSync(join(hooksDir(), "pre-commit"), "utf8")).toBe(previous);
    expect(existsSync(join(hooksDir(), "pre-commit.local"))).toBe(false);
  });

  it("refuses to overwrite pre-commit.local without --force; --force keeps the hook that ran running first and sets the dormant .local aside", () => {
    mkdirSync(hooksDir(), { recursive: true });
    const current = '#!/bin/sh\necho "current hook ran" >&2\n';
    const dormant = '#!/bin/sh\necho "dormant hook ran" >&2\n';
    writeFileSync(join(hooksDir(), "pre-commit"), current, { mode: 0o755 });
    writeFileSync(join(hooksDir(), "pre-commit.local"), dormant, { mode: 0o755 });
    const refused = ssoenv("hook", "install");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("pre-commit.local");
    const forced = ssoenv("hook", "install", "--force");
    expect(forced.status).toBe(0);
    expect(forced.stderr).toContain("pre-commit.ssoenv-backup");
    // git never ran pre-commit.local: it stays out of the way; the hook git ran still runs.
    expect(readFileSync(join(hooksDir(), "pre-commit.ssoenv-backup"), "utf8")).toBe(dormant);
    repo.write("README.md", "hello\n");
    repo.git("add", "README.md");
    const during = commit();
    expect(during.status).toBe(0);
    expect(during.stderr).toContain("current hook ran");
    expect(during.stderr).not.toContain("dormant hook ran");
    // Uninstall puts back exactly the hook that ran before.
    expect(ssoenv("hook", "uninstall").status).toBe(0);
    expect(readFileSync(join(hooksDir(), "pre-commit"), "utf8")).toBe(current);
  });

  it("--force never replaces an earlier backup: the next one gets a number", () => {
    mkdirSync(hooksDir(), { recursive: true });
    writeFileSync(join(hooksDir(), "pre-commit"), "#!/bin/sh\necho current\n", { mode: 0o755 });
    writeFileSync(join(hooksDir(), "pre-commit.local"), "#!/bin/sh\necho dormant\n", { mode: 0o755 });
    writeFileSync(join(hooksDir(), "pre-commit.ssoenv-backup"), "#!/bin/sh\necho earlier\n", { mode: 0o755 });
    const r = ssoenv("hook", "install", "--force");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("Kept pre-commit.local, which git does not run, as");
    expect(readFileSync(join(hooksDir(), "pre-commit.ssoenv-backup"), "utf8")).toBe(
      "#!/bin/sh\necho earlier\n",
    );
    expect(readFileSync(join(hooksDir(), "pre-commit.ssoenv-backup.2"), "utf8")).toBe(
      "#!/bin/sh\necho dormant\n",
    );
    expect(readFileSync(join(hooksDir(), "pre-commit.local"), "utf8")).toBe("#!/bin/sh\necho current\n");
  });

  it("installs into core.hooksPath when it is set", () => {
    repo.git("config", "core.hooksPath", ".githooks");
    expect(ssoenv("hook", "install").status).toBe(0);
    expect(existsSync(join(repo.dir, ".githooks", "pre-commit"))).toBe(true);
    expect(existsSync(join(hooksDir(), "pre-commit"))).toBe(false);
    repo.write("k.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.git("add", "-f", "k.env");
    expect(commit().status).not.toBe(0);
  });

  it("says what it did as other commands' success lines do, not with the error prefix `ssoenv:`", () => {
    const lines = (r: { status: number | null; stderr: string }) => {
      expect(r.status).toBe(0);
      return r.stderr.trim().split("\n");
    };
    const preCommit = join(hooksDir(), "pre-commit");
    const preMerge = join(hooksDir(), "pre-merge-commit");
    expect(lines(ssoenv("hook", "install"))).toEqual([
      `Installed the pre-commit hook at ${preCommit} (runs \`ssoenv scan --staged\`)`,
      `Installed the pre-merge-commit hook at ${preMerge} (runs \`ssoenv scan --staged\` on merges)`,
    ]);
    expect(lines(ssoenv("hook", "install"))).toEqual([
      `The pre-commit hook is installed already at ${preCommit}`,
      `The pre-merge-commit hook is installed already at ${preMerge}`,
    ]);
    expect(lines(ssoenv("hook", "uninstall"))).toEqual([`Removed ${preCommit}`, `Removed ${preMerge}`]);
    expect(lines(ssoenv("hook", "uninstall"))).toEqual([
      `No ssoenv hook in ${hooksDir()}: nothing to remove`,
    ]);
  });

  it("uninstall without an ssoenv hook changes nothing", () => {
    const r = ssoenv("hook", "uninstall");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("nothing to remove");
  });
});

describe("pre-commit framework (Debian's pre-commit, offline)", () => {
  const present = requireTool("pre-commit", hasProgram("pre-commit"));
  // `language: system` runs `ssoenv` from PATH: a shim points it at the built binary.
  const withShim = () => {
    const bin = join(repo.dir, "..", "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, "ssoenv"),
      `#!/bin/sh\nexec "${process.execPath}" -- "${join(repoRoot, "packages/cli/bin/ssoenv.cjs")}" "$@"\n`,
      {
        mode: 0o755,
      },
    );
    return {
      ...repo.env,
      PATH: `${bin}:${process.env.PATH}`,
      PRE_COMMIT_HOME: join(repo.dir, "..", "pre-commit-home"),
    };
  };

  it.runIf(present)("the root .pre-commit-hooks.yaml is the plugin's, and valid", () => {
    const root = readFileSync(join(repoRoot, ".pre-commit-hooks.yaml"), "utf8");
    expect(root).toBe(readFileSync(join(repoRoot, "plugins/pre-commit/.pre-commit-hooks.yaml"), "utf8"));
    const r = spawnSync("pre-commit", ["validate-manifest", join(repoRoot, ".pre-commit-hooks.yaml")], {
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
  });

  /** The plugin's hook definitions, used as a local repo (no clone, no network). */
  const writeLocalConfig = () => {
    const manifest = readFileSync(join(repoRoot, "plugins/pre-commit/.pre-commit-hooks.yaml"), "utf8");
    const hooks = manifest
      .split("\n")
      .filter((l) => !l.startsWith("#"))
      .map((l) => (l ? `    ${l}` : l))
      .join("\n");
    repo.write(".pre-commit-config.yaml", `repos:\n  - repo: local\n    hooks:\n${hooks}\n`);
    repo.git("add", ".pre-commit-config.yaml");
  };

  it.runIf(present)("blocks a commit through a `repo: local` hook and passes a clean one", () => {
    const env = withShim();
    writeLocalConfig();
    const install = spawnSync("pre-commit", ["install"], { cwd: repo.dir, env, encoding: "utf8" });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expect(spawnSync("git", ["commit", "-q", "-m", "config"], { cwd: repo.dir, env }).status).toBe(0);

    const creds = dotenv();
    repo.write("leak.env", creds.text);
    repo.git("add", "-f", "leak.env");
    const blocked = spawnSync("git", ["commit", "-m", "leak"], { cwd: repo.dir, env, encoding: "utf8" });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toMatch(/ssoenv scan \(plaintext AWS keys\).*Failed/);
    expect(blocked.stdout + blocked.stderr).toContain("leak.env:1:19 aws-access-key-id");
    expect(leakedSecrets([creds.id, creds.secret, creds.token], blocked.stdout, blocked.stderr)).toEqual([]);

    repo.git("rm", "-q", "--cached", "leak.env");
    repo.write("ok.txt", "fine\n");
    repo.git("add", "ok.txt");
    const ok = spawnSync("git", ["commit", "-m", "ok"], { cwd: repo.dir, env, encoding: "utf8" });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
  });

  it.runIf(present)(
    "ssoenv-scan refusing a commit made in a subfolder names files from there, and its commands work there",
    () => {
      const env = withShim();
      writeLocalConfig();
      expect(spawnSync("pre-commit", ["install"], { cwd: repo.dir, env }).status).toBe(0);
      expect(spawnSync("git", ["commit", "-q", "-m", "config"], { cwd: repo.dir, env }).status).toBe(0);
      repo.write("sub/.env.local", dotenv().text);
      repo.git("add", "-f", "sub/.env.local");
      const sub = join(repo.dir, "sub");
      // git runs the hook (and pre-commit its hooks) at the root: ssoenv sees sub/.env.local.
      const blocked = spawnSync("git", ["commit", "-m", "leak"], { cwd: sub, env, encoding: "utf8" });
      expect(blocked.status).not.toBe(0);
      const out = blocked.stdout + blocked.stderr;
      const untrack = /`(git rm --cached [^`]+)`/.exec(out)?.[1] as string;
      const accept = /`(ssoenv scan --write-baseline [^`]+)`/.exec(out)?.[1] as string;
      expect([untrack, accept]).toEqual([
        "git rm --cached -- .env.local",
        "ssoenv scan --write-baseline -- .env.local",
      ]);
      expect(spawnSync("sh", ["-c", accept], { cwd: sub, env }).status).toBe(0);
      expect(spawnSync("sh", ["-c", untrack], { cwd: sub, env }).status).toBe(0);
      expect(repo.git("ls-files", "sub").stdout).toBe("");
    },
  );

  it.runIf(present)(
    "a staged file named like an option (--help, --write-baseline, -x) is scanned as a file by both hooks",
    () => {
      const env = withShim();
      writeLocalConfig();
      const creds = dotenv();
      for (const name of ["--help", "--write-baseline", "-x"]) {
        repo.write(name, creds.text);
        repo.git("add", "-f", "--", name);
        for (const hook of ["ssoenv-scan", "ssoenv-scan-staged"]) {
          const r = spawnSync("pre-commit", ["run", hook], { cwd: repo.dir, env, encoding: "utf8" });
          expect(r.status, `${hook} on ${name}: ${r.stdout}`).toBe(1);
          expect(r.stdout).toContain(`${name}:1:19 aws-access-key-id ASIA…`);
          expect(leakedSecrets([creds.id, creds.secret, creds.token], r.stdout, r.stderr)).toEqual([]);
        }
        repo.git("rm", "-q", "--cached", "--", name);
      }
      // Read as an option, --write-baseline had accepted every key under the work tree.
      expect(existsSync(join(repo.dir, ".ssoenv-scan-baseline.json"))).toBe(false);
      // An option after `--` (a hook's `args:`) is a file that does not exist: the error says where options go.
      const misplaced = ssoenv("scan", "--", "--format", "json");
      expect(misplaced.status).toBe(2);
      expect(misplaced.stderr).toContain("cannot read --format (ENOENT)");
      expect(misplaced.stderr).toContain("options go before `--`");
    },
  );

  it.runIf(present)(
    "ssoenv-scan over many files gives one result: one summary, every finding, in path order",
    () => {
      const env = withShim();
      writeLocalConfig();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        ids.push(keys.keyId("AKIA"));
        repo.write(`f${String(i).padStart(2, "0")}.env`, `AWS_ACCESS_KEY_ID=${ids[i]}\n`);
      }
      repo.git("add", "-f", ".");
      // Without require_serial, pre-commit splits the files among as many processes as the machine has
      // CPUs (at least 4 files each): each printed its own summary and hint for its share.
      const r = spawnSync("pre-commit", ["run", "ssoenv-scan"], { cwd: repo.dir, env, encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(r.stdout.match(/plaintext AWS credential/g)).toEqual(["plaintext AWS credential"]);
      expect(r.stdout).toContain("ssoenv: 12 plaintext AWS credential(s) in 12 file(s)");
      const found = r.stdout.split("\n").filter((line) => line.includes("aws-access-key-id"));
      expect(found).toEqual(
        ids.map((_, i) => `f${String(i).padStart(2, "0")}.env:1:19 aws-access-key-id AKIA…`),
      );
      expect(leakedSecrets(ids, r.stdout, r.stderr)).toEqual([]);
    },
  );

  it.runIf(present)("`pre-commit try-repo` runs the hook from this repository's root manifest", () => {
    const env = withShim();
    repo.write("leak.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.write("ok.txt", "fine\n");
    repo.git("add", "-f", "leak.env", "ok.txt");
    const r = spawnSync(
      "pre-commit",
      ["try-repo", repoRoot, "ssoenv-scan", "--files", "leak.env", "ok.txt"],
      {
        cwd: repo.dir,
        env,
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("leak.env:1:19 aws-access-key-id AKIA…");
    const clean = spawnSync("pre-commit", ["try-repo", repoRoot, "ssoenv-scan", "--files", "ok.txt"], {
      cwd: repo.dir,
      env,
      encoding: "utf8",
    });
    expect(clean.status, clean.stdout).toBe(0);
  });
});
