/**
 * What a blocked commit tells the user to do works when followed literally: the commands are taken
 * from the hook's message and run through sh, in a real repository with the installed hook.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { leakedSecrets, runSsoenv, ssoenvBin, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();
const commit = () => repo.git("commit", "-q", "-m", "test");

/** The command between backticks in the hint line that starts with `prefix`. */
function commandIn(stderr: string, prefix: string, starts: string): string {
  const line = stderr.split("\n").find((l) => l.startsWith(prefix));
  expect(line, `a hint line starting "${prefix}" in:\n${stderr}`).toBeDefined();
  const commands = [...(line as string).matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  const command = commands.find((c) => c.startsWith(starts));
  expect(command, `a \`${starts}…\` command in: ${line}`).toBeDefined();
  return command as string;
}

/** The `… scan --staged --write-baseline` command of the false-positive hint line. */
function acceptCommandIn(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.startsWith("- a false positive")) ?? "";
  const command = [...line.matchAll(/`([^`]+)`/g)]
    .map((m) => m[1] as string)
    .find((c) => c.endsWith(" scan --staged --write-baseline"));
  expect(command, `a \`… scan --staged --write-baseline\` command in: ${line}`).toBeDefined();
  return command as string;
}

function sh(command: string): number | null {
  // `ssoenv` in the hint: the built binary, through a function so that the words stay as printed.
  const withSsoenv = `ssoenv() { "${process.execPath}" "$SSOENV_BIN" "$@"; }\n${command}`;
  return spawnSync("sh", ["-c", withSsoenv], {
    cwd: repo.dir,
    env: { ...repo.env, SSOENV_BIN: ssoenvBin },
    stdio: "ignore",
  }).status;
}

