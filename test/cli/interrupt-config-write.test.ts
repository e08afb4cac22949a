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

it('profiles sync: Ctrl-C while ~/.aws/config is written: "cancelled (Ctrl-C)", exit 130, the config whole', async () => {
  const folder = dirname(world.configPath);
  const before = await readFile(world.configPath, "utf8");
  const result = await world.run(["profiles", "sync"], {
    onSpawn: (child) => {
      // The signal comes as the temp file of the atomic write appears: the write is under way.
      const watcher = watch(folder, (_event, name) => {
        if (!name?.startsWith(".config.ssoenv-")) return;
        watcher.close();
        child.kill("SIGINT");
      });
      child.once("close", () => watcher.close());
    },
  });
  expect(result.stderr).toBe("ssoenv: cancelled (Ctrl-C)\n");
  expect(result.exitCode).toBe(130);
  // Old or new, whole; no temp or lock file left beside it.
  const after = await readFile(world.configPath, "utf8");
  if (after !== before) expect(after).toContain("[sso-session corp]");
  expect(
    (await readdir(folder)).filter((name) => name.startsWith(".config") || name.endsWith(".lock")),
  ).toEqual([]);
});
