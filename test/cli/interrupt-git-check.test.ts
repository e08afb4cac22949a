import { execFileSync } from "node:child_process";
import { access, chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Once its .env files are written, refresh asks git whether they are tracked or ignored (for the
// summary's warnings). A signal then ended ssoenv by the signal, silently, every file written: it says
// "cancelled" and how many files were written, as a signal during the writes does.
const world = useCliWorld({ loggedIn: true });

/** A `git` first on PATH that marks it was started, then waits for `go` before running the real one. */
async function gitThatWaits(dir: string): Promise<{ env: NodeJS.ProcessEnv; started: string; go: string }> {
  const bin = join(dir, "bin");
  await mkdir(bin, { recursive: true });
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const started = join(dir, "git-started");
  const go = join(dir, "git-go");
  await writeFile(
    join(bin, "git"),
    `#!/bin/sh\n: > '${started}'\nwhile [ ! -e '${go}' ]; do sleep 0.01; done\nexec '${realGit}' "$@"\n`,
  );
  await chmod(join(bin, "git"), 0o755);
  return { env: { PATH: `${bin}:${process.env.PATH}` }, started, go };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.each([
  ["SIGINT", "Ctrl-C", 130],
  ["SIGTERM", "SIGTERM", 143],
  ["SIGHUP", "SIGHUP", 129],
] as const)("%s while refresh asks git about the files it wrote", (signal, named, exitCode) => {
  it(`"cancelled (${named}): 2 of 2 .env files written", exit ${exitCode}, the files written`, async () => {
    const dir = join(world.project, `git-${signal}`);
    await mkdir(dir);
    const files = [join(dir, "a.env"), join(dir, "b.env")];
    const git = await gitThatWaits(dir);
    const result = await world.run(
      ["refresh", "--profile", "dev", ...files.flatMap((file) => ["-e", file])],
      {
        env: git.env,
        onSpawn: (child) => {
          void (async () => {
            while (!(await exists(git.started)) && child.exitCode === null) await sleep(5);
            child.kill(signal);
            // A git that outlived the signal goes on.
            await writeFile(git.go, "");
          })();
        },
      },
    );
    expect(result.stderr).toBe(`ssoenv: cancelled (${named}): 2 of 2 .env files written\n`);
    expect(result.stdout).toBe("");
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(exitCode);
    for (const file of files) expect(await readFile(file, "utf8")).toMatch(/^AWS_ACCESS_KEY_ID=\S+$/m);
  });
});
