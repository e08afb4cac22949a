import { execFileSync } from "node:child_process";
import {
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliResult } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// Hostile repositories and odd machines: a cloned project's ssoenv.toml must not send keys out of
// the project, nor into variables shells rely on; odd files and environments get one line, not a stack.

const world = useCliWorld({ loggedIn: true });

let n = 0;
async function freshProject(toml?: string): Promise<string> {
  const dir = join(world.project, `p${n++}`);
  await mkdir(dir, { recursive: true });
  if (toml !== undefined) await writeFile(join(dir, "ssoenv.toml"), toml);
  return dir;
}

/** Exit 2, one message line naming `names`, one hint line, no stack. */
function expectRefused(result: CliResult, ...names: string[]): void {
  expect(result.exitCode, result.stderr).toBe(2);
  const [message, hint, ...rest] = result.stderr.trimEnd().split("\n");
  for (const name of names) expect(message).toContain(name);
  expect(hint).toMatch(/^hint: /);
  expect(rest).toEqual([]);
  expect(result.stdout).toBe("");
}

describe("credentials stay inside the project", () => {
  it("refuses a path that climbs out of the project, writing nothing", async () => {
    const cwd = await freshProject(
      'profile = "dev"\n[[env_files]]\npath = ".env"\n\n[[env_files]]\npath = "../outside.env"\n',
    );
    const result = await world.run(["refresh"], { cwd });
    expectRefused(
      result,
      join(cwd, "ssoenv.toml:6"),
      'env_files[1].path "../outside.env"',
      "outside the project",
    );
    expect(await readdir(cwd)).toEqual(["ssoenv.toml"]);
    await expect(stat(join(cwd, "..", "outside.env"))).rejects.toThrow();
  });

  it("refuses an absolute path", async () => {
    const target = join(world.home, "stolen.env");
    const cwd = await freshProject(`profile = "dev"\n[[env_files]]\npath = ${JSON.stringify(target)}\n`);
    const result = await world.run(["refresh"], { cwd });
    expectRefused(result, "env_files[0].path", target);
    await expect(stat(target)).rejects.toThrow();
  });

  it("refuses a listed .env that is a symlink to a file outside the project, which stays as it was", async () => {
    const outside = join(world.home, "shared.env");
    await writeFile(outside, "OTHER=1\n", { mode: 0o644 });
    const cwd = await freshProject('profile = "dev"\n[[env_files]]\npath = "apps/.env"\n');
    await mkdir(join(cwd, "apps"));
    await symlink(outside, join(cwd, "apps", ".env"));
    const result = await world.run(["refresh"], { cwd });
    expectRefused(result, "env_files[0].path", outside);
    expect(await readFile(outside, "utf8")).toBe("OTHER=1\n");
  });

  it("refuses the default .env beside ssoenv.toml when it links out, and a folder symlink too", async () => {
    const outsideDir = await mkdtemp(join(world.home, "elsewhere-"));
    const cwd = await freshProject('profile = "dev"\n');
    await symlink(join(outsideDir, "x.env"), join(cwd, ".env"));
    expectRefused(await world.run(["refresh"], { cwd }), "ssoenv.toml", "outside the project");

    const viaFolder = await freshProject('profile = "dev"\n[[env_files]]\npath = "linked/.env"\n');
    await symlink(outsideDir, join(viaFolder, "linked"));
    expectRefused(await world.run(["refresh"], { cwd: viaFolder }), "env_files[0].path");
    expect(await readdir(outsideDir)).toEqual([]);
  });

  it("still writes a symlink that stays inside the project, and a --env-file the user types anywhere", async () => {
    const cwd = await freshProject('profile = "dev"\n[[env_files]]\npath = "app.env"\n');
    await mkdir(join(cwd, "real"));
    await symlink(join(cwd, "real", "app.env"), join(cwd, "app.env"));
    const inside = await world.run(["refresh"], { cwd });
    expect(inside.exitCode, inside.stderr).toBe(0);
    expect(await readFile(join(cwd, "real", "app.env"), "utf8")).toContain("AWS_SESSION_TOKEN=");

    const mine = join(world.home, "my-own.env");
    const typed = await world.run(["refresh", "--env-file", mine], { cwd });
    expect(typed.exitCode, typed.stderr).toBe(0);
    expect(await readFile(mine, "utf8")).toContain("AWS_SESSION_TOKEN=");
  });
});

