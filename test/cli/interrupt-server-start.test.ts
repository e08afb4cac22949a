import { watch } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Ctrl-C while refresh starts the background `ssoenv serve` for credentials = "endpoint" ends as it
// does while it waits on AWS or writes the files: one line, exit 130; the server started is the one
// recorded (found again by the next refresh), no lock or temp file left beside the record.
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
  // The server it started is recorded: the next refresh uses it, starting none beside it.
  const again = await world.run(["refresh", "--json"]);
  expect(again.exitCode).toBe(0);
  const status = JSON.parse((await world.run(["serve", "--status", "--json"])).stdout) as {
    servers: Array<{ background: boolean }>;
  };
  expect(status.servers.map((server) => server.background)).toEqual([true]);
});
