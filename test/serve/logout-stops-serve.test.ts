import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isAlive } from "../../packages/core/src/sinks/serve/server-state.js";
import { useCliWorld } from "../cli/support/use-cli-world.js";
import { type ServeProcess, startServe } from "./support/serve-world.js";

// Each test starts servers and runs the built CLI a few times; on a loaded machine a run takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const world = useCliWorld({ per: "test", loggedIn: true });
const started: ServeProcess[] = [];

afterEach(async () => {
  // Whatever a failing test left running: the background server is detached from the test.
  await world.run(["serve", "--stop"]);
  for (const serve of started.splice(0)) serve.child.kill("SIGKILL");
});

async function serveStates(): Promise<string[]> {
  const names = await readdir(join(world.home, ".aws", "ssoenv", "serve")).catch(() => [] as string[]);
  return names.filter((name) => /^\d+\.json$/.test(name));
}

/**
 * A foreground `serve --profile dev` whose AWS_CONFIG_FILE is another file: `configText`, else a copy
 * of the world's config. The server and that file's path.
 */
async function serveWithOtherConfig(
  configText?: string,
): Promise<{ serve: ServeProcess; otherConfig: string }> {
  const otherConfig = join(world.home, "other-config");
  await writeFile(otherConfig, configText ?? (await readFile(world.configPath, "utf8")));
  const serve = await startServe(world, ["--profile", "dev"], { env: { AWS_CONFIG_FILE: otherConfig } });
  started.push(serve);
  return { serve, otherConfig };
}

/** `refresh` with an ssoenv.toml endpoint target for stg: the background server. Its pid. */
async function startBackgroundServer(): Promise<number> {
  await writeFile(
    join(world.project, "ssoenv.toml"),
    'profile = "dev"\n[[env_files]]\npath = "api.env"\nprofile = "stg"\ncredentials = "endpoint"\n',
  );
  const refresh = await world.run(["refresh"]);
  expect(refresh.exitCode, refresh.stderr).toBe(0);
  const status = JSON.parse((await world.run(["serve", "--status", "--json"])).stdout) as {
    servers: Array<{ pid: number; background: boolean }>;
  };
  const background = status.servers.find((server) => server.background);
  expect(background).toBeDefined();
  return background?.pid as number;
}

describe("ssoenv logout and running ssoenv serve processes", () => {
  it("stops every server of the sign-in it ends (foreground and background), names each, and their records go", async () => {
    const foreground = await startServe(world, ["--profile", "dev"]);
    started.push(foreground);
    const backgroundPid = await startBackgroundServer();
    expect(await serveStates()).toHaveLength(2);

    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode, result.stderr).toBe(0);
    // Each says what brings it back after the next login: its tools' endpoint is dead until then.
    expect(result.stderr).toContain(
      `stopped ssoenv serve at http://127.0.0.1:${foreground.port} (pid ${foreground.child.pid}), which served dev; after your next login, run ssoenv serve --profile dev --env-file ${join(world.project, ".env")} again: tools using its endpoint get no credentials until then`,
    );
    expect(result.stderr).toMatch(
      new RegExp(
        `stopped ssoenv serve at http://127\\.0\\.0\\.1:\\d+ \\(pid ${backgroundPid}\\), which served stg; the next ssoenv refresh after your login starts it again, with a new endpoint in its files\n`,
      ),
    );
    // The foreground server ends as with Ctrl-C: exit 0, its last log line "stopped".
    expect(await foreground.exited).toEqual({ code: 0, signal: null });
    expect(isAlive(backgroundPid)).toBe(false);
    expect(await serveStates()).toEqual([]);
    const status = await world.run(["serve", "--status"]);
    expect(status.stdout).toBe("no ssoenv serve is running\n");
    // Its token (in the .env file) opens nothing any more.
    const api = parseDotenv(await readFile(join(world.project, "api.env"), "utf8"));
    await expect(
      fetch(api.AWS_CONTAINER_CREDENTIALS_FULL_URI as string, {
        headers: { Authorization: api.AWS_CONTAINER_AUTHORIZATION_TOKEN as string },
      }),
    ).rejects.toThrow();
  });

  it("leaves running a server that also serves another sign-in's profile, and says so with the command to stop it", async () => {
    const mixed = await startServe(world, ["--profile", "dev", "--profile", "legacy"]);
    started.push(mixed);

    const result = await world.run(["logout", "--sso-session", "corp"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `ssoenv serve at http://127.0.0.1:${mixed.port} (pid ${mixed.child.pid}) still runs: it also serves legacy, of another sign-in; it no longer hands out credentials for dev. Stop it with ssoenv serve --stop --port ${mixed.port}`,
    );
    expect(isAlive(mixed.child.pid as number)).toBe(true);
    expect(await serveStates()).toEqual([`${mixed.port}.json`]);
  });

  it("stops a server started with another AWS config file whose profile is on the sign-in it ends", async () => {
    // Its dev is on sso-session corp there too: the same token cache file, which logout removed.
    const { serve: elsewhere } = await serveWithOtherConfig();

    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `stopped ssoenv serve at http://127.0.0.1:${elsewhere.port} (pid ${elsewhere.child.pid}), which served dev`,
    );
    expect(await elsewhere.exited).toEqual({ code: 0, signal: null });
    expect(await serveStates()).toEqual([]);
  });

  it("leaves running a server of another AWS config file where the same name is another sign-in, and says so", async () => {
    // In the other file dev is on sso-session other: another token, another sign-in, which stays on.
    await world.logIn({ ssoSession: "other" });
    const text = await readFile(world.configPath, "utf8");
    const { serve: elsewhere, otherConfig } = await serveWithOtherConfig(
      text
        .replace("[sso-session corp]", "[sso-session other]")
        .replaceAll("sso_session = corp", "sso_session = other"),
    );

    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `ssoenv serve at http://127.0.0.1:${elsewhere.port} (pid ${elsewhere.child.pid}) still runs: it reads another AWS config, ${otherConfig}, where dev is on sso-session other, another sign-in, still on. Stop it with ssoenv serve --stop --port ${elsewhere.port}`,
    );
    expect(isAlive(elsewhere.child.pid as number)).toBe(true);
    expect(await serveStates()).toEqual([`${elsewhere.port}.json`]);
    // It still hands out credentials: its sign-in was not the one ended.
    const answer = await fetch(elsewhere.uri, { headers: { Authorization: elsewhere.token } });
    expect(answer.status).toBe(200);
  });

  it("leaves running a server whose other AWS config file is gone, saying it cannot tell", async () => {
    const { serve: elsewhere, otherConfig } = await serveWithOtherConfig();
    await rm(otherConfig);

    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `ssoenv serve at http://127.0.0.1:${elsewhere.port} (pid ${elsewhere.child.pid}) still runs: it reads another AWS config, ${otherConfig}, which cannot be read now, so its dev may be another sign-in. Stop it with ssoenv serve --stop --port ${elsewhere.port}`,
    );
    expect(isAlive(elsewhere.child.pid as number)).toBe(true);
  });

  it("--all stops every server", async () => {
    const mixed = await startServe(world, ["--profile", "dev", "--profile", "legacy"]);
    started.push(mixed);

    const result = await world.run(["logout", "--all"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(`stopped ssoenv serve at http://127.0.0.1:${mixed.port}`);
    expect(await mixed.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(world.home, ".aws", "ssoenv", "serve", `${mixed.port}.json`))).toBe(false);
  });
});
