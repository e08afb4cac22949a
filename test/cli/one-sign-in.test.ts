import { execFile } from "node:child_process";
import { appendFile, chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "dotenv";
import { describe, expect, it } from "vitest";
import { CLI_COMMAND, type CliWorld } from "./support/cli-world.js";
import { hasScript } from "./support/has-script.js";
import { useCliWorld } from "./support/use-cli-world.js";

if (!hasScript) console.warn("`script` (util-linux) is missing: the one-login-in-a-terminal test is skipped");

const world = useCliWorld({ per: "test" });

/** A project whose ssoenv.toml writes a.env with dev and b.env with `second` (dev and stg share sso-session corp). */
async function twoProfileProject(w: CliWorld, second = "stg"): Promise<string> {
  const cwd = join(w.project, "two");
  await mkdir(cwd, { recursive: true });
  await writeFile(
    join(cwd, "ssoenv.toml"),
    `profile = "dev"\n[[env_files]]\npath = "a.env"\n[[env_files]]\npath = "b.env"\nprofile = "${second}"\n`,
  );
  return cwd;
}

describe("one sign-in per sso-session per command", () => {
  it.skipIf(!hasScript)(
    "refresh over two profiles of one sso-session logs in once, in a terminal, and shows one sign-in end",
    async () => {
      const cwd = await twoProfileProject(world);
      world.emulator.resetStats();
      const text = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} refresh`, "/dev/null"],
          // No AWS CLI: the built-in device flow, which the emulator approves at once.
          { env: { ...world.env, TERM: "xterm", SSOENV_AWS_CLI: "/nonexistent/aws" }, cwd },
          (_error, stdout) => resolve(stdout),
        );
      });
      expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
      expect(text).not.toContain("Another process");
      expect(
        text.match(
          /SSO sign-in of dev, stg ends (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \((7h 59m|8h 00m) left\)/g,
        ),
      ).toHaveLength(1);
      for (const file of ["a.env", "b.env"]) {
        expect(parse(await readFile(join(cwd, file))).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      }
    },
  );

  it("without a terminal, refresh over two profiles of one sign-in says one message with one command (exit 3)", async () => {
    const cwd = await twoProfileProject(world);
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode).toBe(3);
    expect(result.stderr.match(/ssoenv login --profile/g)).toHaveLength(1);
    expect(result.stderr).toContain("profiles dev, stg share this sign-in");
    await expect(stat(join(cwd, "a.env"))).rejects.toThrow();
    await expect(stat(join(cwd, "b.env"))).rejects.toThrow();
  });
});

/** Adds profile `noaccess`: a role the emulated user is not assigned (SSO answers 403). */
async function addNoAccessProfile(): Promise<void> {
  await appendFile(
    world.configPath,
    "\n[profile noaccess]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = AdministratorAccess\n",
  );
}

describe("refresh with some targets failing", () => {
  it("writes the others, lists every target with ✔ or ✘ and the reason, and exits 1", async () => {
    await world.logIn();
    await addNoAccessProfile();
    const cwd = await twoProfileProject(world, "noaccess");
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode).toBe(1);
    expect(parse(await readFile(join(cwd, "a.env"))).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    await expect(stat(join(cwd, "b.env"))).rejects.toThrow();
    expect(result.stdout).toMatch(/^✔ a\.env \(created\) +dev /m);
    expect(result.stdout).toMatch(
      /^✘ b\.env +noaccess +No access to role "AdministratorAccess" in account 222222222222/m,
    );
    expect(result.stderr).toContain("1 of 2 refresh targets failed");

    const json = JSON.parse((await world.run(["refresh", "--json"], { cwd })).stdout);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual([join(cwd, "a.env")]);
    expect(json.failed).toEqual([
      expect.objectContaining({
        path: join(cwd, "b.env"),
        profile: "noaccess",
        error: expect.objectContaining({ code: "ACCESS_DENIED" }),
      }),
    ]);
  });

  it("exits 1 when every target failed but for reasons with different exit codes (no access: 1, read-only: 2)", async () => {
    await world.logIn();
    await addNoAccessProfile();
    const cwd = join(world.project, "mixed");
    await mkdir(cwd, { recursive: true });
    await writeFile(join(cwd, "b.env"), "KEEP=1\n");
    await chmod(join(cwd, "b.env"), 0o444);
    await writeFile(
      join(cwd, "ssoenv.toml"),
      '[[env_files]]\npath = "a.env"\nprofile = "noaccess"\n[[env_files]]\npath = "b.env"\nprofile = "dev"\n',
    );
    const result = await world.run(["refresh"], { cwd });
    // Both reasons said; the last one's own code (2) would claim "usage error" for a denied role.
    expect(result.stderr).toContain('No access to role "AdministratorAccess" in account 222222222222');
    expect(result.stderr).toContain("read-only");
    expect(result.exitCode).toBe(1);
    await expect(stat(join(cwd, "a.env"))).rejects.toThrow();
    expect(await readFile(join(cwd, "b.env"), "utf8")).toBe("KEEP=1\n");
  });

  it("an unwritable file (read-only, a folder in its place) fails alone: the others are written, exit 1", async () => {
    await world.logIn();
    const cwd = join(world.project, "files");
    await mkdir(join(cwd, "c.env"), { recursive: true }); // a folder where c.env should be
    await writeFile(join(cwd, "b.env"), "KEEP=1\n");
    await chmod(join(cwd, "b.env"), 0o444);
    await writeFile(
      join(cwd, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "a.env"\n[[env_files]]\npath = "b.env"\n[[env_files]]\npath = "c.env"\n[[env_files]]\npath = "d.env"\nprofile = "stg"\n',
    );
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode).toBe(1);
    expect(parse(await readFile(join(cwd, "a.env"))).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(parse(await readFile(join(cwd, "d.env"))).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(await readFile(join(cwd, "b.env"), "utf8")).toBe("KEEP=1\n");
    // Every target, in order, with its mark and, when it failed, why.
    const lines = result.stdout
      .trimEnd()
      .split("\n")
      .filter((line) => /^[✔✘] /.test(line));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^✔ a\.env \(created\) +dev /);
    expect(lines[1]).toMatch(/^✘ b\.env +dev +.*read-only/);
    expect(lines[2]).toMatch(/^✘ c\.env +dev +.*it is a folder, not a \.env file/);
    expect(lines[3]).toMatch(/^✔ d\.env \(created\) +stg /);
    expect(result.stderr).toContain("2 of 4 refresh targets failed");
    expect(result.stderr).not.toContain("unexpected error");
  });
});
