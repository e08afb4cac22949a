import { execFileSync } from "node:child_process";
import { closeSync, constants, existsSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { constants as osConstants } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// exec between its session check and its command's start: a signal there ends ssoenv as anywhere else
// in it, "cancelled (SIGTERM)" and exit 143, the command not started. It ended silently before, killed
// by the signal. The window is made wide: the AWS credentials file is a FIFO, which exec reads once
// more after the session check (the [default] region its command would take) and which this test
// holds open without writing, so the read waits until the signal has come.
const world = useCliWorld({ loggedIn: true });

/** Waits until something opens the FIFO to read, then opens its write end (without writing). */
async function nextReader(fifo: string, stop: () => boolean): Promise<number | undefined> {
  for (;;) {
    if (stop()) return undefined;
    try {
      // Without a reader, a non-blocking open for writing fails (ENXIO).
      return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch {
      await sleep(2);
    }
  }
}

/**
 * Until `pid` has taken `signal`: it is no longer pending for it (/proc/PID/status), so its handler
 * ran. Sent with kill(), it is taken only once the kernel runs the process, which on a loaded machine
 * has no fixed bound.
 */
async function signalTaken(pid: number, signal: "SIGTERM"): Promise<void> {
  const bit = 1n << (BigInt(osConstants.signals[signal]) - 1n);
  for (;;) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    // SigPnd: pending for its main thread; ShdPnd: for the process (where kill() puts it).
    const pending = [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some(
      (line) => (BigInt(`0x${line[1]}`) & bit) !== 0n,
    );
    if (!pending) return;
    await sleep(2);
  }
}

describe("a signal after exec's session check, before its command starts", () => {
  it('says "cancelled (SIGTERM)", exits 143, and does not start the command', async () => {
    const fifo = join(world.home, "credentials-fifo");
    execFileSync("mkfifo", [fifo]);
    const marker = join(world.home, "command-ran");
    let held: number | undefined;
    let exited = false;
    const result = await world.run(
      // stg has no region: exec reads [default]'s from the files after the check.
      ["exec", "--profile", "stg", "--", "sh", "-c", `touch ${marker}`],
      {
        env: { AWS_SHARED_CREDENTIALS_FILE: fifo, AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined },
        onSpawn: (child) => {
          child.once("exit", () => {
            exited = true;
          });
          void (async () => {
            const done = () => exited;
            // Every read of the session check gets the file; the first read once AWS has answered both
            // calls (role credentials, identity) is the one after the check: it waits.
            for (;;) {
              const fd = await nextReader(fifo, done);
              if (fd === undefined) return;
              const { byOperation } = world.emulator.stats();
              if (byOperation.GetRoleCredentials && byOperation.GetCallerIdentity) {
                held = fd;
                break;
              }
              // An empty file, each time: a reader that sees two writers in turn reads nothing twice.
              closeSync(fd);
            }
            child.kill("SIGTERM");
            // Once ssoenv has taken it, let the read finish (empty): the command goes on from there.
            await signalTaken(child.pid as number, "SIGTERM");
            closeSync(held);
          })();
        },
      },
    );
    expect(held, "exec read the credentials file after its session check").toBeDefined();
    expect(result.signal).toBeNull();
    expect(result.stderr).toBe("ssoenv: cancelled (SIGTERM)\n");
    expect(result.exitCode).toBe(143);
    expect(existsSync(marker)).toBe(false);
  });
});
