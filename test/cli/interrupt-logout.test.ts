import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Ctrl-C, SIGTERM or SIGHUP while logout waits for AWS to end the sign-in: one line naming the
// signal and that AWS may have ended the sign-in, the command to run again, exit 128 + its number,
// the sign-in's token left in the cache. A world per test: the emulator still ends the sign-in once
// the slow answer is due, after ssoenv has gone.
const world = useCliWorld({ loggedIn: true, per: "test" });

describe.each([
  ["SIGINT", "Ctrl-C", 130],
  ["SIGTERM", "SIGTERM", 143],
  ["SIGHUP", "SIGHUP", 129],
] as const)("%s while logout waits on AWS", (signal, named, exitCode) => {
  it(`"cancelled (${named})", exit ${exitCode}, the token still cached`, async () => {
    const cache = join(world.home, ".aws", "sso", "cache");
    const cached = await readdir(cache);
    expect(cached.length).toBeGreaterThan(0);
    // Every answer takes 10 s: logout is surely still waiting when the signal comes.
    world.emulator.setTraffic({ latencyMs: 10_000 });
    const result = await world.run(["logout", "--profile", "dev"], {
      onSpawn: (child) => {
        void (async () => {
          while (world.emulator.stats().total === 0 && child.exitCode === null) await sleep(20);
          child.kill(signal);
        })();
      },
    });
    // AWS got the Logout: it may end the sign-in all the same, while the token stays cached.
    expect(result.stderr).toBe(
      `ssoenv: cancelled (${named}) while AWS was ending the sign-in corp: it may have ended there, but its token is still cached\nhint: run ssoenv logout --profile dev again to finish\n`,
    );
    expect(result.stdout).toBe("");
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(exitCode);
    expect(await readdir(cache)).toEqual(cached);
  });
});
