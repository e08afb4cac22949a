import { spawn } from "node:child_process";
import { copyFile, readFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  copyExampleProject,
  createMiseSandbox,
  type MiseSandbox,
  miseBin,
  missingForMiseTests,
} from "../mise/support/mise-sandbox.js";
import { freePortOutsideEphemeralRange } from "../support/free-port.js";

// examples/mise-project's "Try it on the emulator", run as written: the emulator block at the checkout's
// root, then the session block in bash, in a copy of the example laid out as in a checkout. Before this
// section a newcomer who tried the example after the root README's walk-through got "IAM Identity
// Center (ap-northeast-1) refused the start URL https://acme.awsapps.com/start" and no word of why.

// An emulator, the real mise and four ssoenv runs: a few seconds idle, far more at load 12 on 2 cores.
vi.setConfig({ testTimeout: 120_000 });

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const missing = missingForMiseTests();
if (missing) console.warn(`skipping test/docs/mise-project-runs.test.ts: ${missing}`);

/** Emulator keys are throw-away, but test output never shows key-shaped strings. */
const redact = (text: string) =>
  text.replace(/\b(ASIA|AKIA)[A-Z2-7]{16}\b/g, "$1…").replace(/[A-Za-z0-9+/=]{40,}/g, "[redacted]");

/** The fenced `sh` blocks of the example's `## heading` section, in order. */
async function shBlocks(heading: string): Promise<string[]> {
  const text = await readFile(join(REPO_ROOT, "examples/mise-project/README.md"), "utf8");
  const start = text.indexOf(`\n## ${heading}\n`);
  expect(start, `examples/mise-project/README.md has no "## ${heading}" section`).toBeGreaterThan(0);
  const end = text.indexOf("\n## ", start + 1);
  const section = text.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(missing !== undefined)("examples/mise-project's README, as a newcomer runs it", () => {
  it("'Try it on the emulator': login, refresh of both apps' .env files and status, through mise", async () => {
    const [emulatorBlock = "", sessionBlock = ""] = await shBlocks("Try it on the emulator");
    expect(emulatorBlock).toContain("--port 4599");
    expect(sessionBlock).toMatch(/^cd path\/to\/ssoenv\/examples\/mise-project\b/m);
    const sandbox: MiseSandbox = await createMiseSandbox();
    cleanups.push(() => sandbox.cleanup());
    const project = await copyExampleProject(sandbox);
    // The checkout's own .mise.toml, which mise reads above the example (`mise trust ../..`).
    await copyFile(join(REPO_ROOT, ".mise.toml"), join(dirname(dirname(project)), ".mise.toml"));
    // A newcomer's shell: the checkout's mise on PATH as the README says, ssoenv (the built CLI) too,
    // nothing trusted, the block's mktemp -d in the sandbox.
    const PATH = [dirname(miseBin), sandbox.env.PATH].join(delimiter);
    const env = { PATH, TMPDIR: sandbox.root, LANG: "C.UTF-8", NO_COLOR: "1" };
    const port = String(await freePortOutsideEphemeralRange());

    const emulator = spawn("bash", ["-c", `exec ${emulatorBlock.replaceAll("4599", port)}`], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanups.push(async () => {
      if (emulator.exitCode !== null) return;
      const exited = new Promise((resolve) => emulator.once("exit", resolve));
      emulator.kill("SIGINT");
      await exited;
    });
    await new Promise<void>((resolve, reject) => {
      emulator.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        if (chunk.includes("\n")) resolve();
      });
      emulator.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before its URL`)));
    });

    // -e and pipefail: reaching the end means every command of the block succeeded.
    const script = sessionBlock
      .replace(/^cd path\/to\/ssoenv\/examples\/mise-project\b/m, `cd '${project}'`)
      .replaceAll("4599", port);
    const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn("bash", ["-c", `set -eo pipefail\nexec 2>&1\n${script}`], {
        cwd: sandbox.root,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, output }));
    });
    const output = redact(result.output);
    expect(result.code, output).toBe(0);
    // login: "shows a code; the emulator approves it"
    expect(output).toMatch(/and enter this code:\n\s+[A-Z]{4}-[A-Z]{4}\n/);
    expect(output).toContain("Logged in: profile dev");
    // refresh: both files, each with its profile, one sign-in for both
    expect(output).toMatch(/✔ apps\/api\/\.env \(updated\) {2}dev {2}111111111111 {2}AdministratorAccess /);
    expect(output).toMatch(/✔ apps\/web\/\.env \(updated\) {2}stg {2}222222222222 {2}ReadOnly /);
    expect(output).toContain("SSO sign-in of dev, stg ends ");
    // status
    expect(output).toMatch(
      /^identity\s+arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_/m,
    );
  });
});
