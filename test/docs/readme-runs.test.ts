import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { freePortOutsideEphemeralRange } from "../support/free-port.js";

// The root README's commands a newcomer copies first, run as written: `pnpm demo` (its first
// command) and the "Try it on the emulator yourself" walk-through, block by block, in bash. The
// blocks are read from README.md at test time, so an edit there is what runs here.

// The demo and the walk-through each start an emulator and a dozen ssoenv runs, doctor starting the AWS
// CLI (Python): 2-4 s here idle, 14 s for the demo and over 30 s for the walk-through (a timeout) at load
// 12 on this 2-core machine (/tmp/citrial1.log, 15:13).
vi.setConfig({ testTimeout: 120_000 });

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Emulator keys are throw-away, but test output never shows key-shaped strings. */
const redact = (text: string) =>
  text.replace(/\b(ASIA|AKIA)[A-Z2-7]{16}\b/g, "$1…").replace(/[A-Za-z0-9+/=]{40,}/g, "[redacted]");

interface Run {
  code: number | null;
  output: string;
}

/** Runs `args` with stdout and stderr interleaved as a terminal shows them. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/** The fenced `sh` blocks of the root README, in order: of its `## heading` section when given. */
async function readmeShBlocks(heading?: string): Promise<string[]> {
  let text = await readFile(join(REPO_ROOT, "README.md"), "utf8");
  if (heading) {
    const start = text.indexOf(`\n## ${heading}\n`);
    expect(start, `README.md has no "## ${heading}" section`).toBeGreaterThan(0);
    const end = text.indexOf("\n## ", start + 1);
    text = text.slice(start, end === -1 ? undefined : end);
  }
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
}

/** A clean environment: the reader's PATH, nothing of this test run's AWS or ssoenv settings. */
function cleanEnv(tmp: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", TMPDIR: tmp, LANG: "C.UTF-8" };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ssoenv-readme-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("the root README, as a newcomer runs it", () => {
  it("the first command's `pnpm demo` runs the start of the day and says every step behaved", async () => {
    const [first = ""] = await readmeShBlocks();
    expect(first).toContain("pnpm install --frozen-lockfile && pnpm demo");
    // `pnpm demo` is `pnpm build && node scripts/demo.mjs`; the test run has built already.
    const scripts = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.demo).toBe("pnpm build && node scripts/demo.mjs");
    const tmp = await tempDir();
    const result = await run(process.execPath, ["scripts/demo.mjs"], { cwd: REPO_ROOT, env: cleanEnv(tmp) });
    const output = redact(result.output);
    expect(result.code, output).toBe(0);
    expect(output).toContain("Demo complete: every step behaved as described.");
    // The story the README tells: not logged in, login, refresh writes both files, scan refuses.
    expect(output).toContain("profile dev: not logged in");
    expect(output).toContain("✔ apps/api/.env (updated)");
    expect(output).toContain("✔ apps/worker/.env (updated)");
    expect(output).toMatch(/apps\/api\/\.env:\d+:\d+ aws-access-key-id ASIA…/);
    // Nothing the README does not tell of: the demo's own files are private, as the README advises.
    expect(output).not.toContain("readable by other users");
  });

  it("'Try it on the emulator yourself': every command of the walk-through does what its comment says", async () => {
    const blocks = await readmeShBlocks("Try it on the emulator yourself");
    expect(blocks).toHaveLength(2);
    const [emulatorBlock = "", sessionBlock = ""] = blocks;
    expect(emulatorBlock).toContain("--port 4599");
    expect(sessionBlock).toMatch(/^cd path\/to\/ssoenv\b/m);
    const tmp = await tempDir();
    // The README: "If 4599 is taken … pick another port, here and below".
    const port = String(await freePortOutsideEphemeralRange());

    // Terminal 1, at the checkout's root.
    const emulator = spawn("bash", ["-c", `exec ${emulatorBlock.replaceAll("4599", port)}`], {
      cwd: REPO_ROOT,
      env: cleanEnv(tmp),
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanups.push(async () => {
      if (emulator.exitCode === null) {
        const exited = new Promise((resolve) => emulator.once("exit", resolve));
        emulator.kill("SIGINT");
        await exited;
      }
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let text = "";
      emulator.stdout.setEncoding("utf8").on("data", (chunk) => {
        text += chunk;
        if (text.includes("\n")) resolve(text.split("\n")[0] ?? "");
      });
      emulator.once("exit", (code) =>
        reject(new Error(`the emulator exited (${code}) before printing its URL`)),
      );
    });
    expect(firstLine).toBe(`http://127.0.0.1:${port}`);

    // Terminal 2: the block as written, with the checkout's path and the port filled in. bash runs it
    // as an interactive shell would (aliases expanded); -e and pipefail stop at the first command that
    // fails, so reaching the last one means every one before it succeeded.
    const script = sessionBlock
      .replace(/^cd path\/to\/ssoenv\b/m, `cd '${REPO_ROOT}'`)
      .replaceAll("4599", port);
    const result = await run(
      "bash",
      ["-c", `set -eo pipefail\nshopt -s expand_aliases\nexec 2>&1\n${script}`],
      {
        cwd: tmp,
        env: cleanEnv(tmp),
      },
    );
    const output = redact(result.output);
    // login: "shows a code; the emulator approves it"
    expect(output).toMatch(/and enter this code:\n\s+[A-Z]{4}-[A-Z]{4}\n/);
    expect(output).toContain("Logged in: profile dev");
    // status
    expect(output).toMatch(
      /^identity\s+arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_/m,
    );
    // refresh --env-file app.env && cat app.env
    expect(output).toContain("✔ app.env (created)  dev  111111111111  AdministratorAccess");
    expect(output).toMatch(/^AWS_REGION=eu-west-1$/m);
    // cat app.env, then exec … | grep AWS_ACCESS_KEY_ID: two lines with a key
    expect(output.match(/^AWS_ACCESS_KEY_ID=ASIA…$/gm)).toHaveLength(2);
    // credential-process
    expect(output).toMatch(/^\{"Version":1,"AccessKeyId":"ASIA…"/m);
    // console --url: the emulator's federation sign-in link (its SigninToken redacted)
    expect(output).toContain(`http://127.0.0.1:${port}/federation?Action=login&Issuer=ssoenv&`);
    // doctor: warnings, no failure, and its comment names each thing it warns about here (a newcomer
    // told only of the AWS CLI and mise would follow another warning's fix and undo the walk-through)
    expect(output).toMatch(/^✔ config\s/m);
    expect(output).not.toMatch(/^✖ /m);
    const doctorComment = /^ssoenv doctor\s+#(.*)$/m.exec(sessionBlock)?.[1] ?? "";
    const named: Record<string, string> = {
      "aws-cli": "AWS CLI",
      mise: "mise",
      endpoint: "AWS_ENDPOINT_URL_",
    };
    // "doctor's four `! endpoint` warnings": one per AWS_ENDPOINT_URL_* the block exports
    expect(output.match(/^! endpoint\b/gm)).toHaveLength(4);
    for (const [, check = ""] of output.matchAll(/^! (\S+)/gm)) {
      expect(doctorComment, `doctor warned about ${check}`).toContain(named[check] ?? check);
    }
    // scan app.env: "exit 1: those keys must not be committed"
    expect(output).toMatch(/^app\.env:1:\d+ aws-access-key-id ASIA…$/m);
    expect(output).toContain("ssoenv: 3 plaintext AWS credential(s) in 1 file(s)");
    expect(result.code, output).toBe(1);
  });
});
