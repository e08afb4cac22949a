import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeSignInRecord } from "@ssoenv/core/internal";
import { beforeEach, describe, expect, it } from "vitest";
import { CLI_BIN, type CliWorld, startCliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

const world = useCliWorld();

const KEY_ID = /^ASIA[A-Z0-9]{16}$/;

describe("ssoenv for a person", () => {
  it("prints --version", async () => {
    const version = JSON.parse(
      await readFile(new URL("../../packages/cli/package.json", import.meta.url), "utf8"),
    ).version;
    const result = await world.run(["--version"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  // The CLI README: "Every command has --help with examples" (every command and subcommand).
  it.each([
    "login",
    "logout",
    "console",
    "sessions",
    "status",
    "ensure",
    "env",
    "refresh",
    "exec",
    "credential-process",
    "serve",
    "profiles sync",
    "profiles list",
    "doctor",
    "scan",
    "hook install",
    "hook uninstall",
  ])("shows help with examples for %s", async (command) => {
    const result = await world.run([...command.split(" "), "--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Usage: ssoenv ${command}`);
    expect(result.stdout).toContain("Examples:");
    expect(result.stdout).toContain(`$ ssoenv ${command}`);
  });

  it("scan --help lists the exit codes the secret-scan README gives, the incomplete scan's 2 too", async () => {
    const result = await world.run(["scan", "--help"]);
    expect(result.stdout.replace(/\s+/g, " ")).toContain(
      "Exit codes: 0 clean, 1 findings, 2 usage error, or nothing found while some file under the paths could not be read",
    );
  });

  it.each(["ensure", "env", "exec", "refresh"])(
    "%s --help words --min-validity as the one session check",
    async (command) => {
      const result = await world.run([command, "--help"]);
      expect(result.stdout.replace(/\s+/g, " ")).toContain(
        "log in again first when the session ends sooner than this",
      );
    },
  );

  it("refresh --help names both region variables refresh writes, and what happens without a region", async () => {
    const result = await world.run(["refresh", "--help"]);
    expect(result.stdout.replace(/\s+/g, " ")).toContain(
      "(and AWS_REGION and AWS_DEFAULT_REGION when the profile has a region; without one, the region ssoenv wrote for another profile goes, one set by hand stays)",
    );
  });

  it("logout --help lists where the profile comes from, in resolveProfileName's order", async () => {
    const result = await world.run(["logout", "--help"]);
    expect(result.stdout.replace(/\s+/g, " ")).toContain(
      "(default: ssoenv.toml `profile`, then SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, `default`)",
    );
  });

  it("help NAME: that command's help, exit 0; an unknown NAME is a usage error, exit 2", async () => {
    const known = await world.run(["help", "login"]);
    expect(known.exitCode).toBe(0);
    expect(known.stdout).toContain("Usage: ssoenv login");
    const all = await world.run(["help"]);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain("Usage: ssoenv [options] [command]");
    expect(all.stdout.replace(/\s+/g, " ")).toContain("exec exits with its command's exit code");
    const unknown = await world.run(["help", "bogus"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toBe("ssoenv: unknown command 'bogus'\nhint: ssoenv --help\n");
  });

  it("exits 2 on an unknown command or option", async () => {
    expect((await world.run(["bogus"])).exitCode).toBe(2);
    expect((await world.run(["status", "--bogus"])).exitCode).toBe(2);
    expect((await world.run(["env", "--format", "xml"])).exitCode).toBe(2);
  });

  it("uses no colour with NO_COLOR, even when FORCE_COLOR asks for it", async () => {
    const args = ["status", "--profile", "nope"];
    const forced = await world.run(args, { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(forced.stderr).toContain("\u001b[");
    const plain = await world.run(args, { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(plain.stderr).not.toContain("\u001b[");
    expect(plain.stderr.length).toBeGreaterThan(0);
  });

  it("reads CI and FORCE_COLOR as the rest of ssoenv does: CI=false, 0, no, off and FORCE_COLOR=0 or false colour no pipe", async () => {
    const args = ["status", "--profile", "nope"];
    const stderrWith = async (env: NodeJS.ProcessEnv) =>
      (await world.run(args, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, ...env } }))
        .stderr;
    // A CI job's log renders colours, and CI=true is one.
    expect(await stderrWith({ CI: "true" })).toContain("\u001b[");
    // CI=false, 0, no, off are "not CI" for logins (README): a pipe then gets plain text, as with no CI.
    for (const ci of ["false", "0", "", "no", "Off"])
      expect(await stderrWith({ CI: ci }), `CI=${ci}`).not.toContain("\u001b[");
    // FORCE_COLOR=0 and FORCE_COLOR=false mean no colour (Node.js, supports-color), even in CI.
    for (const force of ["0", "false"])
      expect(await stderrWith({ CI: "true", FORCE_COLOR: force }), `FORCE_COLOR=${force}`).not.toContain(
        "\u001b[",
      );
    // A vendor's CI log may not render colours (Jenkins' console, CodeBuild's CloudWatch show them raw):
    // without CI set, its variables colour nothing.
    expect(await stderrWith({ JENKINS_URL: "https://jenkins.example/", BUILD_ID: "17" })).not.toContain(
      "\u001b[",
    );
    // An argument meant for another program is not ssoenv's colour switch.
    const exec = await world.run(["exec", "--profile", "nope", "--", "ls", "--color"], {
      env: { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined },
    });
    expect(exec.exitCode).toBe(2);
    expect(exec.stderr).not.toContain("\u001b[");
  });
});

describe("before logging in", () => {
  // A world of its own: the file's world is signed in by the tests below, whatever order they run in.
  const signedOut = useCliWorld();

  it("status says not logged in and exits 3", async () => {
    const result = await signedOut.run(["status", "--profile", "dev"]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain("not logged in");
    expect(result.stderr).toContain("ssoenv login --profile dev");
    // status never logs in, so a terminal is not what is missing (the same words in a terminal: terminal.test.ts)
    expect(result.stderr).not.toContain("no terminal");
  });

  it("status --json with a broken token cache file is JSON too: not logged in, the error naming the file, exit 3", async () => {
    const other = await startCliWorld();
    try {
      const cacheDir = join(other.home, ".aws", "sso", "cache");
      await mkdir(cacheDir, { recursive: true });
      const file = join(cacheDir, `${createHash("sha1").update("corp").digest("hex")}.json`);
      // Cut off mid-write (a full disk, a crash): not JSON.
      await writeFile(file, '{"startUrl":"https://example.awsapps.com/st');
      const result = await other.run(["status", "--profile", "dev", "--json"]);
      expect(result.exitCode).toBe(3);
      const status = JSON.parse(result.stdout);
      expect(status).toMatchObject({ profile: "dev", loggedIn: false, canRefresh: false });
      expect(status.error.message).toContain(file);
      expect(status.error.hint).toContain("ssoenv login --profile dev");
    } finally {
      await other.stop();
    }
  });

  it("status offline still shows the sign-in's end it has cached, and says AWS could not be reached (exit 1)", async () => {
    const other = await startCliWorld();
    try {
      expect((await other.run(["login", "--profile", "dev", "--method", "native"])).exitCode).toBe(0);
      const offline = {
        AWS_ENDPOINT_URL_SSO: "http://127.0.0.1:9",
        AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9",
        AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9",
      };
      const json = await other.run(["status", "--profile", "dev", "--json"], { env: offline });
      expect(json.exitCode).toBe(1);
      const status = JSON.parse(json.stdout);
      expect(status).toMatchObject({
        profile: "dev",
        loggedIn: false,
        error: { code: "ENDPOINT_UNREACHABLE" },
      });
      expect(status.sessionSecondsLeft).toBeGreaterThan(7 * 3600);
      const text = await other.run(["status", "--profile", "dev"], { env: offline });
      expect(text.exitCode).toBe(1);
      expect(text.stdout).toContain("AWS could not be reached");
      expect(text.stdout).toMatch(/sso session +(7h \d{2}m|8h 00m) left \(until .*, cached\)/);
    } finally {
      await other.stop();
    }
  });

  it.each([
    ["throttle", "AWS throttled the request"],
    ["server-error", "AWS answered with a server error"],
  ] as const)(
    "status when AWS answers with a %s says so, not that AWS could not be reached",
    async (kind, says) => {
      const other = await startCliWorld();
      try {
        expect((await other.run(["login", "--profile", "dev", "--method", "native"])).exitCode).toBe(0);
        other.emulator.faults.add({ operation: "GetRoleCredentials", kind });
        // One attempt: the retries' backoff would only make the test slower.
        const text = await other.run(["status", "--profile", "dev"], { env: { AWS_MAX_ATTEMPTS: "1" } });
        expect(text.exitCode).toBe(1);
        expect(text.stdout).toContain(`profile dev: ${says}`);
        expect(text.stdout).not.toContain("could not be reached");
      } finally {
        await other.stop();
      }
    },
  );

  it("ensure without a terminal exits 3 with the command to run, no stack", async () => {
    const result = await signedOut.run(["ensure", "--profile", "dev"]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain("ssoenv login --profile dev");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("credential-process without a terminal fails at once with one line on stderr and nothing on stdout", async () => {
    const result = await signedOut.run(["credential-process", "--profile", "dev"]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("ssoenv login --profile dev");
  });

  it("login --no-input refuses at once with exit 3", async () => {
    const result = await signedOut.run(["login", "--profile", "dev", "--no-input"]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain("--no-input");
  });

  it("login --no-input with an unknown profile or sso-session is that usage error first (exit 2), as for ensure", async () => {
    for (const [args, env] of [
      [["login", "--profile", "nope", "--no-input"], {}],
      [["login", "--no-input"], { AWS_PROFILE: "nope" }],
      [["ensure", "--profile", "nope", "--no-input"], {}],
      [["login", "--sso-session", "nope", "--no-input"], {}],
    ] as const) {
      const result = await signedOut.run([...args], { env });
      expect(result.exitCode, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/^ssoenv: .*("nope"|\[sso-session nope\])/);
      expect(result.stderr).not.toContain("needs a person");
    }
  });

  it("an unknown profile is a usage error (exit 2) naming the profile", async () => {
    const result = await signedOut.run(["ensure", "--profile", "nope"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("nope");
  });
});

describe("login", () => {
  it("login with the built-in device flow shows the code and succeeds", async () => {
    const result = await world.run(["login", "--profile", "dev", "--method", "native"]);
    expect(result.stderr).toMatch(/enter this code:\n\s+[A-Z]{4}-[A-Z]{4}\n/);
    expect(result.stderr).toContain("Logged in: profile dev");
    expect(result.exitCode).toBe(0);
    // The login recorded when it began: status knows the sign-in's end.
    const status = await world.run(["status", "--profile", "dev"]);
    expect(status.stdout).toMatch(/sso session\s+\d+h \d+m left/);
  });
});

describe("the session commands, signed in", () => {
  // Each test signs in itself, so that one run alone (-t exec) tests what it says, not a login error.
  beforeEach(async () => {
    await world.logIn();
    // What `ssoenv login` records beside the token: when the sign-in began (status and ensure read its end).
    await writeSignInRecord({
      profile: { ssoSession: "corp", startUrl: world.emulator.startUrl },
      env: world.env,
      signedInAt: new Date(),
    });
  });

  it("status shows who, account, role and time left", async () => {
    const result = await world.run(["status", "--profile", "dev"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("111111111111");
    expect(result.stdout).toContain("AdministratorAccess");
    expect(result.stdout).toMatch(/sso session\s+\d+h \d+m left/);
    expect(result.stdout).toMatch(/credentials\s+\d+m left/);
  });

  it("status --json has no secrets", async () => {
    const result = await world.run(["status", "--profile", "stg", "--json"]);
    expect(result.exitCode).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({
      profile: "stg",
      loggedIn: true,
      accountId: "222222222222",
      roleName: "ReadOnly",
    });
    expect(status.credentialsSecondsLeft).toBeGreaterThan(0);
    expect(result.stdout).not.toMatch(/ASIA|secret|token"/i);
  });

  it("status warns when the SSO session ends within an hour", async () => {
    const short = await startCliWorld();
    try {
      await short.logIn({ expiresInMs: 30 * 60_000 });
      // A token that cannot be refreshed: the wall is real.
      const cachePath = (await short.run(["status", "--profile", "dev", "--json"])).stdout;
      expect(JSON.parse(cachePath).loggedIn).toBe(true);
      await dropRefreshTokens(short);
      const result = await short.run(["status", "--profile", "dev"]);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toMatch(/warning: the SSO session ends in \d+m/);
    } finally {
      await short.stop();
    }
  });

  it("status shows when the sign-in ends, and warns within the last hour, for a refreshable session ssoenv logged in", async () => {
    const short = await startCliWorld();
    try {
      await short.logIn();
      // Signed in 7.5 h ago; AWS's default session lasts 8 h.
      await writeSignInRecord({
        profile: { ssoSession: "corp", startUrl: short.emulator.startUrl },
        env: short.env,
        signedInAt: new Date(Date.now() - 7.5 * 3_600_000),
      });
      const result = await short.run(["status", "--profile", "dev"]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(
        /sso session +(29|30)m( \d+s)? left \(until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d, signed in at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d\)/,
      );
      expect(result.stderr).toMatch(/warning: the SSO session ends in (29|30)m/);
      const json = JSON.parse((await short.run(["status", "--profile", "dev", "--json"])).stdout);
      expect(Date.parse(json.sessionEndsAt) - Date.now()).toBeLessThan(31 * 60_000);
      expect(json.signedInAt).toBeTruthy();
    } finally {
      await short.stop();
    }
  });

  it("ensure exits 0 and prints no secret", async () => {
    const result = await world.run(["ensure", "--profile", "dev", "--min-validity", "10m"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("111111111111");
    expect(result.stderr).not.toMatch(/ASIA[A-Z0-9]{16}/);
  });

  it("ensure warns, and exits 0, when only the role credentials end before --min-validity (the SSO session renews them)", async () => {
    const result = await world.run(["ensure", "--profile", "dev", "--min-validity", "2h"]);
    expect(result.exitCode).toBe(0);
    // When, as every other line of ssoenv says it: how long is left, and a time to the second
    // (status says "credentials 59m left (until 09:35)"; a bare UTC instant with milliseconds read
    // as another hour wherever the clock is not UTC).
    expect(result.stderr).toMatch(
      /warning: The role credentials of profile "dev" end at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in 5\dm\), sooner than the 2h asked/,
    );
  });

  // Decided from the flag and the configured sign-in length before any call to AWS: no retry helps,
  // the flag or ssoenv_session_duration must change, so a usage/config error (exit 2), not a failure.
  it("ensure refuses with exit 2, without a login loop, when no sign-in can last as long as asked", async () => {
    const result = await world.run(["ensure", "--profile", "dev", "--min-validity", "30d"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('A sign-in to profile "dev" lasts 8h');
    expect(result.stderr).toContain("no login can give the 30d asked");
    expect(result.stderr).toContain("ssoenv_session_duration");
  });

  it("ensure refuses (exit 3) when a session that cannot be refreshed ends before --min-validity, without a terminal", async () => {
    const short = await startCliWorld();
    try {
      await short.logIn({ expiresInMs: 2 * 3_600_000 });
      await dropRefreshTokens(short);
      const result = await short.run(["ensure", "--profile", "dev", "--min-validity", "3h"]);
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain("sooner than the 3h asked");
      expect(result.stderr).toContain("ssoenv login --profile dev");
      const exec = await short.run([
        "exec",
        "--profile",
        "dev",
        "--min-validity",
        "3h",
        "--",
        "sh",
        "-c",
        "echo started",
      ]);
      expect(exec.exitCode).toBe(3);
      expect(exec.stdout).not.toContain("started");
      expect(exec.stderr).toContain("sooner than the 3h asked");
    } finally {
      await short.stop();
    }
  });

  it("env prints exports that a shell can eval", async () => {
    const env = await world.run(["env", "--profile", "dev"]);
    expect(env.exitCode).toBe(0);
    const shell = spawn("bash", [
      "-c",
      `${env.stdout}\necho "$AWS_ACCESS_KEY_ID|$AWS_REGION|$AWS_CREDENTIAL_EXPIRATION"`,
    ]);
    let out = "";
    shell.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    await new Promise((resolve) => shell.once("close", resolve));
    const [keyId, region, expiration] = out.trim().split("|");
    expect(keyId).toMatch(KEY_ID);
    expect(region).toBe("eu-west-1");
    expect(Number.isNaN(Date.parse(expiration ?? ""))).toBe(false);
  });

  it.each(["sh", "fish", "powershell", "dotenv", "json"])(
    "env --format %s prints the key id",
    async (format) => {
      const result = await world.run(["env", "--profile", "dev", "--format", format]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain("AWS_ACCESS_KEY_ID");
      expect(result.stdout).toContain("AWS_SESSION_TOKEN");
    },
  );

  it("exec runs the command with credentials and exits with its code", async () => {
    const result = await world.run([
      "exec",
      "--profile",
      "stg",
      "--",
      "sh",
      "-c",
      'test -n "$AWS_SECRET_ACCESS_KEY" && test -n "$AWS_SESSION_TOKEN" && echo "$AWS_ACCESS_KEY_ID"; exit 7',
    ]);
    expect(result.exitCode).toBe(7);
    expect(result.stdout.trim()).toMatch(KEY_ID);
  });

  it("exec passes the command's own options through", async () => {
    const result = await world.run([
      "exec",
      "--profile",
      "dev",
      "--",
      "sh",
      "-c",
      'echo "$1"',
      "sh",
      "--profile",
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe("--profile");
  });

  it("exec exits 128 + signal when the command is killed", async () => {
    const result = await world.run(["exec", "--profile", "dev", "--", "sh", "-c", "kill -TERM $$"]);
    expect(result.exitCode).toBe(143);
  });

  // 127 and 126, as env, timeout and a shell give: a script tells "terraform missing" from terraform's exit 1.
  it("exec of a missing command fails with a one-line error and exit 127", async () => {
    const result = await world.run(["exec", "--profile", "dev", "--", "no-such-command-ssoenv"]);
    expect(result.exitCode).toBe(127);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: command not found: no-such-command-ssoenv",
      "hint: check the command name and PATH",
    ]);
  });

  // ssoenv's own option written after --, where it is the command to run: said before any AWS call.
  it.each([
    [
      ["exec", "--", "--profile", "dev", "aws", "s3", "ls"],
      "ssoenv: --profile after -- would be run as the command",
      "hint: ssoenv's options go before --: ssoenv exec --profile dev -- aws s3 ls",
    ],
    [
      ["exec", "--no-input", "--", "-m", "2h", "-p", "dev", "true"],
      "ssoenv: -m after -- would be run as the command",
      "hint: ssoenv's options go before --: ssoenv exec --no-input -m 2h -p dev -- true",
    ],
    [
      ["exec", "--profile", "dev", "--", "--min-validity=2h", "terraform", "apply"],
      "ssoenv: --min-validity=2h after -- would be run as the command",
      "hint: ssoenv's options go before --: ssoenv exec --profile dev --min-validity=2h -- terraform apply",
    ],
  ])(
    "exec %j: its option after -- is refused with the line that puts it before, exit 2, nothing run",
    async (args, message, hint) => {
      world.emulator.resetStats();
      const result = await world.run(args);
      expect(result.stderr.trimEnd().split("\n")).toEqual([message, hint]);
      expect(result.exitCode).toBe(2);
      expect(world.emulator.stats().total).toBe(0);
    },
  );

  // execve says ENOENT for a script whose #! interpreter is missing: "command not found" named a file that is there.
  it("exec of a script whose #! interpreter is missing names that interpreter, or the Windows line ending, exit 127", async () => {
    await writeFile(join(world.project, "crlf.sh"), "#!/bin/sh\r\necho deployed\r\n", { mode: 0o755 });
    await writeFile(join(world.project, "typo.sh"), "#!/bin/bashh -e\necho deployed\n", { mode: 0o755 });
    const crlf = await world.run(["exec", "--profile", "dev", "--", "./crlf.sh"], { cwd: world.project });
    expect(crlf.exitCode).toBe(127);
    expect(crlf.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot run ./crlf.sh: its #! line ends in a carriage return (Windows line endings), so its interpreter is not found",
      "hint: convert it to Unix line endings (sed -i 's/\\r$//' ./crlf.sh), or run it with the sh on PATH, after --: -- sh ./crlf.sh",
    ]);
    const typo = await world.run(["exec", "--profile", "dev", "--", "./typo.sh"], { cwd: world.project });
    expect(typo.exitCode).toBe(127);
    expect(typo.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot run ./typo.sh: its interpreter /bin/bashh (its #! line) is not found",
      // No bashh anywhere: no other way to run it is offered (`-- sh` would be a guess).
      "hint: fix its #! line or install /bin/bashh",
    ]);
  });

  // A tool on PATH whose #! names an interpreter that went away (a deleted virtualenv's python, a
  // pipx or npm shim): `which` finds it, so "command not found" sent the user looking for the wrong thing.
  it("exec of a command on PATH whose #! interpreter is missing names that interpreter and the file, exit 127", async () => {
    const bin = join(world.project, "venv-bin");
    await mkdir(bin);
    await writeFile(join(bin, "deploy-tool"), "#!/gone/venv/bin/node\nconsole.log('deployed');\n", {
      mode: 0o755,
    });
    const result = await world.run(["exec", "--profile", "dev", "--", "deploy-tool"], {
      env: { PATH: `${bin}:${world.env.PATH}` },
    });
    expect(result.exitCode).toBe(127);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: cannot run deploy-tool (${join(bin, "deploy-tool")}): its interpreter /gone/venv/bin/node (its #! line) is not found`,
      // A node there is on PATH: that one, not sh, which cannot run a node script.
      `hint: fix its #! line or install /gone/venv/bin/node, or run it with the node on PATH, after --: -- node ${join(bin, "deploy-tool")}`,
    ]);
  });

  it("exec of a file that is not a program says what to do about it (chmod +x, or its interpreter), exit 126", async () => {
    const script = join(world.project, "deploy.sh");
    await writeFile(script, "echo deployed\n", { mode: 0o644 });
    const file = await world.run(["exec", "--profile", "dev", "--", "./deploy.sh"], { cwd: world.project });
    expect(file.exitCode).toBe(126);
    expect(file.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot run ./deploy.sh: it is not executable (EACCES)",
      "hint: make it executable (chmod +x ./deploy.sh), or put its interpreter before it, after --: -- sh ./deploy.sh",
    ]);
    // A #! script is offered its own interpreter (sh cannot run python); a binary no interpreter at all.
    await writeFile(join(world.project, "tool.py"), "#!/usr/bin/env python3\nprint('ok')\n", { mode: 0o644 });
    const python = await world.run(["exec", "--profile", "dev", "--", "./tool.py"], { cwd: world.project });
    expect(python.exitCode).toBe(126);
    expect(python.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot run ./tool.py: it is not executable (EACCES)",
      "hint: make it executable (chmod +x ./tool.py), or run it with the python3 on PATH, after --: -- python3 ./tool.py",
    ]);
    await copyFile("/bin/true", join(world.project, "binary"));
    await chmod(join(world.project, "binary"), 0o644);
    const binary = await world.run(["exec", "--profile", "dev", "--", "./binary"], { cwd: world.project });
    expect(binary.exitCode).toBe(126);
    expect(binary.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot run ./binary: it is not executable (EACCES)",
      "hint: make it executable (chmod +x ./binary)",
    ]);
    const folder = await world.run(["exec", "--profile", "dev", "--", world.project]);
    expect(folder.exitCode).toBe(126);
    expect(folder.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: cannot run ${world.project}: it is a folder (EACCES)`,
      "hint: name a program to run, e.g. ssoenv exec -- aws sts get-caller-identity",
    ]);
    // A FIFO (or a socket) was 'cannot run ./pipe: EACCES' with 'check the command name and PATH'.
    execFileSync("mkfifo", [join(world.project, "pipe")]);
    const pipe = await world.run(["exec", "--profile", "dev", "--", "./pipe"], { cwd: world.project });
    expect(pipe.exitCode).toBe(126);
    expect(pipe.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: cannot run ./pipe: it is not a regular file (EACCES)",
      "hint: name a program to run, e.g. ssoenv exec -- aws sts get-caller-identity",
    ]);
  });

  // /tmp is often mounted noexec: there a script with every x bit is refused too, and chmod +x cannot help.
  it.skipIf(process.getuid?.() !== 0)(
    "exec of a script with its x bits on a noexec mount does not say chmod +x: the mount, and the interpreter",
    async (ctx) => {
      const folder = join(world.project, "noexec");
      await mkdir(folder);
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "noexec,size=1m", "tmpfs", folder], { stdio: "ignore" });
      } catch {
        return ctx.skip("cannot mount a noexec tmpfs here (needs root in a mount namespace)");
      }
      try {
        await writeFile(join(folder, "deploy.sh"), "echo deployed\n", { mode: 0o755 });
        const result = await world.run(["exec", "--profile", "dev", "--", "./noexec/deploy.sh"], {
          cwd: world.project,
        });
        expect(result.exitCode).toBe(126);
        expect(result.stderr.trimEnd().split("\n")).toEqual([
          "ssoenv: cannot run ./noexec/deploy.sh: its file system does not run programs (EACCES; mounted noexec?)",
          "hint: put its interpreter before it, after --: -- sh ./noexec/deploy.sh",
        ]);
      } finally {
        execFileSync("umount", [folder]);
      }
    },
  );

  it.each([
    ["SIGTERM", 42],
    ["SIGINT", 43],
    ["SIGHUP", 44],
  ] as const)("exec forwards %s to the command", async (signal, code) => {
    const child = spawn(
      process.execPath,
      [
        "--",
        CLI_BIN,
        "exec",
        "--profile",
        "dev",
        "--",
        "sh",
        "-c",
        `trap 'exit ${code}' ${signal.slice(3)}; echo ready; while true; do sleep 0.05; done`,
      ],
      // Its own process group, so that whatever happens the shell loop is stopped with it below.
      { cwd: world.project, env: world.env, stdio: ["pipe", "pipe", "pipe"], detached: true },
    );
    const stderr: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    // "exit", not "close": if ssoenv died of the signal instead of forwarding it, the shell it left
    // running holds the pipes open and "close" never comes (a 60 s timeout in CI, not this failure).
    const exited = new Promise((resolve) => child.once("exit", (c, s) => resolve(c ?? s)));
    try {
      // An ssoenv that ends before the command starts (a login it cannot do) says why here, at once,
      // rather than leaving the test to wait its 60 s for a "ready" that never comes.
      const ready = await Promise.race([
        new Promise<boolean>((resolve) => child.stdout.once("data", () => resolve(true))),
        exited.then(() => false),
      ]);
      expect(ready, `ssoenv exec ended before its command started: ${Buffer.concat(stderr)}`).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(code);
    } finally {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // the group is gone already
      }
    }
  });

  it("credential-process prints the JSON, then answers from its cache without calling SSO", async () => {
    const first = await world.run(["credential-process", "--profile", "dev"]);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toBe("");
    const json = JSON.parse(first.stdout);
    expect(json).toMatchObject({ Version: 1 });
    expect(json.AccessKeyId).toMatch(KEY_ID);
    expect(typeof json.SecretAccessKey).toBe("string");
    expect(typeof json.SessionToken).toBe("string");
    expect(Date.parse(json.Expiration)).toBeGreaterThan(Date.now());

    world.emulator.resetStats();
    const second = await world.run(["credential-process", "--profile", "dev"]);
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toBe("");
    expect(JSON.parse(second.stdout).AccessKeyId).toBe(json.AccessKeyId);
    expect(world.emulator.stats().total).toBe(0);
  });

  it.each([
    ["credential-process", "--profile", "dev"],
    ["env", "--profile", "dev"],
  ])("%s into a reader that already left (| true) exits 0 with nothing on stderr", async (...args) => {
    // `true` exits before ssoenv has started: its write meets a closed pipe (EPIPE). (Not spawnSync:
    // the emulator answers from this process.)
    const child = spawn(
      "bash",
      ["-c", 'set -o pipefail; "$@" | true', "bash", process.execPath, "--", CLI_BIN, ...args],
      { cwd: world.project, env: world.env, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const status = await new Promise((resolve) => child.once("close", (code) => resolve(code)));
    expect([status, stderr]).toEqual([0, ""]);
  });

  it("credential-process does not serve cached credentials of a role the config no longer names", async () => {
    const { appendFile, readdir } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const first = JSON.parse((await world.run(["credential-process", "--profile", "dev"])).stdout);
    // The answer pointer of the fast path exists, and holds no secret.
    const pointers = join(world.home, ".aws", "ssoenv", "credential-process");
    const [pointer] = await readdir(pointers);
    const pointerText = await readFile(join(pointers, pointer as string), "utf8");
    expect(pointerText).not.toContain(first.SecretAccessKey);
    expect(pointerText).not.toContain(first.AccessKeyId);

    // dev now uses another role: the old role's cached credentials must not be printed.
    const original = await readFile(world.configPath, "utf8");
    try {
      await writeFile(
        world.configPath,
        original.replace("sso_role_name = AdministratorAccess", "sso_role_name = ReadOnly"),
      );
      await appendFile(world.configPath, "\n# edited\n");
      world.emulator.resetStats();
      const second = await world.run(["credential-process", "--profile", "dev"]);
      expect(second.exitCode).toBe(0);
      expect(JSON.parse(second.stdout).AccessKeyId).not.toBe(first.AccessKeyId);
      expect(world.emulator.stats().byOperation.GetRoleCredentials).toBe(1);
    } finally {
      await writeFile(world.configPath, original);
    }
  });
});

/** Makes the cached token non-refreshable, as a legacy profile's is: its expiry is the session's end. */
async function dropRefreshTokens(target: CliWorld): Promise<void> {
  const dir = join(target.home, ".aws", "sso", "cache");
  for (const name of await readdir(dir)) {
    const token = JSON.parse(await readFile(join(dir, name), "utf8"));
    delete token.refreshToken;
    await writeFile(join(dir, name), JSON.stringify(token));
  }
}
