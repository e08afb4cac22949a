import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { AWS_CLI_V2, awsCliV2Version, skipWithoutAwsCliV2 } from "../test-support/aws-cli.js";
import { findAwsCli, parseAwsCliVersion, requireAwsCli } from "./find-aws-cli.js";

/** A real executable that answers `--version` like an AWS CLI of the given version. */
async function fakeAws(dir: string, version: string, stream: "stdout" | "stderr"): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "aws");
  const redirect = stream === "stderr" ? " >&2" : "";
  await writeFile(
    path,
    `#!/bin/sh\necho "aws-cli/${version} Python/3.9.2 Linux/6.1 botocore/1.31.0"${redirect}\n`,
    { mode: 0o755 },
  );
  return path;
}

/**
 * A fake `aws` (a shell script) that appends "start <name> <pid>" to `log`, runs `body` (which may
 * wait), appends "end <name>" and prints `version`, as AWS CLI v2 does, on stdout.
 */
async function scriptedAws(options: {
  dir: string;
  name: string;
  log: string;
  version: string;
  body: string;
}): Promise<string> {
  const bin = join(options.dir, options.name);
  await mkdir(bin, { recursive: true });
  const path = join(bin, "aws");
  await writeFile(
    path,
    [
      "#!/bin/sh",
      // findAwsCli passes the caller's env, whose PATH holds only the fakes.
      "PATH=/usr/bin:/bin",
      `echo "start ${options.name} $$" >> '${options.log}'`,
      options.body,
      `echo "end ${options.name}" >> '${options.log}'`,
      `echo "aws-cli/${options.version} Python/3.11.2 Linux/6.1"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  return path;
}

/**
 * A real executable (a Node script, not a shell script: shell scripts are taken for a version
 * manager's shim) that appends a line to `<dir>/calls` each time it runs and answers `--version`
 * like an AWS CLI v2 of `version`.
 */
async function countingAws(
  dir: string,
  version: string,
): Promise<{ path: string; calls: () => Promise<number> }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "aws");
  const calls = join(dir, "calls");
  await writeFile(
    path,
    [
      `#!${process.execPath}`,
      `require("node:fs").appendFileSync(${JSON.stringify(calls)}, "call\\n");`,
      `console.log("aws-cli/${version} Python/3.11.2 Linux/6.1 exe/x86_64");`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  return {
    path,
    calls: async () => (await readFile(calls, "utf8").catch(() => "")).split("\n").filter(Boolean).length,
  };
}

/**
 * A pyenv layout in `root`: `shims/aws` is the shim `pyenv rehash` writes (pyenv 2.6's text), and
 * `libexec/pyenv` does what the shim and ssoenv ask of pyenv (`exec` and `which` of a command, for
 * PYENV_VERSION, else the version in `$PYENV_ROOT/version`); `tools/` holds the bash the shim's
 * `/usr/bin/env bash` looks for, and no aws. CI has no pyenv: this is its interface, not its code.
 */
async function pyenvLayout(root: string): Promise<{ shim: string; path: string }> {
  await mkdir(join(root, "shims"), { recursive: true });
  await mkdir(join(root, "libexec"), { recursive: true });
  await mkdir(join(root, "tools"), { recursive: true });
  await symlink("/bin/bash", join(root, "tools", "bash"));
  const pyenv = join(root, "libexec", "pyenv");
  await writeFile(
    pyenv,
    [
      "#!/bin/sh",
      "command=$1 program=$2; shift 2",
      'version=$PYENV_VERSION; [ -n "$version" ] || read -r version < "$PYENV_ROOT/version"',
      'target="$PYENV_ROOT/versions/$version/bin/$program"',
      '[ -x "$target" ] || { echo "pyenv: $program: command not found" >&2; exit 127; }',
      'case $command in which) echo "$target" ;; exec) exec "$target" "$@" ;; esac',
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const shim = join(root, "shims", "aws");
  await writeFile(
    shim,
    [
      "#!/usr/bin/env bash",
      "set -e",
      '[ -n "$PYENV_DEBUG" ] && set -x',
      "",
      `program="\${0##*/}"`,
      "",
      `export PYENV_ROOT="${root}"`,
      `SHIM_PATH=\${0%/*}`,
      `if [[ $SHIM_PATH != "${root}/shims" ]]; then`,
      '  export _PYENV_SHIM_PATH="$SHIM_PATH"',
      "fi",
      `exec "${pyenv}" exec "$program" "$@"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  return { shim, path: `${join(root, "shims")}:${join(root, "tools")}` };
}

/**
 * Shell that waits until `log` has `count` lines starting with `prefix`. No bound of its own (on a
 * loaded machine the other fake may start seconds later): if that start never comes, findAwsCli's
 * 15 s timeout for `aws --version` ends the wait, and the test fails on what it found.
 */
function waitForLines(log: string, prefix: string, count: number): string {
  return `while [ "$(grep -c '^${prefix}' '${log}')" -lt ${count} ]; do sleep 0.02; done`;
}

/** Whether the process is gone, asking for up to `ms` milliseconds. */
async function exited(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 20) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe("findAwsCli", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssoenv-awscli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("parses the version line of v1 and v2", () => {
    expect(
      parseAwsCliVersion("aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off"),
    ).toBe("2.9.19");
    expect(parseAwsCliVersion("aws-cli/1.29.0 Python/3.9 Linux/5 botocore/1.31.0")).toBe("1.29.0");
    expect(parseAwsCliVersion("bash: aws: not found")).toBeUndefined();
  });

  it.skipIf(skipWithoutAwsCliV2())(
    "skips a v1 that comes first on PATH and picks the v2 after it",
    async () => {
      const v1 = await fakeAws(join(dir, "v1"), "1.29.0", "stderr");
      const search = await findAwsCli({ env: { PATH: `${join(dir, "v1")}:/usr/bin` } });
      expect(search.cli).toEqual({ path: AWS_CLI_V2, version: awsCliV2Version });
      expect(search.found[0]).toEqual({ path: v1, version: "1.29.0" });
    },
  );

  it("AWS_CLI_TOO_OLD lists what it found and says what to install", async () => {
    await fakeAws(join(dir, "v1"), "1.29.0", "stderr");
    await fakeAws(join(dir, "v28"), "2.8.9", "stdout");
    const error = await requireAwsCli({ env: { PATH: `${join(dir, "v1")}:${join(dir, "v28")}` } }).catch(
      (e: unknown) => e,
    );
    expect(isSsoenvError(error, "AWS_CLI_TOO_OLD")).toBe(true);
    expect((error as Error).message).toContain("aws-cli/1.29.0");
    expect((error as Error).message).toContain("aws-cli/2.8.9");
    expect((error as { hint: string }).hint).toContain("mise use -g awscli");
    expect((error as { hint: string }).hint).toContain("awscli");
  });

  it.each([
    ["a path that does not exist", (d: string) => join(d, "nowhere", "aws"), "does not exist"],
    ["a folder", (d: string) => d, "is not a file"],
  ])(
    "SSOENV_AWS_CLI naming %s: ENVIRONMENT_INVALID naming the setting, not 'too old'",
    async (_, at, said) => {
      const path = at(dir);
      const search = await findAwsCli({ env: { PATH: "/usr/bin", SSOENV_AWS_CLI: path } });
      expect(search.cli).toBeUndefined();
      expect(search.unusableSetting).toBe(`SSOENV_AWS_CLI=${path} ${said}`);
      const error = await requireAwsCli({ env: { PATH: "/usr/bin", SSOENV_AWS_CLI: path } }).catch(
        (e: unknown) => e,
      );
      expect(isSsoenvError(error, "ENVIRONMENT_INVALID")).toBe(true);
      expect((error as Error).message).toBe(`SSOENV_AWS_CLI=${path} ${said}`);
      expect((error as { hint: string }).hint).toContain("unset SSOENV_AWS_CLI");
    },
  );

  it("lists an AWS CLI reached by several paths (symlinks) once", async () => {
    const v1 = await fakeAws(join(dir, "v1"), "1.29.0", "stderr");
    await mkdir(join(dir, "link"));
    await symlink(v1, join(dir, "link", "aws"));
    const search = await findAwsCli({ env: { PATH: `${join(dir, "link")}:${join(dir, "v1")}` } });
    expect(search.found).toEqual([{ path: join(dir, "link", "aws"), version: "1.29.0" }]);
  });

  it("reads the version even when the config file is one the AWS CLI refuses", async () => {
    const path = join(dir, "picky", "aws");
    await mkdir(join(dir, "picky"));
    // Like the AWS CLI: no version, only "Unable to parse config file", on a config it cannot parse.
    await writeFile(
      path,
      `#!/bin/sh\nif [ -s "$AWS_CONFIG_FILE" ]; then echo "Unable to parse config file: $AWS_CONFIG_FILE" >&2; exit 255; fi\necho "aws-cli/2.31.4 Python/3.11"\n`,
      { mode: 0o755 },
    );
    const config = join(dir, "config");
    await writeFile(config, "[profile dev\n");
    const search = await findAwsCli({ env: { PATH: join(dir, "picky"), AWS_CONFIG_FILE: config } });
    expect(search.cli).toEqual({ path, version: "2.31.4" });
  });

  it("AWS_CLI_MISSING when no aws is on PATH", async () => {
    const error = await requireAwsCli({ env: { PATH: dir } }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "AWS_CLI_MISSING")).toBe(true);
    // login()'s option by default; ensureSession's is `login` (test/examples/core-hints.test.ts).
    expect((error as { hint: string }).hint).toMatch(/ — or log in with \{ method: "native" \}$/);
  });

  it("accepts a v2 of 2.9.0 or later", async () => {
    const path = await fakeAws(join(dir, "new"), "2.31.4", "stdout");
    expect((await findAwsCli({ env: { PATH: join(dir, "new") } })).cli).toEqual({ path, version: "2.31.4" });
  });

  it("asks every aws on PATH for its version at once, and answers in PATH order", async () => {
    const log = join(dir, "log");
    await writeFile(log, "");
    // Each waits for the other to start: asked one after the other, the first would wait until the 15 s timeout.
    const v1 = await scriptedAws({
      dir,
      name: "v1",
      log,
      version: "1.29.0",
      body: waitForLines(log, "start", 2),
    });
    const v2 = await scriptedAws({
      dir,
      name: "v2",
      log,
      version: "2.31.4",
      body: waitForLines(log, "start", 2),
    });
    const search = await findAwsCli({ env: { PATH: `${dirname(v1)}:${dirname(v2)}` } });
    expect(search).toEqual({
      cli: { path: v2, version: "2.31.4" },
      found: [
        { path: v1, version: "1.29.0" },
        { path: v2, version: "2.31.4" },
      ],
    });
    const events = (await readFile(log, "utf8"))
      .trim()
      .split("\n")
      .map((line) => line.split(" ")[0]);
    expect(events).toEqual(["start", "start", "end", "end"]);
  });

  it("stops the aws behind the one it picks", async () => {
    const log = join(dir, "log");
    await writeFile(log, "");
    // The one behind blocks (the shell itself, no child) on a pipe nobody writes to.
    const never = join(dir, "never");
    execFileSync("mkfifo", [never]);
    const picked = await scriptedAws({
      dir,
      name: "picked",
      log,
      version: "2.31.4",
      body: waitForLines(log, "start behind", 1),
    });
    const behind = await scriptedAws({
      dir,
      name: "behind",
      log,
      version: "2.31.5",
      body: `read line < '${never}'`,
    });
    const search = await findAwsCli({ env: { PATH: `${dirname(picked)}:${dirname(behind)}` } });
    expect(search).toEqual({
      cli: { path: picked, version: "2.31.4" },
      found: [{ path: picked, version: "2.31.4" }],
    });
    const started = /^start behind (\d+)$/m.exec(await readFile(log, "utf8"));
    expect(started, "the aws behind was asked too").not.toBeNull();
    // Left alone it would block until the 15 s timeout.
    // Under 15 s: a bound for the failing case only (the exit is usually seen within milliseconds).
    expect(await exited(Number(started?.[1]), 10_000)).toBe(true);
    expect(await readFile(log, "utf8")).not.toContain("end behind");
  });
});

describe("findAwsCli remembers versions in ~/.aws/ssoenv/aws-cli-versions.json", () => {
  let home: string;
  let versionsFile: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "ssoenv-awscli-home-"));
    versionsFile = join(home, ".aws", "ssoenv", "aws-cli-versions.json");
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("an AWS CLI asked once is not asked again while its file is unchanged", async () => {
    const aws = await countingAws(join(home, "bin"), "2.31.4");
    const env = { HOME: home, PATH: join(home, "bin") };
    const probed: string[][] = [];
    expect((await findAwsCli({ env, onProbe: (paths) => probed.push(paths) })).cli).toEqual({
      path: aws.path,
      version: "2.31.4",
    });
    expect(await aws.calls()).toBe(1);
    expect(probed).toEqual([[aws.path]]);
    expect(JSON.parse(await readFile(versionsFile, "utf8")).clis[aws.path]).toMatchObject({
      version: "2.31.4",
    });
    // Another process (this one's own memory is not asked: the same file under a new name).
    await mkdir(join(home, "link"));
    await symlink(aws.path, join(home, "link", "aws"));
    const again = await findAwsCli({
      env: { HOME: home, PATH: join(home, "link") },
      onProbe: (paths) => probed.push(paths),
    });
    expect(again.cli).toEqual({ path: join(home, "link", "aws"), version: "2.31.4" });
    expect(await aws.calls()).toBe(1);
    expect(probed).toHaveLength(1);
  });

  it("asks again once the file changed (an upgrade), and a corrupt file is ignored and replaced", async () => {
    const aws = await countingAws(join(home, "bin"), "2.31.4");
    await mkdir(dirname(versionsFile), { recursive: true });
    await writeFile(versionsFile, '{"clis": {"');
    const env = { HOME: home, PATH: join(home, "bin") };
    expect((await findAwsCli({ env })).cli?.version).toBe("2.31.4");
    expect(await aws.calls()).toBe(1);
    const entry = JSON.parse(await readFile(versionsFile, "utf8")).clis[aws.path];
    // Same path, another mtime: a new name for it, so this process's memory does not answer either.
    await utimes(aws.path, new Date(), new Date(entry.mtimeMs + 5_000));
    await mkdir(join(home, "link"));
    await symlink(aws.path, join(home, "link", "aws"));
    await findAwsCli({ env: { HOME: home, PATH: join(home, "link") } });
    expect(await aws.calls()).toBe(2);
  });

  it("a shell script (a pyenv, asdf or mise shim runs whichever version is selected) is asked every time", async () => {
    await fakeAws(join(home, "shim"), "2.31.4", "stdout");
    const search = await findAwsCli({ env: { HOME: home, PATH: join(home, "shim") } });
    expect(search.cli?.version).toBe("2.31.4");
    await expect(readFile(versionsFile, "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("a pyenv shim's answer is remembered for the file pyenv runs for it, and asked again for another", async () => {
    const root = join(home, "pyenv");
    const { shim, path } = await pyenvLayout(root);
    const v1 = await countingAws(join(root, "versions", "3.11.7", "bin"), "1.45.11");
    const v2 = await countingAws(join(root, "versions", "3.12.1", "bin"), "2.31.4");
    await writeFile(join(root, "version"), "3.11.7\n");
    const env = { HOME: home, PATH: path };
    expect(await findAwsCli({ env })).toEqual({ found: [{ path: shim, version: "1.45.11" }] });
    expect(await findAwsCli({ env })).toMatchObject({ found: [{ path: shim, version: "1.45.11" }] });
    expect(await v1.calls()).toBe(1);
    // What the next process reads: the answer under the file the shim runs now, not the shim.
    const { clis } = JSON.parse(await readFile(versionsFile, "utf8"));
    expect(Object.keys(clis)).toEqual([v1.path]);
    expect(clis[v1.path]).toMatchObject({ version: "1.45.11" });
    // Another version selected (PYENV_VERSION, a .python-version, pyenv global): another file, asked.
    expect((await findAwsCli({ env: { ...env, PYENV_VERSION: "3.12.1" } })).cli).toEqual({
      path: shim,
      version: "2.31.4",
    });
    expect(await v2.calls()).toBe(1);
    // The same version's aws rewritten (pip install --upgrade awscli): asked again.
    const { mtimeMs } = clis[v1.path];
    await utimes(v1.path, new Date(), new Date(mtimeMs + 5_000));
    expect((await findAwsCli({ env })).found).toEqual([{ path: shim, version: "1.45.11" }]);
    expect(await v1.calls()).toBe(2);
  });

  it("a pyenv shim whose version has no aws, or runs a shell script, is asked every time", async () => {
    const root = join(home, "pyenv");
    const { shim, path } = await pyenvLayout(root);
    await fakeAws(join(root, "versions", "3.11.7", "bin"), "2.31.4", "stdout");
    await writeFile(join(root, "version"), "3.11.7\n");
    expect((await findAwsCli({ env: { HOME: home, PATH: path } })).cli).toEqual({
      path: shim,
      version: "2.31.4",
    });
    expect(await findAwsCli({ env: { HOME: home, PATH: path, PYENV_VERSION: "3.9.18" } })).toEqual({
      found: [{ path: shim }],
    });
    await expect(readFile(versionsFile, "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("requireAwsCli asks again before saying the AWS CLI is too old on the word of the file", async () => {
    const aws = await countingAws(join(home, "bin"), "2.31.4");
    const env = { HOME: home, PATH: join(home, "bin") };
    const { stat } = await import("node:fs/promises");
    const { mtimeMs, size } = await stat(aws.path);
    await mkdir(dirname(versionsFile), { recursive: true });
    await writeFile(
      versionsFile,
      JSON.stringify({ clis: { [aws.path]: { mtimeMs, size, version: "2.8.0" } } }),
    );
    // The remembered answer is used as it is...
    expect(await findAwsCli({ env })).toEqual({
      found: [{ path: aws.path, version: "2.8.0" }],
      remembered: true,
    });
    expect(await aws.calls()).toBe(0);
    // ...but never to refuse.
    expect(await requireAwsCli({ env })).toEqual({ path: aws.path, version: "2.31.4" });
    expect(await aws.calls()).toBe(1);
  });

  it.skipIf(skipWithoutAwsCliV2())("remembers the real AWS CLI v2", async () => {
    const search = await findAwsCli({ env: { HOME: home, PATH: dirname(AWS_CLI_V2) } });
    expect(search.cli).toEqual({ path: AWS_CLI_V2, version: awsCliV2Version });
    const { realpath } = await import("node:fs/promises");
    expect(JSON.parse(await readFile(versionsFile, "utf8")).clis[await realpath(AWS_CLI_V2)]).toMatchObject({
      version: awsCliV2Version,
    });
  });
});
