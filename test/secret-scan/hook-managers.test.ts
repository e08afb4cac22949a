/**
 * `ssoenv hook` next to the hook managers teams already use (husky, the pre-commit framework):
 * real git commits through the built binary.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { hasProgram, requireTool, runSsoenv, ssoenvBin, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();
const ssoenv = (...args: string[]) => runSsoenv(args, { cwd: repo.dir, env: repo.env });
const commit = () => repo.git("commit", "-q", "--allow-empty", "-m", "test");

/**
 * The layout husky 9's install leaves (core.hooksPath = .husky/_, one generated hook per name that
 * runs the team's `.husky/<its own name>`), written here rather than downloaded. What matters is
 * the dispatch on the hook's own file name: a hook renamed pre-commit.local runs nothing.
 */
function setUpHusky9(): void {
  const generated = join(repo.dir, ".husky", "_");
  mkdirSync(generated, { recursive: true });
  writeFileSync(join(generated, ".gitignore"), "*");
  writeFileSync(
    join(generated, "h"),
    '#!/usr/bin/env sh\nscript="$(dirname "$(dirname "$0")")/$(basename "$0")"\n[ -f "$script" ] || exit 0\nsh -e "$script" "$@"\n',
  );
  writeFileSync(join(generated, "husky.sh"), "");
  writeFileSync(join(generated, "pre-commit"), '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n');
  chmodSync(join(generated, "pre-commit"), 0o755);
  repo.git("config", "core.hooksPath", ".husky/_");
  // The team's own pre-commit script: it refuses every commit, so we can see that it ran.
  writeFileSync(join(repo.dir, ".husky", "pre-commit"), 'echo "team hook ran" >&2\nexit 1\n');
}

describe("ssoenv hook install with husky", () => {
  it("refuses (exit 2) in husky 9's .husky/_, says where the command goes, and leaves husky's hook running", () => {
    setUpHusky9();
    expect(commit().stderr).toContain("team hook ran");
    const before = readdirSync(join(repo.dir, ".husky", "_")).sort();

    const r = ssoenv("hook", "install");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is managed by husky");
    // husky 9 runs .husky/pre-merge-commit on merges too: the merges ssoenv would otherwise scan.
    expect(r.stderr).toContain(
      "add the line `ssoenv scan --staged` to .husky/pre-commit and .husky/pre-merge-commit",
    );
    expect(readdirSync(join(repo.dir, ".husky", "_")).sort()).toEqual(before);
    // Still husky's hook: the team's script still runs and still blocks.
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain("team hook ran");
  });

  it("refuses in husky 5-8's .husky (a committed folder) too", () => {
    mkdirSync(join(repo.dir, ".husky", "_"), { recursive: true });
    writeFileSync(join(repo.dir, ".husky", "_", "husky.sh"), "");
    writeFileSync(
      join(repo.dir, ".husky", "pre-commit"),
      '#!/bin/sh\n. "$(dirname "$0")/_/husky.sh"\nexit 0\n',
      {
        mode: 0o755,
      },
    );
    repo.git("config", "core.hooksPath", ".husky");
    const r = ssoenv("hook", "install");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("to .husky/pre-commit");
    expect(existsSync(join(repo.dir, ".husky", "pre-commit.local"))).toBe(false);
  });

  it("the command husky is told to run blocks a staged key", () => {
    setUpHusky9();
    const bin = join(repo.dir, "..", "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "ssoenv"), `#!/bin/sh\nexec '${process.execPath}' '${ssoenvBin}' "$@"\n`, {
      mode: 0o755,
    });
    writeFileSync(join(repo.dir, ".husky", "pre-commit"), "ssoenv scan --staged\n");
    repo.write("README.md", "hello\n");
    repo.git("add", "README.md");
    const env = { ...repo.env, PATH: `${bin}:${repo.env.PATH}` };
    const clean = spawnSync("git", ["commit", "-q", "-m", "clean"], { cwd: repo.dir, env, encoding: "utf8" });
    expect(clean.status).toBe(0);
    repo.write("k.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    repo.git("add", "-f", "k.env");
    const blocked = spawnSync("git", ["commit", "-q", "-m", "key"], { cwd: repo.dir, env, encoding: "utf8" });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain("k.env:1:19 aws-access-key-id");
  });
});