describe("a commit blocked by the hook", () => {
  it("says how to unstage a file that must not be tracked, naming it (quoted), and that command unblocks the commit", () => {
    expect(runSsoenv(["hook", "install"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    repo.write("README.md", "hello\n");
    const secret = keys.secret();
    repo.write("my app.env", `AWS_SECRET_ACCESS_KEY=${secret}\n`);
    repo.git("add", "README.md", "my app.env");
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    expect(leakedSecrets([secret], blocked.stdout, blocked.stderr)).toEqual([]);

    const unstage = commandIn(blocked.stderr, "- a file that must not be tracked", "git rm --cached");
    expect(unstage).toBe("git rm --cached -- 'my app.env'");
    expect(sh(unstage)).toBe(0);
    expect(commit().status).toBe(0);
    expect(repo.git("show", "--name-only", "--format=", "HEAD").stdout.trim()).toBe("README.md");
  });

  it("a force-added .env that .gitignore lists: says so, rather than to list it", () => {
    expect(runSsoenv(["hook", "install"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    repo.write(".gitignore", ".env\n");
    repo.write(".env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.git("add", ".gitignore");
    repo.git("add", "-f", ".env");
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    const line = blocked.stderr.split("\n").find((l) => l.startsWith("- a file that must not be tracked"));
    expect(line).toBe(
      "- a file that must not be tracked at all (a .env): `git rm --cached -- .env`; .gitignore lists it already (it was added with git add -f)",
    );
    expect(sh(commandIn(blocked.stderr, "- a file that must not be tracked", "git rm --cached"))).toBe(0);
    expect(commit().status).toBe(0);
  });

  it("run by hand from a subfolder, names the file to unstage from there, and that command unblocks the commit", () => {
    repo.write("README.md", "hello\n");
    repo.write("app.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.write("docs/x.md", "docs\n");
    repo.git("add", "README.md", "app.env", "docs/x.md");
    const blocked = runSsoenv(["scan", "--staged"], { cwd: `${repo.dir}/docs`, env: repo.env });
    expect(blocked.status).toBe(1);
    const unstage = commandIn(blocked.stderr, "- a file that must not be tracked", "git rm --cached");
    expect(unstage).toBe("git rm --cached -- ../app.env");
    expect(sh(`cd docs && ${unstage}`)).toBe(0);
    expect(runSsoenv(["scan", "--staged"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
  });

  it("committed from a subfolder (git runs the hook at the root), names the file from that subfolder, and that command unblocks the commit", () => {
    expect(runSsoenv(["hook", "install"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    repo.write("docs/x.md", "docs\n");
    repo.write("app.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.git("add", "docs/x.md", "app.env");
    const inDocs = () =>
      spawnSync("git", ["commit", "-q", "-m", "test"], {
        cwd: join(repo.dir, "docs"),
        env: repo.env,
        encoding: "utf8",
      });
    const blocked = inDocs();
    expect(blocked.status).not.toBe(0);
    const unstage = commandIn(blocked.stderr, "- a file that must not be tracked", "git rm --cached");
    expect(unstage).toBe("git rm --cached -- ../app.env");
    expect(sh(`cd docs && ${unstage}`)).toBe(0);
    expect(inDocs().status).toBe(0);
    expect(repo.git("show", "--name-only", "--format=", "HEAD").stdout).toBe("docs/x.md\n");
  });

  it("says how to accept a false positive from wherever the user stands, and that command unblocks the commit", () => {
    expect(runSsoenv(["hook", "install"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    repo.write("docs/example.md", `aws_secret_access_key: ${keys.secret()}\n`);
    repo.git("add", "docs/example.md");
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    // ssoenv is not on PATH here: the hint names it as the hook ran it (the next test).
    const accept = acceptCommandIn(blocked.stderr);
    expect(sh(`cd docs && ${accept}`)).toBe(0);
    repo.git("add", ".ssoenv-scan-baseline.json");
    expect(commit().status).toBe(0);
  });

  it.each([["-a"], ["docs/example.md"]])(
    "a false positive in `git commit %s` (a temporary index): the accept command, run as printed, unblocks that commit",
    (arg) => {
      expect(runSsoenv(["hook", "install"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
      repo.write("docs/example.md", "# Example\n");
      repo.git("add", "docs/example.md");
      expect(commit().status).toBe(0);
      repo.write("docs/example.md", `# Example\naws_secret_access_key: ${keys.secret()}\n`);
      const commitThat = () => repo.git("commit", "-q", "-m", "test", arg);
      const blocked = commitThat();
      expect(blocked.status).not.toBe(0);
      // The refused commit's index is gone: what is staged is the old file.
      expect(repo.git("diff", "--cached", "--name-only").stdout).toBe("");
      expect(sh(acceptCommandIn(blocked.stderr))).toBe(0);
      repo.git("add", ".ssoenv-scan-baseline.json");
      expect(commitThat().status).toBe(0);
      expect(repo.git("show", "--name-only", "--format=", "HEAD").stdout).toContain("docs/example.md");
    },
  );

  it("with no ssoenv on PATH, names the command as the hook runs it, and that command, run as printed, unblocks the commit", () => {
    expect(spawnSync("sh", ["-c", "command -v ssoenv"], { env: repo.env }).status).not.toBe(0);
    expect(runSsoenv(["hook", "install"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    repo.write("docs/example.md", `aws_secret_access_key: ${keys.secret()}\n`);
    repo.git("add", "docs/example.md");
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    const accept = acceptCommandIn(blocked.stderr);
    expect(accept).not.toMatch(/^ssoenv /);
    const run = spawnSync("sh", ["-c", accept], { cwd: repo.dir, env: repo.env, stdio: "ignore" });
    expect(run.status).toBe(0);
    repo.git("add", ".ssoenv-scan-baseline.json");
    expect(commit().status).toBe(0);
  });

  // nvm and the like move Node.js: the hook then runs the `node` on PATH, and so must the command it prints.
  it("with the Node.js the hook was installed with gone, names the node it runs instead, and that command unblocks the commit", () => {
    expect(runSsoenv(["hook", "install"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    const hook = join(repo.dir, ".git", "hooks", "pre-commit");
    const script = readFileSync(hook, "utf8");
    expect(script).toMatch(/^ssoenv_node=.*$/m);
    writeFileSync(hook, script.replace(/^ssoenv_node=.*$/m, "ssoenv_node=/no/such/node-ssoenv-test"));
    repo.write("docs/example.md", `aws_secret_access_key: ${keys.secret()}\n`);
    repo.git("add", "docs/example.md");
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    const accept = acceptCommandIn(blocked.stderr);
    expect(accept).toMatch(/^node -- /);
    const run = spawnSync("sh", ["-c", accept], { cwd: repo.dir, env: repo.env, stdio: "ignore" });
    expect(run.status).toBe(0);
    repo.git("add", ".ssoenv-scan-baseline.json");
    expect(commit().status).toBe(0);
  });
});

/** The `… scan … --write-baseline …` command of a path scan's false-positive hint line. */
function pathAcceptCommandIn(stderr: string): string {
  return commandIn(stderr, "- a false positive", "ssoenv scan --write-baseline");
}

describe("a path scan that finds keys (`ssoenv scan PATH…`)", () => {
  it("a git-ignored .env named: the accept command, run as printed, accepts its keys (a scan of . skips that file)", () => {
    repo.write(".gitignore", "app.env\n");
    repo.write("app.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    const found = runSsoenv(["scan", "app.env"], { cwd: repo.dir, env: repo.env });
    expect(found.status).toBe(1);
    expect(sh(pathAcceptCommandIn(found.stderr))).toBe(0);
    expect(runSsoenv(["scan", "app.env"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
  });

  it("accepts only the files whose keys it showed, not every key in the work tree", () => {
    repo.write("a.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.write("b.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    const found = runSsoenv(["scan", "a.env"], { cwd: repo.dir, env: repo.env });
    expect(found.status).toBe(1);
    expect(sh(pathAcceptCommandIn(found.stderr))).toBe(0);
    expect(runSsoenv(["scan", "a.env"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    expect(runSsoenv(["scan", "b.env"], { cwd: repo.dir, env: repo.env }).status).toBe(1);
  });

  it("with --baseline FILE, the accept command writes that file, which the same scan then reads", () => {
    const scan = ["scan", "--baseline", "my baseline.json", "config"];
    repo.write("config/x.yml", "region: eu-west-1\n");
    expect(runSsoenv([...scan, "--write-baseline"], { cwd: repo.dir, env: repo.env }).status).toBe(0);
    repo.write("config/x.yml", `aws_secret_access_key: ${keys.secret()}\n`);
    const found = runSsoenv(scan, { cwd: repo.dir, env: repo.env });
    expect(found.status).toBe(1);
    expect(sh(pathAcceptCommandIn(found.stderr))).toBe(0);
    expect(runSsoenv(scan, { cwd: repo.dir, env: repo.env }).status).toBe(0);
  });
});