describe("key mappings", () => {
  it("refuses two AWS names mapped to one name (exit 2, nothing written)", async () => {
    const cwd = await freshProject(
      'profile = "dev"\n[[env_files]]\npath = ".env"\n[env_files.keys]\nAWS_ACCESS_KEY_ID = "KEY"\nAWS_SECRET_ACCESS_KEY = "KEY"\n',
    );
    expectRefused(await world.run(["refresh"], { cwd }), "ssoenv.toml:2", "env_files[0].keys", "KEY");
    expect(await readdir(cwd)).toEqual(["ssoenv.toml"]);
  });

  it("refuses a mapping onto a name another credential is written under", async () => {
    const cwd = await freshProject(
      'profile = "dev"\n[[env_files]]\npath = ".env"\n[env_files.keys]\nAWS_SESSION_TOKEN = "AWS_ACCESS_KEY_ID"\n',
    );
    expectRefused(await world.run(["refresh"], { cwd }), "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN");
  });

  for (const name of ["PATH", "HOME", "LD_PRELOAD", "NODE_OPTIONS", "Path", "AWS_CONFIG_FILE"]) {
    it(`refuses a mapping onto ${name}`, async () => {
      const cwd = await freshProject(
        `profile = "dev"\n[[env_files]]\npath = ".env"\n[env_files.keys]\nAWS_SESSION_TOKEN = "${name}"\n`,
      );
      expectRefused(await world.run(["refresh"], { cwd }), "env_files[0].keys.AWS_SESSION_TOKEN", name);
      expect(await readdir(cwd)).toEqual(["ssoenv.toml"]);
    });
  }
});

