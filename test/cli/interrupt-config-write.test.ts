import { watch } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { generateAccounts } from "@ssoenv/emulator";
import { expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Ctrl-C while `profiles sync` writes ~/.aws/config ends as it does while it waits on AWS: one line,
// exit 130, the config left whole. 900 profiles: a write long enough for the signal to land in it.
const world = useCliWorld({
  loggedIn: true,
  emulator: { accounts: generateAccounts({ count: 300, roles: 3 }) },
});

it('profiles sync: Ctrl-C while ~/.aws/config is written: "cancelled (Ctrl-C)", exit 130, the config as it was', async () => {
  const folder = dirname(world.configPath);
  const before = await readFile(world.configPath, "utf8");
  const result = await world.run(["profiles", "sync"], {
    onSpawn: (child) => {
      // The signal comes as the temp file of the atomic write appears: the write is under way. The
      // write lasts a few milliseconds, so ssoenv is stopped (SIGSTOP) the moment the file shows,
      // handed the Ctrl-C, and let go: the signal is then waiting for it when it resumes mid-write.
      const watcher = watch(folder, (_event, name) => {
        if (!name?.startsWith(".config.ssoenv-")) return;
        watcher.close();
        child.kill("SIGSTOP");
        child.kill("SIGINT");
        child.kill("SIGCONT");
      });
      child.once("close", () => watcher.close());
    },
  });
  const after = await readFile(world.configPath, "utf8");
  // No temp or lock file is left beside the config, whenever the signal landed.
  expect(
    (await readdir(folder)).filter((name) => name.startsWith(".config") || name.endsWith(".lock")),
  ).toEqual([]);
  if (result.exitCode !== 130) {
    // The rename can still win the race with the signal (done before the stop, or under way when
    // ssoenv resumes): then the sync is done, the new config whole, and nothing may claim it failed.
    expect(after).toContain("[sso-session corp]");
    expect(after).not.toBe(before);
    expect(result.stderr).not.toMatch(/cannot write|ENOENT/);
    return;
  }
  // The usual case: the write is cut short, the config left byte for byte, the cancel said as such
  // (not "cannot write ~/.aws/config: ENOENT", exit 2, as before 5b476df).
  expect(result.stderr).toBe("ssoenv: cancelled (Ctrl-C)\n");
  expect(result.exitCode).toBe(130);
  expect(after).toBe(before);
});
