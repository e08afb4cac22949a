import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// A newcomer clones the team's repository: its ssoenv.toml names the team's profile, which their own
// ~/.aws/config calls otherwise. "Profile "ops" not found" alone does not say where "ops" came from.
const world = useCliWorld({ loggedIn: true });

let n = 0;
async function project(toml: string): Promise<string> {
  const dir = join(world.project, `named-${n++}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "ssoenv.toml"), toml);
  return dir;
}

describe("a profile the project's ssoenv.toml names and the config does not have", () => {
  it.each([[["status"]], [["ensure", "--no-input"]], [["env"]], [["login", "--no-input"]], [["logout"]]])(
    "ssoenv %j says ssoenv.toml named it, exit 2",
    async (args) => {
      const cwd = await project('profile = "ops"\n');
      const result = await world.run(args, { cwd });
      expect(result.exitCode).toBe(2);
      expect(result.stderr.split("\n")[0]).toBe(
        `ssoenv: Profile "ops" (from ${join(cwd, "ssoenv.toml")}) not found in ${world.configPath} (profiles there: dev, stg, legacy)`,
      );
    },
  );

  // The flag would work once; the file stays wrong for every run and every teammate.
  it("a typo of a profile the config has: the fix is the line of ssoenv.toml, not --profile", async () => {
    const cwd = await project('profile = "dve"\n');
    const toml = join(cwd, "ssoenv.toml");
    const result = await world.run(["status"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `\nhint: did you mean dev? profile = "dev" in ${toml}; else add a [profile dve] section`,
    );
    expect(result.stderr).not.toContain("--profile dev");
    const entry = await project('profile = "dev"\n[[env_files]]\npath = "a.env"\nprofile = "stj"\n');
    const refreshed = await world.run(["refresh"], { cwd: entry });
    expect(refreshed.exitCode).toBe(2);
    expect(refreshed.stderr).toContain(
      `hint: did you mean stg? profile = "stg" in ${join(entry, "ssoenv.toml")}; else`,
    );
  });

  it("typed with --profile, it is the flag's: ssoenv.toml is not blamed", async () => {
    const cwd = await project('profile = "ops"\n');
    const result = await world.run(["status", "--profile", "ops"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^ssoenv: Profile "ops" not found in /);
  });

  // `--profile dev` after exec's command is the command's (the AWS CLI's order), not ssoenv's.
  it("exec with the command's --profile: ssoenv.toml named it, and the hint moves --profile before the command", async () => {
    const cwd = await project('profile = "ops"\n');
    const result = await world.run(["exec", "aws", "s3", "ls", "--profile", "dev"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")).toEqual([
      `ssoenv: Profile "ops" (from ${join(cwd, "ssoenv.toml")}) not found in ${world.configPath} (profiles there: dev, stg, legacy)`,
      "hint: ssoenv's options go before the command: ssoenv exec --profile dev -- aws s3 ls",
      "",
    ]);
  });

  it("refresh: the target whose [[env_files]] entry names it says so; the others are written", async () => {
    const cwd = await project(
      'profile = "dev"\n[[env_files]]\npath = "a.env"\n[[env_files]]\npath = "b.env"\nprofile = "ops"\n',
    );
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`✔ a.env (created)  dev`);
    expect(result.stdout).toContain(
      `✘ b.env  ops  Profile "ops" (from ${join(cwd, "ssoenv.toml")}) not found in ${world.configPath}`,
    );
  });
});
