import { execFileSync } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// A read no AbortSignal reaches: AWS_CONFIG_FILE naming a FIFO that a program holds open without
// writing. The read waits in libuv's thread pool, which even process.exit() waits for; Ctrl-C must
// still end the command, with its usual line.
const world = useCliWorld({ loggedIn: true });

let writer: number | undefined;
afterEach(() => {
  if (writer !== undefined) closeSync(writer);
  writer = undefined;
});

/** Opens `fifo`'s writing end once a reader has opened it (before, the open fails with ENXIO). */
async function waitForReader(fifo: string): Promise<number> {
  for (;;) {
    try {
      return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENXIO") throw error;
      await sleep(20);
    }
  }
}

it.each([
  ["SIGINT", "Ctrl-C"],
  ["SIGTERM", "SIGTERM"],
] as const)(
  "%s while ssoenv status waits on a FIFO config file: the command ends, saying it was cancelled",
  async (signal, said) => {
    const fifo = join(world.home, `config-${signal}.fifo`);
    execFileSync("mkfifo", [fifo]);
    let signalledAt = 0;
    let endedAt = 0;
    const result = await world.run(["status", "--profile", "dev"], {
      env: { AWS_CONFIG_FILE: fifo },
      onSpawn: (child) => {
        void (async () => {
          // Held open and never written: ssoenv's read of it now waits for data.
          writer = await waitForReader(fifo);
          // A moment for the read to be under way past the open.
          await sleep(300);
          signalledAt = performance.now();
          child.kill(signal);
          // Without an end of its own, the test's last resort: counted from the signal, not from the
          // spawn, whose start a loaded machine may take seconds for.
          setTimeout(() => child.kill("SIGKILL"), 20_000).unref();
        })();
        child.once("exit", () => {
          endedAt = performance.now();
        });
      },
    });
    expect(result.signal, result.stderr).toBe(signal);
    expect(result.stderr).toBe(`ssoenv: cancelled (${said})\n`);
    // The seconds given to a cancellation that can proceed, plus this loaded machine's slack.
    expect(endedAt - signalledAt).toBeLessThan(10_000);
  },
  30_000,
);
