import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { startEmulator } from "./start-emulator.js";

const BIN = fileURLToPath(new URL("./bin.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Runs the bin from source (tsx), as `node dist/bin.js` would run the build. */
function runBin(args: string[]) {
  return spawn(process.execPath, ["--import", "tsx", BIN, ...args], {
    cwd: PACKAGE_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function collect(child: ReturnType<typeof runBin>) {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const [code] = await once(child, "exit");
  return { code, stdout, stderr };
}

describe("ssoenv-emulator bin", () => {
  test("prints its base URL as the first line, serves, and exits 0 on SIGTERM", async () => {
    const child = runBin(["--approval", "manual", "--start-url", "https://bin-test.awsapps.com/start"]);
    const exited = collect(child);
    const lines = createInterface({ input: child.stdout });
    const [firstLine] = (await once(lines, "line")) as [string];
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${firstLine}/_emulator/pending`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    child.kill("SIGTERM");
    expect((await exited).code).toBe(0);
  });

  test("exits 0 on a SIGTERM sent as soon as its URL is printed", async () => {
    const child = runBin([]);
    const exited = once(child, "exit");
    const lines = createInterface({ input: child.stdout });
    await once(lines, "line");
    child.kill("SIGTERM");
    expect(await exited).toEqual([0, null]);
  });

  test("--help prints usage and exits 0", async () => {
    const { code, stdout } = await collect(runBin(["--help"]));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: ssoenv-emulator/);
    expect(stdout).toContain("--approval auto|manual");
  });

  test("--help names every variable sdkEnv() sets, so a shell pointed at it reaches every service", async () => {
    const { code, stdout } = await collect(runBin(["--help"]));
    expect(code).toBe(0);
    const emulator = await startEmulator();
    try {
      for (const name of Object.keys(emulator.sdkEnv())) expect(stdout).toContain(name);
    } finally {
      await emulator.stop();
    }
  });

  test("a bad flag value exits 2 with a one-line error naming the flag", async () => {
    const { code, stderr, stdout } = await collect(runBin(["--approval", "sometimes"]));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("--approval");
  });

  // Seen: `--start-url x` started, and every login then failed "refused the start URL x".
  test.each(["x", "ssoenv-demo.awsapps.com/start", "ftp://x/start"])(
    "--start-url %s (not an http(s) URL) exits 2 naming the flag, before serving",
    async (value) => {
      const { code, stderr, stdout } = await collect(runBin(["--start-url", value]));
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        `ssoenv-emulator: --start-url must be an https:// URL such as https://ssoenv-demo.awsapps.com/start, got ${value}\n`,
      );
    },
  );

  test("--access-token and --sign-in set the token shape; a bad duration exits 2 naming the flag", async () => {
    const child = runBin(["--access-token", "30m", "--sign-in", "2h"]);
    const exited = collect(child);
    const lines = createInterface({ input: child.stdout });
    const [url] = (await once(lines, "line")) as [string];
    const issued = (await (await fetch(`${url}/_emulator/token`, { method: "POST" })).json()) as {
      expiresAt: string;
    };
    const leftMs = new Date(issued.expiresAt).getTime() - Date.now();
    expect(leftMs).toBeGreaterThan(29 * 60_000);
    expect(leftMs).toBeLessThanOrEqual(30 * 60_000);
    child.kill("SIGTERM");
    expect((await exited).code).toBe(0);

    const bad = await collect(runBin(["--sign-in", "8"]));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--sign-in");
  });

  // Watching `ssoenv serve` or a refreshed .env outlive their role credentials took an hour, or a
  // script calling startEmulator({ lifetimes: { roleCredentialsMs } }).
  test("--role-credentials sets how long role credentials last; a bad duration exits 2 naming the flag", async () => {
    const child = runBin(["--role-credentials", "90s"]);
    const exited = collect(child);
    const lines = createInterface({ input: child.stdout });
    const [url] = (await once(lines, "line")) as [string];
    const issued = (await (await fetch(`${url}/_emulator/token`, { method: "POST" })).json()) as {
      accessToken: string;
    };
    const answer = await fetch(`${url}/federation/credentials?account_id=111111111111&role_name=ReadOnly`, {
      headers: { "x-amz-sso_bearer_token": issued.accessToken },
    });
    expect(answer.status).toBe(200);
    const { roleCredentials } = (await answer.json()) as { roleCredentials: { expiration: number } };
    const leftMs = roleCredentials.expiration - Date.now();
    expect(leftMs).toBeGreaterThan(80_000);
    expect(leftMs).toBeLessThanOrEqual(90_000);
    child.kill("SIGTERM");
    expect((await exited).code).toBe(0);

    const bad = await collect(runBin(["--role-credentials", "1 hour"]));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--role-credentials");
  });

  test("a port already in use exits 2 with one line naming the port and --port", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const { code, stderr, stdout } = await collect(runBin(["--port", String(port)]));
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(stderr).toContain("--port 0");
    } finally {
      taken.close();
    }
  });
});