describe("the machine", () => {
  for (const [label, home] of [
    ["empty", ""],
    ["unset", undefined],
  ] as const) {
    it(`HOME ${label}: one line, exit 2, no token cache in the current folder`, async () => {
      const cwd = await freshProject();
      for (const args of [
        ["refresh", "--profile", "dev"],
        ["login", "--profile", "dev"],
        ["status", "--profile", "dev"],
      ]) {
        const result = await world.run(args, { cwd, env: { HOME: home, AWS_CONFIG_FILE: world.configPath } });
        expectRefused(result, "HOME");
      }
      expect(await readdir(cwd)).toEqual([]);
    });
  }

  it("a 1 GB .env: one line naming it, exit 2, file untouched", async () => {
    const cwd = await freshProject();
    const big = join(cwd, ".env");
    await writeFile(big, "");
    await truncate(big, 1024 ** 3); // sparse: no disk used
    const result = await world.run(["refresh", "--profile", "dev"], { cwd });
    expectRefused(result, big, "1.0 GB");
    expect((await stat(big)).size).toBe(1024 ** 3);
    const head = await open(big, "r");
    const { bytesRead } = await head.read(Buffer.alloc(16), 0, 16, 0);
    await head.close();
    expect(bytesRead).toBe(16);
  });

  // On Node 20 a FIFO stat'ed synchronously left Node's shared stat buffer saying "FIFO", and the ES
  // module loader's next realpath stopped short: later imports failed ("Cannot find package
  // 'yoctocolors'"), an unexpected error in place of this line. The CLI runs on this test's Node.
  it("--env-file naming a FIFO: one line, exit 2, nothing read from it", async () => {
    const cwd = await freshProject();
    const fifo = join(cwd, "creds.env");
    execFileSync("mkfifo", [fifo]);
    expectRefused(
      await world.run(["refresh", "--profile", "dev", "--env-file", fifo], { cwd }),
      fifo,
      "not a regular file",
    );
  });

  // Such an ssoenv.toml was passed over as if there were none: refresh then said 'Profile "default"
  // not found'. Not read: a FIFO would hold every command in the folders below until written to.
  it("an ssoenv.toml that is a FIFO or a folder: one line naming it, exit 2, nothing read from it", async () => {
    const fifoProject = await freshProject();
    execFileSync("mkfifo", [join(fifoProject, "ssoenv.toml")]);
    expectRefused(
      await world.run(["refresh"], { cwd: fifoProject }),
      join(fifoProject, "ssoenv.toml"),
      "not a regular file",
    );
    const folderProject = await freshProject();
    await mkdir(join(folderProject, "ssoenv.toml"));
    const below = join(folderProject, "apps");
    await mkdir(below);
    expectRefused(
      await world.run(["refresh"], { cwd: below }),
      join(folderProject, "ssoenv.toml"),
      "a folder, not a file",
    );
  });

  it("a NUL in a path named by ssoenv.toml: one line, exit 2", async () => {
    const cwd = await freshProject('profile = "dev"\n[[env_files]]\npath = "a\\u0000b.env"\n');
    expectRefused(await world.run(["refresh"], { cwd }), "env_files[0].path", "NUL");
  });

  it.skipIf(process.getuid?.() !== 0)(
    "EPERM (immutable files and folders): one line naming the path (a .env target: exit 2, before any sign-in)",
    async (ctx) => {
      const cwd = await freshProject();
      const file = join(cwd, ".env");
      await writeFile(file, "KEEP=1\n");
      // ssoenv's own cache folder in HOME, where credential-process keeps credentials.
      const state = join(world.home, ".aws", "ssoenv");
      await mkdir(state, { recursive: true });
      try {
        execFileSync("chattr", ["+i", file, state], { stdio: "ignore" });
      } catch {
        ctx.skip("chattr +i is not available here (needs root and ext4/xfs)");
      }
      try {
        // Refused before any sign-in, as a read-only file is: no write could change it.
        const refresh = await world.run(["refresh", "--profile", "dev"], { cwd });
        expectRefused(refresh, file, "immutable", "EPERM");
        expect(await readFile(file, "utf8")).toBe("KEEP=1\n");

        const answer = await world.run(["credential-process", "--profile", "dev"]);
        expect(answer.exitCode).toBe(1);
        expect(answer.stdout).toBe("");
        expect(answer.stderr.trimEnd().split("\n")).toHaveLength(1);
        expect(answer.stderr).toContain(state);
        expect(answer.stderr).toContain("EPERM");
        expect(answer.stderr).not.toContain("unexpected error");
      } finally {
        execFileSync("chattr", ["-i", file, state]);
      }
    },
  );

  it.skipIf(process.getuid?.() !== 0)(
    "EPERM on one of several targets: that target fails with the reason, the others are written, exit 1",
    async (ctx) => {
      const cwd = await freshProject(
        'profile = "dev"\n[[env_files]]\npath = "a.env"\n[[env_files]]\npath = "b.env"\n',
      );
      const locked = join(cwd, "b.env");
      await writeFile(locked, "KEEP=1\n");
      try {
        execFileSync("chattr", ["+i", locked], { stdio: "ignore" });
      } catch {
        ctx.skip("chattr +i is not available here (needs root and ext4/xfs)");
      }
      try {
        const result = await world.run(["refresh"], { cwd });
        expect(result.exitCode).toBe(1);
        expect(result.stdout).toMatch(/^✔ a\.env \(created\) +dev /m);
        expect(result.stdout).toMatch(new RegExp(`^✘ b\\.env +dev +cannot \\w+ ${locked}: .*EPERM`, "m"));
        expect(result.stderr).toContain("1 of 2 refresh targets failed");
        expect(result.stderr).not.toContain("unexpected error");
        expect(await readFile(locked, "utf8")).toBe("KEEP=1\n");
      } finally {
        execFileSync("chattr", ["-i", locked]);
      }
    },
  );

  it.skipIf(process.getuid?.() !== 0)(
    "EROFS (a read-only file system): one line naming it, exit 2",
    async (ctx) => {
      const mountPoint = await mkdtemp(join(world.project, "ro-"));
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mountPoint], { stdio: "ignore" });
      } catch {
        ctx.skip("cannot mount a read-only tmpfs here (needs root in a mount namespace)");
      }
      try {
        const target = join(mountPoint, ".env");
        const result = await world.run(["refresh", "--profile", "dev", "--env-file", target]);
        expectRefused(result, target, "read-only file system", "EROFS");
      } finally {
        execFileSync("umount", [mountPoint]);
        await rm(mountPoint, { recursive: true, force: true });
      }
    },
  );
});
