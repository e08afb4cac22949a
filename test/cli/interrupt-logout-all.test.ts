import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// logout --all cancelled once AWS has answered for one sign-in and while it ends the next: it said
// only "cancelled (SIGTERM)", though the first sign-in was logged out and its files removed, and AWS
// may have ended the second while its token stays cached. Now the first one's line, then what was
// under way and what to run again.
const world = useCliWorld({ loggedIn: true, per: "test" });

it("logout --all: the sign-ins already logged out, the one under way, and to run it again", async () => {
  // A second sign-in: the legacy profile's start URL.
  await world.logIn({ legacy: true });
  const cache = join(world.home, ".aws", "sso", "cache");
  expect((await readdir(cache)).length).toBe(2);
  const first = world.emulator.faults.hold("Logout");
  const result = await world.run(["logout", "--all"], {
    onSpawn: (child) => {
      void (async () => {
        await first.arrived;
        // The second Logout is held too; the signal comes once it is at AWS.
        const second = world.emulator.faults.hold("Logout");
        first.release();
        await second.arrived;
        child.kill("SIGTERM");
      })();
    },
  });
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^(corp|https:\S+): signed out at AWS .*; removed the cached SSO token/);
  const under = lines[0]?.startsWith("corp") ? world.emulator.startUrl : "corp";
  expect(lines[1]).toBe(
    `ssoenv: cancelled (SIGTERM) while AWS was ending the sign-in ${under}: it may have ended there, but its token is still cached`,
  );
  expect(result.stdout).toBe("");
  expect(result.exitCode).toBe(143);
  expect(lines[2]).toBe("hint: run ssoenv logout --all again to finish");
  expect((await readdir(cache)).length).toBe(1);
});