describe.runIf(requireTool("pre-commit", hasProgram("pre-commit")))(
  "ssoenv hook with the pre-commit framework",
  () => {
    const hooks = () => join(repo.dir, ".git", "hooks");
    const preCommitInstall = () =>
      spawnSync("pre-commit", ["install"], { cwd: repo.dir, env: repo.env, encoding: "utf8" });

    it("uninstall after `pre-commit install` removes ours from pre-commit.legacy and puts the hook before it back", () => {
      mkdirSync(hooks(), { recursive: true });
      const previous = "#!/bin/sh\nexit 0\n";
      writeFileSync(join(hooks(), "pre-commit"), previous, { mode: 0o755 });
      expect(ssoenv("hook", "install").status).toBe(0);
      expect(preCommitInstall().status).toBe(0);
      expect(readFileSync(join(hooks(), "pre-commit.legacy"), "utf8")).toContain("# ssoenv-hook: pre-commit");

      const r = ssoenv("hook", "uninstall");
      expect(r.status).toBe(0);
      expect(r.stderr).toContain("Removed the ssoenv hook that pre-commit ran as");
      expect(readFileSync(join(hooks(), "pre-commit.legacy"), "utf8")).toBe(previous);
      expect(existsSync(join(hooks(), "pre-commit.local"))).toBe(false);
      expect(readFileSync(join(hooks(), "pre-commit"), "utf8")).toContain("pre-commit.com");
    });

    it("uninstall after `pre-commit install` with no hook before ours leaves pre-commit's own hook alone", () => {
      expect(ssoenv("hook", "install").status).toBe(0);
      expect(preCommitInstall().status).toBe(0);
      expect(ssoenv("hook", "uninstall").status).toBe(0);
      expect(existsSync(join(hooks(), "pre-commit.legacy"))).toBe(false);
      expect(readFileSync(join(hooks(), "pre-commit"), "utf8")).toContain("pre-commit.com");
    });
  },
);

describe("ssoenv hook install with core.hooksPath", () => {
  it("refuses (exit 2) a hooks folder committed in the repository, changing nothing, and says where the command goes", () => {
    // The team's hooks, committed, as `git config core.hooksPath .githooks` setups keep them.
    mkdirSync(join(repo.dir, ".githooks"));
    writeFileSync(join(repo.dir, ".githooks", "pre-commit"), '#!/bin/sh\necho "team hook ran" >&2\n', {
      mode: 0o755,
    });
    repo.git("add", ".githooks");
    expect(commit().status).toBe(0);
    repo.git("config", "core.hooksPath", ".githooks");

    const r = ssoenv("hook", "install");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("holds files committed in this repository");
    expect(r.stderr).toContain(
      "add the line `ssoenv scan --staged` to .githooks/pre-commit and .githooks/pre-merge-commit",
    );
    // Nothing to commit by accident: no hook with this machine's paths in the team's folder.
    expect(repo.git("status", "--porcelain").stdout).toBe("");
    expect(readdirSync(join(repo.dir, ".githooks"))).toEqual(["pre-commit"]);
    expect(commit().stderr).toContain("team hook ran");
  });
});

describe("ssoenv hook install where git quotes or trims paths", () => {
  it("refuses a committed hooks folder in a repository whose folder name ends with a space", () => {
    const dir = join(repo.dir, "..", "team repo ");
    mkdirSync(join(dir, ".githooks"), { recursive: true });
    const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, env: repo.env, encoding: "utf8" });
    git("init", "-q");
    writeFileSync(join(dir, ".githooks", "pre-commit"), "#!/bin/sh\n", { mode: 0o755 });
    git("add", ".githooks");
    git("config", "core.hooksPath", ".githooks");
    const r = runSsoenv(["hook", "install"], { cwd: dir, env: repo.env });
    expect(r.stderr).toContain("holds files committed in this repository");
    expect(r.status).toBe(2);
    expect(readdirSync(join(dir, ".githooks"))).toEqual(["pre-commit"]);
  });

  it("names the config file setting an outside core.hooksPath as it is (a space, not ASCII), not C-quoted", () => {
    const config = join(repo.env.HOME as string, "my config", "gitconfig-ö");
    const env = { ...repo.env, GIT_CONFIG_GLOBAL: config };
    mkdirSync(join(repo.env.HOME as string, "my config"));
    writeFileSync(config, `[core]\n\thooksPath = ${join(repo.env.HOME as string, "shared hooks")}\n`);
    const r = runSsoenv(["hook", "install"], { cwd: repo.dir, env });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`core.hooksPath (set in ${config}) is outside this repository`);
    expect(runSsoenv(["hook", "uninstall"], { cwd: repo.dir, env }).status).toBe(0);
  });
});

describe("ssoenv hook install with a core.hooksPath outside the repository", () => {
  it("installs there and says the hooks run in every repository using it, naming the config that sets it", () => {
    const shared = join(repo.env.HOME as string, "git-hooks");
    repo.git("config", "--global", "core.hooksPath", shared);
    const r = ssoenv("hook", "install");
    expect(r.status).toBe(0);
    expect(existsSync(join(shared, "pre-commit"))).toBe(true);
    expect(r.stderr).toContain(
      `core.hooksPath (set in ${join(repo.env.HOME as string, ".gitconfig")}) is outside this repository: these hooks run in every repository that uses it`,
    );
    const removed = ssoenv("hook", "uninstall");
    expect(removed.status).toBe(0);
    expect(removed.stderr).toContain("these hooks run in every repository that uses it");
    expect(existsSync(join(shared, "pre-commit"))).toBe(false);
  });
});
