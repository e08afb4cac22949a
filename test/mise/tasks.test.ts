import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { createProgram } from "../../packages/cli/src/create-program.js";
import {
  copyExampleProject,
  createBareProject,
  miseBin,
  pathWithoutShims,
  repoRoot,
} from "./support/mise-sandbox.js";
import { useMiseSandbox } from "./support/use-mise-world.js";

const TASKS = ["aws:doctor", "aws:login", "aws:refresh", "aws:status"];
const hasMise = existsSync(miseBin);
if (!hasMise)
  console.warn(`skipping test/mise/tasks.test.ts: mise is missing (${miseBin}); run pnpm install`);

interface ListedTask {
  name: string;
  description: string;
}

describe.skipIf(!hasMise)("mise tasks from plugins/mise (real mise)", () => {
  const sandbox = useMiseSandbox();

  it("lists aws:refresh, aws:login, aws:status and aws:doctor with descriptions in the example project", async () => {
    const project = await copyExampleProject(sandbox);
    const result = await sandbox.mise(["tasks", "ls", "--json"], { cwd: project });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const tasks = JSON.parse(String(result.stdout)) as ListedTask[];
    expect(tasks.map((t) => t.name).sort()).toEqual(TASKS);
    for (const task of tasks) {
      const command = task.name.replace("aws:", "ssoenv ");
      expect(task.description).toContain(`(${command})`);
    }
    const text = await sandbox.mise(["tasks"], { cwd: join(project, "apps/api") });
    for (const name of TASKS) expect(String(text.stdout)).toMatch(new RegExp(`^${name}\\s+\\S`, "m"));
  });

  it("shows each task's flags in `mise run <task> --help`", async () => {
    const project = await createBareProject(sandbox);
    const refresh = await sandbox.mise(["run", "aws:refresh", "--help"], { cwd: project });
    expect(String(refresh.stdout)).toContain("--profile <profile>");
    expect(String(refresh.stdout)).toContain("--env-file <file>");
    const login = await sandbox.mise(["run", "aws:login", "--help"], { cwd: project });
    expect(String(login.stdout)).toContain("--no-browser");
    // Every flag of the logins ssoenv's hints send the user to (`mise run aws:login --sso-session corp`).
    expect(String(login.stdout)).toContain("--sso-session <sso_session>");
    expect(String(login.stdout)).toContain("--use-device-code");
    const status = await sandbox.mise(["run", "aws:status", "--help"], { cwd: project });
    expect(String(status.stdout)).toContain("--json");
  });

  it("says how to install ssoenv and exits 127 when it is neither on PATH nor in node_modules/.bin", async () => {
    // A copy of the tasks without the plugin's own node_modules, and no ssoenv on PATH.
    const plugin = join(sandbox.root, "plugin-copy");
    await cp(join(repoRoot, "plugins/mise/tasks"), join(plugin, "tasks"), { recursive: true });
    await cp(join(repoRoot, "plugins/mise/lib"), join(plugin, "lib"), { recursive: true });
    const project = await createBareProject(sandbox, { tasksDir: join(plugin, "tasks") });
    const result = await sandbox.mise(["run", "aws:refresh"], {
      cwd: project,
      env: { PATH: pathWithoutShims(sandbox) },
    });
    expect(result.exitCode).toBe(127);
    expect(String(result.stderr)).toContain("ssoenv: command not found");
    // The root README's section on the release tarballs (the packages are not on the registry yet).
    expect(String(result.stderr)).toContain(
      "https://github.com/ssoenv/ssoenv#installing-before-the-packages-are-published",
    );
    expect(await readFile(join(repoRoot, "README.md"), "utf8")).toContain(
      "\n## Installing before the packages are published\n",
    );
  });
});

describe("the tasks' flags", () => {
  // A task passes its arguments to ssoenv unchanged; what it declares is what `mise run <task> --help`
  // and the plugin README show: exactly the options of the command it runs.
  it.each(TASKS)("%s declares every option of the ssoenv command it runs, and no other", async (task) => {
    const name = task.replace("aws:", "");
    const source = await readFile(join(repoRoot, "plugins/mise/tasks/aws", name), "utf8");
    const declared = [...source.matchAll(/^#USAGE flag "(?:-\w )?(--[\w-]+)/gm)].map((m) => m[1]);
    const program = await createProgram();
    const command = program.commands.find((c) => c.name() === name);
    const options = (command?.options ?? [])
      .filter((option) => !option.hidden && option.long)
      .map((option) => option.long as string);
    expect(options.length).toBeGreaterThan(0);
    expect(declared.sort()).toEqual(options.sort());
  });
});

describe.skipIf(!hasMise)("packing @ssoenv/mise-tasks", () => {
  const sandbox = useMiseSandbox();

  for (const packer of ["pnpm", "npm"] as const) {
    it(`keeps the tasks executable through \`${packer} pack\`, so mise still finds them after install`, async () => {
      const out = join(sandbox.root, "pack");
      await mkdir(out, { recursive: true });
      await execa(packer, ["pack", "--pack-destination", out], {
        cwd: join(repoRoot, "plugins/mise"),
        // The temporary HOME keeps npm's logs and cache out of the real one.
        env: { HOME: sandbox.home, npm_config_update_notifier: "false" },
      });
      const [tarball] = (await readdir(out)).filter((f) => f.endsWith(".tgz"));
      expect(tarball).toBeDefined();
      const listing = (await execa("tar", ["tzvf", join(out, tarball as string)])).stdout;
      for (const task of ["refresh", "login", "status", "doctor"]) {
        expect(listing).toMatch(new RegExp(`^-rwxr-xr-x .* package/tasks/aws/${task}$`, "m"));
      }
      expect(listing).toMatch(/^-rwxr-xr-x .* package\/hooks\/session-warning$/m);

      // Unpack where an install puts it and include the tasks from node_modules, as the README says.
      const project = join(sandbox.root, "consumer");
      const installed = join(project, "node_modules/@ssoenv/mise-tasks");
      await mkdir(installed, { recursive: true });
      await execa("tar", ["xzf", join(out, tarball as string), "-C", installed, "--strip-components=1"]);
      expect((await stat(join(installed, "tasks/aws/refresh"))).mode & 0o111).not.toBe(0);
      await createBareProject(sandbox, {
        name: "consumer",
        tasksDir: "node_modules/@ssoenv/mise-tasks/tasks",
      });
      const result = await sandbox.mise(["tasks", "ls", "--json"], { cwd: project });
      expect(result.exitCode, String(result.stderr)).toBe(0);
      expect((JSON.parse(String(result.stdout)) as ListedTask[]).map((t) => t.name).sort()).toEqual(TASKS);
    });
  }
});
