import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLI_BIN } from "../cli/support/cli-world.js";
import { useCliWorld } from "../cli/support/use-cli-world.js";

vi.setConfig({ testTimeout: 120_000 });

const world = useCliWorld({ per: "test", loggedIn: true });
const parents: ChildProcess[] = [];

afterEach(() => {
  for (const parent of parents.splice(0)) parent.kill("SIGKILL");
});

function serveDir(): string {
  return join(world.home, ".aws", "ssoenv", "serve");
}

/** The one server record there, once it is written. */
async function waitForRecord(): Promise<{ path: string; pid: number; port: number }> {
  for (let tries = 0; tries < 1200; tries++) {
    const names = (await readdir(serveDir()).catch(() => [] as string[])).filter((n) =>
      /^\d+\.json$/.test(n),
    );
    const name = names[0];
    if (name) {
      const path = join(serveDir(), name);
      const state = JSON.parse(await readFile(path, "utf8")) as { pid: number; port: number };
      return { path, ...state };
    }
    await sleep(50);
  }
  throw new Error("ssoenv serve wrote no record");
}

/**
 * `ssoenv serve --profile dev` under a parent that never waits for its children (sh exec'ing sleep):
 * killed with -9, the server stays a zombie, its pid taken, until that parent goes.
 */
async function startServeUnderCarelessParent(): Promise<{ pid: number; port: number; path: string }> {
  const parent = spawn(
    "sh",
    ["-c", `"$0" -- "$1" serve --profile dev >/dev/null 2>&1 & exec sleep 300`, process.execPath, CLI_BIN],
    { cwd: world.project, env: world.env, stdio: "ignore" },
  );
  parents.push(parent);
  return waitForRecord();
}

/**
 * Until `pid` is a zombie: SIGKILL is only sent by process.kill, the process dies once the kernel runs
 * it (long after on a loaded machine). A zombie's sockets are closed, but nobody reaped it: its pid is
 * still taken.
 */
async function waitUntilZombie(pid: number): Promise<void> {
  for (let tries = 0; tries < 1200; tries++) {
    // "PID (COMM) STATE ...": the state follows the last ")" (a command name may hold one).
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return;
    await sleep(50);
  }
  throw new Error(`pid ${pid} was no zombie 60 s after SIGKILL`);
}

/** The server's record written again as the server wrote it (as by a server killed again). */
async function writeRecordBack(killed: { pid: number; port: number; path: string }): Promise<void> {
  await writeFile(
    killed.path,
    JSON.stringify({
      pid: killed.pid,
      port: killed.port,
      url: `http://127.0.0.1:${killed.port}`,
      token: "t",
      profiles: ["dev"],
    }),
  );
}

describe("ssoenv serve: the record of a server that was killed", () => {
  it("a server killed with -9 whose pid is still taken (a zombie) is gone for --status, --stop and logout, and its record removed", async () => {
    const killed = await startServeUnderCarelessParent();
    process.kill(killed.pid, "SIGKILL");
    // Its pid still exists (nobody reaped it), but nothing listens on its port any more.
    await waitUntilZombie(killed.pid);
    expect(() => process.kill(killed.pid, 0)).not.toThrow();

    const status = await world.run(["serve", "--status"]);
    expect(status.stdout).toBe("no ssoenv serve is running\n");
    expect(status.exitCode).toBe(1);
    expect(existsSync(killed.path)).toBe(false);

    // Written back (as by a server killed again): --stop and logout pass over it as well.
    await writeRecordBack(killed);
    const stop = await world.run(["serve", "--stop"]);
    expect(stop.stderr).toBe("");
    expect(stop.stdout).toBe("no ssoenv serve is running\n");
    expect(stop.exitCode).toBe(0);
    await writeRecordBack(killed);
    const logout = await world.run(["logout", "--profile", "dev"]);
    expect(logout.exitCode, logout.stderr).toBe(0);
    expect(logout.stderr).not.toContain("ssoenv serve at");
    expect(existsSync(killed.path)).toBe(false);
  });

  it("a record whose pid now belongs to another process (after a reboot) is not a running server", async () => {
    const killed = await startServeUnderCarelessParent();
    process.kill(killed.pid, "SIGKILL");
    // Dead, its port closed: a server still listening there is still running.
    await waitUntilZombie(killed.pid);
    const record = JSON.parse(await readFile(killed.path, "utf8")) as Record<string, unknown>;
    // The pid went to another program: here the careless parent, alive and no server.
    const other = parents[0]?.pid as number;
    await writeFile(killed.path, JSON.stringify({ ...record, pid: other }));

    const status = await world.run(["serve", "--status"]);
    expect(status.stdout).toBe("no ssoenv serve is running\n");
    const stop = await world.run(["serve", "--stop"]);
    expect(stop.stderr).toBe("");
    expect(stop.exitCode).toBe(0);
    expect(existsSync(killed.path)).toBe(false);
  });
});

describe("ssoenv serve --stop", () => {
  // After SIGTERM the server exits, but a parent that never waits for it (a container's PID 1 that is
  // no init, as on this machine) leaves it a zombie: its pid still exists.
  it("stops a server whose parent never reaps it: stopped, exit 0, not 'still running after 5 s'", async () => {
    const server = await startServeUnderCarelessParent();
    const stop = await world.run(["serve", "--stop"]);
    expect(stop.stderr).toBe("");
    expect(stop.stdout).toBe(
      `stopped http://127.0.0.1:${server.port} (pid ${server.pid}), which served dev; run ssoenv serve --profile dev again: tools using its endpoint get no credentials until then\n`,
    );
    expect(stop.exitCode).toBe(0);
    // It did exit (a zombie now, its pid still taken): what --stop reported is so.
    expect(() => process.kill(server.pid, 0)).not.toThrow();
    expect(existsSync(server.path)).toBe(false);
  });
});
