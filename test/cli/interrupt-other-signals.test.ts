import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { constants } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeEach, describe, expect, it } from "vitest";
import type { CliResult } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// SIGTERM (docker stop, a CI job's timeout, kill) and SIGHUP (the terminal closed) end a command as
// Ctrl-C does (interrupt.test.ts): one line naming the signal, exit 128 + its number (143, 129, as a
// shell reports it), nothing half-written. They ended it silently before, killed by the signal.
const world = useCliWorld({ loggedIn: true });

const SIGNALS = [
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const;

beforeEach(() => {
  world.emulator.setTraffic({});
  world.emulator.resetStats();
});

/** Runs `ssoenv ARGS` against a slow AWS and sends `signal` once its first request is in flight. */
async function signalledWhileWaiting(args: string[], signal: NodeJS.Signals): Promise<CliResult> {
  // Every answer takes 10 s: the command is surely still waiting when the signal comes.
  world.emulator.setTraffic({ latencyMs: 10_000 });
  return world.run(args, {
    onSpawn: (child) => {
      void (async () => {
        while (world.emulator.stats().total === 0 && child.exitCode === null) await sleep(20);
        child.kill(signal);
      })();
    },
  });
}

describe.each(SIGNALS)("%s while waiting on AWS", (signal, exitCode) => {
  it(`refresh: "cancelled (${signal}): 0 of 2 .env files written", exit ${exitCode}, the files as they were`, async () => {
    const files = [join(world.project, `a-${signal}.env`), join(world.project, `b-${signal}.env`)];
    const before = "# mine\nAWS_ACCESS_KEY_ID=old\nKEEP=1\n";
    for (const file of files) await writeFile(file, before);
    const result = await signalledWhileWaiting(
      ["refresh", "--profile", "dev", ...files.flatMap((file) => ["-e", file])],
      signal,
    );
    expect(result.stderr).toBe(`ssoenv: cancelled (${signal}): 0 of 2 .env files written\n`);
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(exitCode);
    expect(exitCode).toBe(128 + (constants.signals[signal] ?? 0));
    for (const file of files) expect(await readFile(file, "utf8")).toBe(before);
  });

  for (const args of [
    ["profiles", "sync"],
    ["env", "--profile", "dev"],
    ["exec", "--profile", "dev", "--", "true"],
  ]) {
    it(`${args[0]}: "cancelled (${signal})", exit ${exitCode}`, async () => {
      const config = await readFile(world.configPath, "utf8");
      const result = await signalledWhileWaiting(args, signal);
      expect(result.stderr).toBe(`ssoenv: cancelled (${signal})\n`);
      expect(result.stdout).toBe("");
      expect(result.signal).toBeNull();
      expect(result.exitCode).toBe(exitCode);
      expect(await readFile(world.configPath, "utf8")).toBe(config);
    });
  }
});

// Ctrl-C too (interrupt.test.ts has its other cases): one test of the write loop for every signal.
const WRITING_SIGNALS = [
  ["SIGINT", 130, "Ctrl-C"],
  ...SIGNALS.map(([signal, exitCode]) => [signal, exitCode, signal] as const),
] as const;

describe.each(WRITING_SIGNALS)("%s while writing the .env files", (signal, exitCode, named) => {
  it(`refresh: stops between files, "cancelled (${named}): N of M .env files written", exit ${exitCode}, no lock or temp file left`, async () => {
    const dir = join(world.project, `many-${signal}`);
    await mkdir(dir);
    const count = 1_500;
    const names = Array.from({ length: count }, (_, index) => `f${index}.env`);
    const before = "# mine\nAWS_ACCESS_KEY_ID=old\nKEEP=1\n";
    for (const name of names) await writeFile(join(dir, name), before);
    const first = join(dir, names[0] ?? "");
    const result = await world.run(
      ["refresh", "--profile", "dev", ...names.flatMap((name) => ["-e", join(dir, name)])],
      {
        onSpawn: (child) => {
          void (async () => {
            // The signal comes once the first file is written: the others are still being written.
            while ((await readFile(first, "utf8")) === before && child.exitCode === null) await sleep(2);
            child.kill(signal);
          })();
        },
      },
    );
    // Each file is its old bytes or the new ones, whole.
    const contents = await Promise.all(names.map((name) => readFile(join(dir, name), "utf8")));
    const fresh = contents.filter((content) => content !== before);
    expect(new Set(fresh).size).toBe(1);
    expect(fresh[0]).toMatch(/^# mine\nAWS_ACCESS_KEY_ID=\S+\nKEEP=1\n(.*\n)*AWS_SESSION_TOKEN=\S+\n/);
    expect(fresh.length).toBeLessThan(count);
    expect((await readdir(dir)).sort()).toEqual([...names].sort());
    expect(result.stderr).toBe(
      `ssoenv: cancelled (${named}): ${fresh.length.toLocaleString("en-US")} of 1,500 .env files written\n`,
    );
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(exitCode);
  });
});
