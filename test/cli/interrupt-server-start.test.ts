import { existsSync, watch } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Ctrl-C while refresh starts the background `ssoenv serve` for credentials = "endpoint" ends as it
// does while it waits on AWS or writes the files: one line, exit 130; no lock or temp file left beside
// the record, and no second server beside the one the next refresh uses.
const world = useCliWorld({ loggedIn: true });

afterAll(async () => {
  await world.run?.(["serve", "--stop"]);
});

it('refresh: Ctrl-C while the background server starts: "cancelled (Ctrl-C)", exit 130, nothing half-done', async () => {
  await writeFile(
    join(world.project, "ssoenv.toml"),
    'profile = "dev"\n[[env_files]]\npath = "api.env"\ncredentials = "endpoint"\n',
  );
  const state = join(world.home, ".aws", "ssoenv", "serve");
  await mkdir(state, { recursive: true, mode: 0o700 });
  const result = await world.run(["refresh"], {
    onSpawn: (child) => {
      // The signal comes as the server's log is opened: the server is being spawned.
      const watcher = watch(state, (_event, name) => {
        if (!name?.endsWith(".log")) return;
        watcher.close();
        child.kill("SIGINT");
      });
      child.once("close", () => watcher.close());
    },
  });
  expect(result.stderr).toBe("ssoenv: cancelled (Ctrl-C): 0 of 1 .env files written\n");
  expect(result.exitCode).toBe(130);
  expect(await readdir(world.project)).not.toContain("api.env");
  expect((await readdir(state)).filter((name) => name.endsWith(".lock") || name.endsWith(".tmp"))).toEqual(
    [],
  );
  // The next refresh has one server: the one it found, or started in place of one stopped starting.
  const again = await world.run(["refresh", "--json"]);
  expect(again.exitCode).toBe(0);
  const status = JSON.parse((await world.run(["serve", "--status", "--json"])).stdout) as {
    servers: Array<{ background: boolean }>;
  };
  expect(status.servers.map((server) => server.background)).toEqual([true]);
});

// A server slow to start (node's start on a loaded machine takes seconds): Ctrl-C must not wait it out
// past cancelOnSignal's grace, which ended refresh by the signal alone ("cancelled (Ctrl-C)", no count)
// and left the server to start on a port and token nothing records.
it("refresh: Ctrl-C while a slow background server starts: the start is stopped, the usual line, exit 130", async () => {
  await world.run(["serve", "--stop"]);
  await writeFile(
    join(world.project, "ssoenv.toml"),
    'profile = "dev"\n[[env_files]]\npath = "slow.env"\ncredentials = "endpoint"\n',
  );
  // Preloaded into every node ssoenv runs: the background server (serve --detached) records its pid,
  // then takes 5 s before its own start.
  const pidFile = join(world.home, "slow-serve.pid");
  const preload = join(world.home, "slow-serve.cjs");
  await writeFile(
    preload,
    `if (process.argv.includes("--detached")) {
  require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
}
`,
  );
  const result = await world.run(["refresh"], {
    env: { NODE_OPTIONS: `--require ${preload}` },
    onSpawn: (child) => {
      void (async () => {
        while (!existsSync(pidFile)) await sleep(20);
        child.kill("SIGINT");
      })();
    },
  });
  expect(result.stderr).toBe("ssoenv: cancelled (Ctrl-C): 0 of 1 .env files written\n");
  expect(result.exitCode).toBe(130);
  expect(await readdir(world.project)).not.toContain("slow.env");
  // The server that was starting is gone, not serving later on a port no record holds.
  const pid = Number(await readFile(pidFile, "utf8"));
  await expect.poll(() => isRunning(pid), { timeout: 5_000 }).toBe(false);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
