import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseEnv } from "@ssoenv/core";
import type { Emulator } from "@ssoenv/emulator";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { startServe as startServeProcess } from "../serve/support/serve-world.js";
import { freePortOutsideEphemeralRange } from "../support/free-port.js";
import { findTool, warnMissing } from "./support/find-tool.js";
import { runEntrypoint } from "./support/run-entrypoint.js";
import { ACCOUNT_ID, CLI_BIN, ENTRYPOINT, PROFILE, REPO_ROOT, type SsoHome } from "./support/sso-home.js";
import { useSsoHome } from "./support/use-sso-home.js";

const HOUR_MS = 3_600_000;

// The entrypoint must run under every POSIX sh a container may have: Debian's dash, Alpine's busybox ash.
const SHELLS = [
  { name: "sh", argv: "sh", present: true },
  { name: "dash", argv: "dash", present: findTool("dash") !== undefined },
  { name: "busybox sh", argv: "busybox sh", present: findTool("busybox") !== undefined },
];
for (const shell of SHELLS)
  if (!shell.present) warnMissing(shell.name, `the entrypoint tests under ${shell.name}`);
const hasScript = findTool("script") !== undefined;
// Debian's AWS CLI v2 (the first `aws` on PATH may be a v1).
const AWS_CLI_V2 = "/usr/bin/aws";
const awsCliV2 = /aws-cli\/2\./.test(spawnSync(AWS_CLI_V2, ["--version"], { encoding: "utf8" }).stdout ?? "");
if (!awsCliV2) warnMissing(`AWS CLI v2 at ${AWS_CLI_V2}`, "the login-with-aws-sso-login test");
if (!hasScript) warnMissing("script (util-linux)", "the login-with-a-terminal test");

// Role credentials as long as a 12 h permission set, so SSOENV_MIN_VALIDITY=2h is about the SSO session.
const { emulator, home } = useSsoHome({ approval: "auto", lifetimes: { roleCredentialsMs: 12 * HOUR_MS } });

afterEach(async () => {
  // Every test states its own session; none leaks into the next (nor do credential-process's cached keys).
  await rm(home.cachePath, { force: true });
  await rm(join(home.home, ".aws", "ssoenv"), { recursive: true, force: true });
});

/** The container's environment: HOME with ~/.aws, ssoenv on PATH, SDK endpoints at the emulator. */
function containerEnv(
  extra: Record<string, string> = {},
  world: { home: SsoHome; emulator: Emulator } = { home, emulator },
): Record<string, string> {
  return {
    PATH: `${world.home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: world.home.home,
    TMPDIR: world.home.tmpDir,
    AWS_PROFILE: PROFILE,
    NO_COLOR: "1",
    ...world.emulator.sdkEnv(),
    ...extra,
  };
}

/** A cached SSO session; without a refresh token (as older logins left) it cannot renew itself. */
async function seedSession(expiresInMs: number, options: { refreshable?: boolean } = {}): Promise<void> {
  const { refreshToken, ...token } = emulator.issueToken({ expiresInMs });
  await home.seedToken(options.refreshable === false ? token : { ...token, refreshToken });
}

/** A terraform that lists its subcommands as terraform -help does, and does nothing else. */
const TERRAFORM_STUB = `#!/bin/sh
if [ "$1" = -help ]; then
  printf 'Usage: terraform [global options] <subcommand> [args]\\n\\nMain commands:\\n  init          Prepare\\n  plan          Show changes\\n  apply         Create or update\\n'
fi
exit 0
`;

describe("ssoenv-entrypoint usage", () => {
  it("prints usage on stderr and exits 2 when called without a command", async () => {
    const result = await runEntrypoint({ command: [], env: containerEnv() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("usage: ssoenv-entrypoint COMMAND");
    expect(result.stderr).toContain("no command given");
  });

  it("prints usage on stdout and exits 0 with --help", async () => {
    const result = await runEntrypoint({ command: ["--help"], env: containerEnv() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("SSOENV_MODE");
  });

  it("refuses an unknown SSOENV_MODE with exit 2 before touching the session", async () => {
    const result = await runEntrypoint({ command: ["true"], env: containerEnv({ SSOENV_MODE: "token" }) });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      "SSOENV_MODE='token' is not one of: profile, env, process, endpoint, keys",
    );
  });

  it("exits 2 naming the profile when ~/.aws/config does not have it", async () => {
    const marker = join(home.root, "ran-without-profile");
    const result = await runEntrypoint({
      command: ["sh", "-c", `touch "${marker}"`],
      env: containerEnv({ SSOENV_PROFILE: "no-such-profile" }),
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("no-such-profile");
    expect(existsSync(marker)).toBe(false);
  });

  // Seen: ssoenv's hint "name yours: --profile dev (or AWS_PROFILE=dev, or profile = "dev" in the
  // project's ssoenv.toml)", then the entrypoint's "a container names one with docker run -e
  // AWS_PROFILE=NAME ..., not --profile or ssoenv.toml": two fixes, one of them impossible here. ssoenv is
  // told how this container's settings are made (SSOENV_SET_VARIABLE_COMMAND): its one hint says so.
  it("no profile named in the container (and no [default]): one hint, ssoenv's, with docker run -e and a profile there, exit 2", async () => {
    const env = containerEnv();
    delete env.AWS_PROFILE;
    const result = await runEntrypoint({ command: ["true"], env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `hint: name yours: docker run -e AWS_PROFILE=${PROFILE} (or SSOENV_PROFILE=${PROFILE}); or add a [default] section to ${home.configPath}`,
    );
    expect(result.stderr.match(/docker run -e/g)).toHaveLength(1);
    expect(result.stderr).not.toContain("--profile");
    expect(result.stderr).not.toContain("ssoenv.toml");
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(
      "ssoenv-entrypoint: error: ssoenv ensure refused the settings for profile 'default' (see above)",
    );
  });

  // Seen: ssoenv's hint "did you mean dev? --profile dev", then the entrypoint's "docker run -e
  // AWS_PROFILE=NAME": two fixes, one of them (--profile) impossible in a container. ssoenv is told the
  // name the way the container was: its error says where the name came from, its hint how to pass it.
  it.each(["AWS_PROFILE", "SSOENV_PROFILE"])(
    "a profile named in %s that the config does not have: ssoenv's one hint passes that variable with docker run -e, exit 2",
    async (variable) => {
      const result = await runEntrypoint({ command: ["true"], env: containerEnv({ [variable]: "dve" }) });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`Profile "dve" (from ${variable}) not found in ${home.configPath}`);
      expect(result.stderr).toContain(`hint: did you mean ${PROFILE}? docker run -e ${variable}=${PROFILE};`);
      expect(result.stderr).not.toContain(`--profile ${PROFILE}`);
      expect(result.stderr.match(/docker run -e/g)).toHaveLength(1);
      expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(
        "ssoenv-entrypoint: error: ssoenv ensure refused the settings for profile 'dve' (see above)",
      );
    },
  );

  // Seen: ssoenv said the profile "is not an SSO profile", the entrypoint's own reader of ~/.aws/config
  // then said AWS_PROFILE "names no profile" there. What ssoenv found is the one answer.
  it("a profile that has only keys in ~/.aws/credentials: says what ssoenv says, not that there is no such profile, exit 2", async () => {
    const credentialsFile = join(home.root, "keys-only-credentials");
    await writeFile(
      credentialsFile,
      `[keys-only]\naws_access_key_id = AKIA${randomBase32(16)}\naws_secret_access_key = ${randomBase32(40)}\n`,
    );
    const result = await runEntrypoint({
      command: ["true"],
      env: containerEnv({ AWS_PROFILE: "keys-only", AWS_SHARED_CREDENTIALS_FILE: credentialsFile }),
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Profile "keys-only"');
    expect(result.stderr).toContain("is not an SSO profile");
    expect(result.stderr).not.toContain("names no profile");
  });

  // ssoenv takes an ssoenv.toml's profile before AWS_PROFILE; terraform never reads that file. The
  // entrypoint checks the profile the command gets, the one the variable names.
  it("an ssoenv.toml naming another profile in the working folder: the profile checked is the variable's, the command's", async () => {
    await seedSession(8 * HOUR_MS);
    const project = join(home.root, "project-with-ssoenv-toml");
    await mkdir(project, { recursive: true });
    await writeFile(join(project, "ssoenv.toml"), 'profile = "not-in-the-config"\n');
    const result = await runEntrypoint({
      command: ["sh", "-c", 'printf "%s" "$AWS_PROFILE"'],
      env: containerEnv(),
      cwd: project,
    });
    expect(result.stderr).not.toContain("not-in-the-config");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(PROFILE);
  });

  // The shell looked for ssoenv.toml up $PWD (the path as typed, through a symlink), ssoenv up the real
  // folders: with one only above the real folder, the shell found none, and ssoenv took its profile
  // before AWS_PROFILE. No ssoenv.toml is the container's: ssoenv reads none for it, wherever it is.
  for (const shell of SHELLS.filter((s) => s.present)) {
    it(`under ${shell.name}, in a folder reached through a symlink, an ssoenv.toml above the real folder: the profile checked is still the variable's`, async () => {
      await seedSession(8 * HOUR_MS);
      const base = join(home.root, `symlinked-${shell.name.replace(" ", "-")}`);
      const real = join(base, "real", "work");
      await mkdir(real, { recursive: true });
      await writeFile(join(base, "real", "ssoenv.toml"), 'profile = "not-in-the-config"\n');
      await symlink(real, join(base, "work"));
      const result = await runEntrypoint({
        shell: shell.argv,
        command: ["sh", "-c", 'printf "%s" "$AWS_PROFILE"'],
        // As a shell that did `cd work` hands it on: PWD is the path through the symlink.
        env: containerEnv({ PWD: join(base, "work") }),
        cwd: join(base, "work"),
      });
      expect(result.stderr).not.toContain("not-in-the-config");
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(PROFILE);
    });
  }

  // Seen: ssoenv's "cannot read .../ssoenv.toml: it is a folder", then the entrypoint's "AWS_PROFILE=dev:
  // ssoenv refused that profile (see above)" and its docker run -e line: the profile was never the matter.
  it("a folder named ssoenv.toml in the working folder does not stop the command (no ssoenv.toml is the container's)", async () => {
    await seedSession(8 * HOUR_MS);
    const project = join(home.root, "project-with-ssoenv-toml-folder");
    await mkdir(join(project, "ssoenv.toml"), { recursive: true });
    const result = await runEntrypoint({
      command: ["sh", "-c", 'printf "%s" "$AWS_PROFILE"'],
      env: containerEnv(),
      cwd: project,
    });
    expect(result.stderr).not.toContain("ssoenv.toml");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(PROFILE);
  });

  // Seen without ~/.aws mounted: ssoenv's "hint: aws configure sso --profile dev" (a config written in a
  // container that is thrown away), then "AWS_PROFILE=dev: ssoenv refused that profile ... docker run -e
  // AWS_PROFILE=NAME". The fix is the mount, at this container's HOME.
  it.each([
    ["no ~/.aws at all", false],
    ["an empty ~/.aws (docker run -v of a host folder that did not exist)", true],
  ])(
    "%s: exit 2, one line saying to mount ~/.aws at this HOME, the command not started",
    async (_name, emptyDir) => {
      const bare = join(home.root, `home-without-config-${String(emptyDir)}`);
      await mkdir(emptyDir ? join(bare, ".aws") : bare, { recursive: true });
      const marker = join(bare, "ran");
      const result = await runEntrypoint({
        command: ["sh", "-c", `touch "${marker}"`],
        env: containerEnv({ HOME: bare }),
      });
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trimEnd()).toBe(
        `ssoenv-entrypoint: error: no AWS config at ${bare}/.aws/config: mount yours there, e.g. docker run -v ~/.aws:${bare}/.aws ... (or name another with AWS_CONFIG_FILE)`,
      );
      expect(existsSync(marker)).toBe(false);
    },
  );

  // A typo only a login would meet (a CI job never logs in) is refused with the other settings.
  it("refuses an unknown SSOENV_LOGIN_METHOD with exit 2 before touching the session", async () => {
    await seedSession(8 * HOUR_MS);
    const result = await runEntrypoint({
      command: ["true"],
      env: containerEnv({ SSOENV_LOGIN_METHOD: "nativ" }),
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trimEnd()).toBe(
      "ssoenv-entrypoint: error: SSOENV_LOGIN_METHOD='nativ' is not one of: auto, aws-cli, native",
    );
  });

  it("says how to install ssoenv when it is not on PATH (exit 127)", async () => {
    const result = await runEntrypoint({
      command: ["true"],
      env: containerEnv({ PATH: "/usr/bin:/bin", SSOENV_BIN: "ssoenv-not-installed" }),
    });
    expect(result.exitCode).toBe(127);
    // The root README's section on the release tarballs (the packages are not on the registry yet).
    expect(result.stderr).toContain(
      "https://github.com/ssoenv/ssoenv#installing-before-the-packages-are-published",
    );
    expect(await readFile(join(REPO_ROOT, "README.md"), "utf8")).toContain(
      "\n## Installing before the packages are published\n",
    );
  });

  for (const shell of SHELLS.filter((s) => s.present)) {
    it(`under ${shell.name}, a command not on PATH (docker run … plan, as with hashicorp/terraform): exit 127 at once, naming it and the tool to put first`, async () => {
      // No session: the check (or, with a terminal, a login) would come first and hide the mistake.
      const tools = join(home.root, "tools");
      await mkdir(tools, { recursive: true });
      await writeFile(join(tools, "terraform"), TERRAFORM_STUB, { mode: 0o755 });
      const before = emulator.stats().total;
      const result = await runEntrypoint({
        shell: shell.argv,
        command: ["plan", "-var", "db_password=hunter2"],
        env: containerEnv({ PATH: `${tools}:${home.binDir}:/usr/bin:/bin` }),
        timeoutMs: 20_000,
      });
      expect(result.exitCode).toBe(127);
      expect(result.stderr.split("\n").filter(Boolean)).toEqual([
        "ssoenv-entrypoint: error: 'plan' is not a command on PATH: the command starts with the tool, e.g. terraform plan …",
      ]);
      expect(emulator.stats().total).toBe(before);
    });

    it(`under ${shell.name}, a mistyped tool (terraformm, tf) is not taken for a subcommand: exit 127 naming the tool there`, async () => {
      const tools = join(home.root, "tools");
      await mkdir(tools, { recursive: true });
      await writeFile(join(tools, "terraform"), TERRAFORM_STUB, { mode: 0o755 });
      for (const typo of ["terraformm", "tf"]) {
        const result = await runEntrypoint({
          shell: shell.argv,
          command: [typo, "plan"],
          env: containerEnv({ PATH: `${tools}:${home.binDir}:/usr/bin:/bin` }),
          timeoutMs: 20_000,
        });
        expect(result.exitCode).toBe(127);
        expect(result.stderr.split("\n").filter(Boolean)).toEqual([
          `ssoenv-entrypoint: error: '${typo}' is not a command on PATH (this image has terraform)`,
        ]);
      }
    });
  }
});

// Another uid than the one owning the token cache, as `compose run` without SSOENV_UID on a host
// where you are not uid 1000: needs root (setpriv) and a checkout that uid can read.
const OTHER_UID = "4242";
const setpriv = findTool("setpriv");
const canRunAsOtherUid =
  process.getuid?.() === 0 &&
  setpriv !== undefined &&
  spawnSync(
    setpriv,
    [
      "--reuid",
      OTHER_UID,
      "--regid",
      OTHER_UID,
      "--clear-groups",
      "sh",
      "-c",
      'test -r "$1" && test -r "$2" && "$3" -e 0',
      "sh",
      ENTRYPOINT,
      CLI_BIN,
      process.execPath,
    ],
    {
      stdio: "ignore",
    },
  ).status === 0;
if (!canRunAsOtherUid)
  warnMissing("root with setpriv and a checkout readable by another uid", "the foreign-uid token cache test");

describe.skipIf(!canRunAsOtherUid)("a token cache this container's uid cannot use", () => {
  it("exits 2 saying to run as your own uid with the cache mounted writable; no login even with a terminal", async () => {
    await seedSession(8 * HOUR_MS);
    // Everything readable but ~/.aws/sso/cache (0700) and its token (0600), as a host's AWS CLI leaves them.
    for (const dir of [home.root, home.home, join(home.home, ".aws")]) await chmod(dir, 0o755);
    const marker = join(home.root, "ran-as-other-uid");
    emulator.resetStats();
    try {
      const result = await runEntrypoint({
        prefix: [setpriv as string, "--reuid", OTHER_UID, "--regid", OTHER_UID, "--clear-groups"],
        pty: hasScript,
        command: ["sh", "-c", `touch "${marker}"`],
        env: containerEnv({ TERM: "dumb" }),
        timeoutMs: 30_000,
      });
      expect(result.exitCode).toBe(2);
      expect(result.all).toContain(
        `${home.home}/.aws/sso/cache cannot be read or written here (uid ${OTHER_UID})`,
      );
      expect(result.all).toContain("SSOENV_UID=$(id -u)");
      expect(result.all).not.toContain("Not logged in");
      expect(emulator.stats().byOperation.StartDeviceAuthorization ?? 0).toBe(0);
      expect(existsSync(marker)).toBe(false);
    } finally {
      await chmod(home.root, 0o700);
    }
  });

  it.skipIf(!hasScript)(
    "a stray unreadable file in a cache that is the uid's own does not stop a login",
    async () => {
      // ~/.aws is this uid's; one token file in it is root's (a `sudo aws sso login` long ago).
      const aws = join(home.home, ".aws");
      await rm(home.cachePath, { force: true });
      const stray = join(aws, "sso", "cache", "root-owned.json");
      await writeFile(stray, "{}", { mode: 0o600 });
      for (const dir of [home.root, home.home]) await chmod(dir, 0o755);
      const uid = Number(OTHER_UID);
      const chownTree = async (path: string, to: number) => {
        await chown(path, to, to);
        for (const entry of await readdir(path, { withFileTypes: true }))
          if (join(path, entry.name) !== stray)
            await (entry.isDirectory()
              ? chownTree(join(path, entry.name), to)
              : chown(join(path, entry.name), to, to));
      };
      await chownTree(aws, uid);
      try {
        const result = await runEntrypoint({
          prefix: [setpriv as string, "--reuid", OTHER_UID, "--regid", OTHER_UID, "--clear-groups"],
          pty: true,
          command: ["sh", "-c", "echo command-ran"],
          env: containerEnv({ TERM: "dumb", SSOENV_LOGIN_METHOD: "native" }),
          timeoutMs: 60_000,
        });
        expect(result.all).toContain("Not logged in");
        expect(result.all).toContain("command-ran");
        expect(result.exitCode).toBe(0);
      } finally {
        await chownTree(aws, 0);
        await rm(stray, { force: true });
        await chmod(home.root, 0o700);
      }
    },
  );
});

for (const shell of SHELLS) {
  describe.skipIf(!shell.present)(`ssoenv-entrypoint under ${shell.name}`, () => {
    it("passes the command's exit code through as its own", async () => {
      await seedSession(8 * HOUR_MS);
      const result = await runEntrypoint({
        shell: shell.argv,
        command: ["sh", "-c", "exit 7"],
        env: containerEnv(),
      });
      expect(result.stderr).not.toContain("error");
      expect(result.exitCode).toBe(7);
    });

    it("execs the command: it keeps the entrypoint's pid and receives SIGTERM itself", async () => {
      await seedSession(8 * HOUR_MS);
      const dir = join(home.root, `signal-${shell.name.replace(" ", "-")}`);
      await mkdir(dir, { recursive: true });
      // The command traps TERM, writes a marker and exits 42: only a process that got the signal does that.
      // The trap is set before the pid file is written: a TERM sent as soon as the file appears must
      // find it in place, not kill the shell (exit 143) between the two.
      const script = `trap 'echo got-term > "${dir}/marker"; exit 42' TERM; echo $$ > "${dir}/pid"; while :; do sleep 0.1; done`;
      const run = runEntrypoint({ shell: shell.argv, command: ["sh", "-c", script], env: containerEnv() });
      await waitForFile(join(dir, "pid"));
      expect(Number((await readFile(join(dir, "pid"), "utf8")).trim())).toBe(run.pid);
      run.kill("SIGTERM");
      const result = await run;
      expect(result.exitCode).toBe(42);
      expect(await readFile(join(dir, "marker"), "utf8")).toBe("got-term\n");
    });

    it("stops on SIGTERM while still checking the session, without starting the command", async () => {
      await seedSession(8 * HOUR_MS);
      // SSO holds the call until the TERM is sent: `docker stop` must not wait for it (sh as PID 1
      // ignores an untrapped TERM).
      const held = emulator.faults.hold("GetRoleCredentials");
      const marker = join(home.root, `ran-after-term-${shell.name.replace(" ", "-")}`);
      try {
        const run = runEntrypoint({
          shell: shell.argv,
          command: ["sh", "-c", `touch "${marker}"`],
          env: containerEnv(),
          timeoutMs: 60_000,
        });
        await held.arrived;
        run.kill("SIGTERM");
        const result = await run;
        expect(result.timedOut).toBe(false);
        expect(result.exitCode).toBe(143);
        expect(existsSync(marker)).toBe(false);
      } finally {
        emulator.faults.clear();
      }
    });

    it("stops on a SIGTERM that comes as the session check starts, before the shell has its pid", async () => {
      await seedSession(8 * HOUR_MS);
      // Between starting the check (`cmd &`) and noting its pid (`child=$!`) the shell may be
      // descheduled; a TERM then found no child to pass on to, and the entrypoint waited for the whole
      // check (a device-code login: minutes). A copy of the script holds that moment until the TERM
      // has been caught.
      const source = await readFile(ENTRYPOINT, "utf8");
      const start = '  "$@" <&3 3<&- &\n';
      expect(source).toContain(start);
      const held = join(home.root, `entrypoint-held-${shell.name.replace(" ", "-")}`);
      await writeFile(held, source.replace(start, `${start}  while [ -z "$caught" ]; do sleep 0.05; done\n`));
      const check = emulator.faults.hold("GetRoleCredentials");
      const marker = join(home.root, `ran-after-early-term-${shell.name.replace(" ", "-")}`);
      try {
        const run = runEntrypoint({
          entrypoint: held,
          shell: shell.argv,
          command: ["sh", "-c", `touch "${marker}"`],
          // SSO holds the call, and ssoenv waits for it as long as a slow link may need.
          env: containerEnv({ SSOENV_RESPONSE_TIMEOUT: "10m", SSOENV_NETWORK_BUDGET: "10m" }),
          timeoutMs: 45_000, // without the TERM passed on, the run ends only here
        });
        await check.arrived;
        // docker stop's TERM, without execa's SIGKILL 5 s later.
        process.kill(run.pid as number, "SIGTERM");
        const result = await run;
        expect(result.timedOut).toBe(false);
        expect(result.exitCode).toBe(143);
        expect(existsSync(marker)).toBe(false);
      } finally {
        emulator.faults.clear();
      }
    }, 120_000);

    it("stops on SIGTERM while SSOENV_MODE=env fetches the keys, without starting the command", async () => {
      await seedSession(8 * HOUR_MS);
      // The TERM reaches the entrypoint while `ssoenv env` runs in a command substitution, where no
      // trap can forward it: SSO answers once it is sent, and the entrypoint stops then.
      const held = emulator.faults.hold("GetRoleCredentials");
      emulator.resetStats();
      const marker = join(home.root, `ran-after-term-env-${shell.name.replace(" ", "-")}`);
      try {
        const run = runEntrypoint({
          shell: shell.argv,
          command: ["sh", "-c", `touch "${marker}"`],
          env: containerEnv({ SSOENV_MODE: "env" }),
          timeoutMs: 60_000,
        });
        await held.arrived;
        // docker stop's TERM, without execa's SIGKILL 5 s later (docker waits 10 s).
        process.kill(run.pid as number, "SIGTERM");
        held.release();
        const result = await run;
        expect(result.timedOut).toBe(false);
        expect(existsSync(marker)).toBe(false);
        expect(result.exitCode).toBe(143);
        expect(result.stderr).not.toContain("failed");
        // One fetch: nothing more was asked of SSO after the TERM.
        expect(emulator.stats().byOperation.GetRoleCredentials).toBe(1);
      } finally {
        emulator.faults.clear();
      }
    });

    it("fails fast without a session and without a terminal, naming the login command for the host", async () => {
      const marker = join(home.root, `ran-${shell.name.replace(" ", "-")}`);
      const result = await runEntrypoint({
        shell: shell.argv,
        command: ["sh", "-c", `touch "${marker}"`],
        env: containerEnv(),
        timeoutMs: 20_000, // "fast": a run waiting for a login would hit this and fail the test
      });
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain(`no valid AWS SSO session for profile '${PROFILE}'`);
      expect(result.stderr).toContain(`ssoenv login --profile ${PROFILE}`);
      expect(result.stderr).toContain(`aws sso login --profile ${PROFILE}`);
      expect(existsSync(marker)).toBe(false);
    });
  });
}

describe("SSOENV_MIN_VALIDITY", () => {
  it("refuses to start the command when the session ends sooner", async () => {
    await seedSession(30 * 60_000, { refreshable: false });
    const marker = join(home.root, "min-validity-ran");
    const result = await runEntrypoint({
      command: ["sh", "-c", `touch "${marker}"`],
      env: containerEnv({ SSOENV_MIN_VALIDITY: "2h" }),
      timeoutMs: 20_000,
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain("SSOENV_MIN_VALIDITY=2h");
    expect(result.stderr).toContain(`ssoenv login --profile ${PROFILE}`);
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses a value without a unit with exit 2, naming the variable once, before the command starts", async () => {
    await seedSession(8 * HOUR_MS);
    const marker = join(home.root, "bad-min-validity-ran");
    const result = await runEntrypoint({
      command: ["sh", "-c", `touch "${marker}"`],
      env: containerEnv({ SSOENV_MIN_VALIDITY: "120" }),
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('SSOENV_MIN_VALIDITY "120" has no unit');
    expect(result.stderr.match(/SSOENV_MIN_VALIDITY/g)).toHaveLength(1);
    expect(result.stderr).not.toContain("--min-validity");
    expect(existsSync(marker)).toBe(false);
  });

  it("takes the profile from AWS_DEFAULT_PROFILE when neither SSOENV_PROFILE nor AWS_PROFILE is set", async () => {
    await seedSession(8 * HOUR_MS);
    const result = await runEntrypoint({
      command: ["sh", "-c", "echo profile=$AWS_PROFILE"],
      // Empty is unset for the entrypoint (as for the AWS CLI).
      env: containerEnv({ AWS_PROFILE: "", AWS_DEFAULT_PROFILE: PROFILE }),
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(`profile=${PROFILE}`);
  });

  it("starts the command when the session lasts longer", async () => {
    await seedSession(8 * HOUR_MS);
    const result = await runEntrypoint({
      command: ["sh", "-c", "echo started"],
      env: containerEnv({ SSOENV_MIN_VALIDITY: "13h" }),
    });
    // The SSO session (8 h, refreshable) renews itself; the 12-hour role credentials cannot last 13 h.
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("started");
  });
});

describe.skipIf(!hasScript)("ssoenv-entrypoint with a terminal (docker run -it)", () => {
  // A person approves the device code: manual approval, so the code must be shown to be approved.
  const { emulator: manual, home: manualHome } = useSsoHome({
    approval: "manual",
    lifetimes: { roleCredentialsMs: 12 * HOUR_MS },
  });

  afterEach(async () => {
    await rm(manualHome.cachePath, { force: true });
  });

  /** Runs the entrypoint on a terminal, approves the code the login started, returns the result. */
  async function loginOnTerminal(extra: Record<string, string>) {
    const run = runEntrypoint({
      pty: true,
      command: ["sh", "-c", "echo command-ran-as-$AWS_PROFILE"],
      env: containerEnv({ TERM: "dumb", ...extra }, { home: manualHome, emulator: manual }),
    });
    let screen = "";
    run.all?.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
    });
    const { userCode } = await manual.waitForAuthorization({ timeoutMs: 20_000 });
    // Approve only once the code is on the screen, as a person would (approving earlier would let the
    // AWS CLI finish without ever showing it). Approve anyway after a while so the run ends.
    for (let i = 0; i < 150 && !screen.includes(userCode); i++) await sleep(100);
    manual.approve(userCode);
    return { result: await run, userCode };
  }

  /**
   * Runs the entrypoint on a terminal in a CI job (`extra` says it is one), with no session: it must
   * refuse at once with exit 3, starting neither a login nor the command. Its result, for the lines.
   */
  async function refusedAsCiJob(extra: Record<string, string>) {
    const before = manual.stats().byOperation.StartDeviceAuthorization ?? 0;
    const result = await runEntrypoint({
      pty: true,
      command: ["sh", "-c", "echo command-ran"],
      env: containerEnv(
        { TERM: "dumb", SSOENV_LOGIN_METHOD: "native", ...extra },
        { home: manualHome, emulator: manual },
      ),
      timeoutMs: 30_000, // a run waiting for a device code would hit this
    });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode, result.all).toBe(3);
    expect(result.all).not.toContain("Not logged in");
    expect(result.all).not.toContain("command-ran");
    expect(manual.stats().byOperation.StartDeviceAuthorization ?? 0).toBe(before);
    return result;
  }

  it("logs in without a browser, showing the URL and the code to approve, then runs the command", async () => {
    // The image has no AWS CLI: the built-in device-code flow. CI=No is no CI, as false, 0 and off
    // are in any case (ssoenv's own rule).
    const { result, userCode } = await loginOnTerminal({ SSOENV_LOGIN_METHOD: "native", CI: "No" });
    expect(result.all).toContain("Not logged in");
    expect(result.all).toContain(`ssoenv login --profile ${PROFILE} --no-browser`);
    expect(result.all).toContain(`${manual.url}/device`);
    expect(result.all).toContain(userCode);
    expect(result.all).toContain(`command-ran-as-${PROFILE}`);
    expect(result.exitCode).toBe(0);
    // The login reached the token cache, as it would reach the host through the writable mount.
    expect(existsSync(manualHome.cachePath)).toBe(true);
  });

  it("logs in again first when the session ends within SSOENV_MIN_VALIDITY (the 12-hour wall)", async () => {
    const { refreshToken: _cannotRenew, ...token } = manual.issueToken({ expiresInMs: 30 * 60_000 });
    await manualHome.seedToken(token);
    const { result, userCode } = await loginOnTerminal({
      SSOENV_LOGIN_METHOD: "native",
      SSOENV_MIN_VALIDITY: "2h",
    });
    expect(result.all).toContain("Not logged in");
    expect(result.all).toContain("SSOENV_MIN_VALIDITY=2h");
    expect(result.all).toContain(userCode);
    expect(result.all).toContain(`command-ran-as-${PROFILE}`);
    expect(result.exitCode).toBe(0);
    // The new sign-in lasts AWS's 8 h (its access token only an hour, renewed by its refresh token):
    // the entrypoint's line says so, not the token's hour.
    const cached = JSON.parse(await readFile(manualHome.cachePath, "utf8")) as { refreshToken?: string };
    expect(cached.refreshToken).toBeTruthy();
    expect(result.all).toMatch(/signed in until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \((7h 59m|8h 00m) left\)/);
  });

  it.skipIf(!awsCliV2)(
    "logs in with `aws sso login --no-browser` when the image has AWS CLI v2",
    async () => {
      // Debian's AWS CLI 2.9 ignores AWS_ENDPOINT_URL_*: endpoint rule-set overrides point it at the emulator.
      const dataPath = await manual.writeAwsCliDataPath(join(manualHome.root, "aws-data"));
      const { result, userCode } = await loginOnTerminal({
        SSOENV_LOGIN_METHOD: "aws-cli",
        SSOENV_AWS_CLI: AWS_CLI_V2,
        AWS_DATA_PATH: dataPath,
      });
      expect(result.all).toContain("Not logged in");
      expect(result.all).toContain(`${manual.url}/device`);
      expect(result.all).toContain(userCode);
      expect(result.all).toContain(`command-ran-as-${PROFILE}`);
      expect(result.exitCode).toBe(0);
    },
  );

  it("in CI (docker run -t: a terminal, but no one to approve a code) fails at once with exit 3 and the host's login command", async () => {
    const result = await refusedAsCiJob({ CI: "true" });
    expect(result.all).toContain(
      `no valid AWS SSO session for profile '${PROFILE}', and CI=true: no one to log in here.`,
    );
    expect(result.all).toContain(`ssoenv login --profile ${PROFILE}`);
    // It had a terminal: "run the container with a terminal" would send the reader in a circle.
    expect(result.all).not.toContain("run the container with a terminal");
    expect(result.all).toContain("a person at one can start the container with CI=false");
  });

  it("in a CI job known by its vendor's variable alone (GITHUB_ACTIONS=true, CI unset), as ssoenv knows it: exit 3 at once, naming it", async () => {
    const result = await refusedAsCiJob({ GITHUB_ACTIONS: "true" });
    expect(result.all).toContain(
      `no valid AWS SSO session for profile '${PROFILE}', and this runs in GitHub Actions (CI=false says it does not): no one to log in here.`,
    );
    expect(result.all).toContain("a person at one can start the container with CI=false");
  });

  it("with an ssoenv older than `ssoenv ci-job`, takes CI set as a CI job: exit 3 at once, no login", async () => {
    // The entrypoint copied into an image whose ssoenv predates the question (commander: exit 2).
    const oldBin = join(manualHome.root, "old-ssoenv-bin");
    await mkdir(oldBin, { recursive: true });
    await writeFile(
      join(oldBin, "ssoenv"),
      `#!/bin/sh\n[ "$1" = ci-job ] && { echo "error: unknown command 'ci-job'" >&2; exit 2; }\nexec '${join(manualHome.binDir, "ssoenv")}' "$@"\n`,
      { mode: 0o755 },
    );
    const result = await refusedAsCiJob({
      CI: "true",
      PATH: `${oldBin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    });
    expect(result.all).toContain(`and CI=true: no one to log in here.`);
    expect(result.all).not.toContain("unknown command");
  });

  it("logs in on a terminal with a CI vendor's variable set when CI=false says this is no CI job", async () => {
    const { result, userCode } = await loginOnTerminal({
      SSOENV_LOGIN_METHOD: "native",
      GITHUB_ACTIONS: "true",
      CI: "false",
    });
    expect(result.all).toContain("Not logged in");
    expect(result.all).toContain(userCode);
    expect(result.all).toContain(`command-ran-as-${PROFILE}`);
    expect(result.exitCode).toBe(0);
  });

  it("runs the command without a login, and warns, when only the role credentials end before SSOENV_MIN_VALIDITY", async () => {
    await seedSession(8 * HOUR_MS);
    const result = await runEntrypoint({
      pty: true,
      command: ["sh", "-c", "echo command-ran"],
      env: containerEnv({ TERM: "dumb", SSOENV_LOGIN_METHOD: "native", SSOENV_MIN_VALIDITY: "13h" }),
    });
    // The SSO session (8 h, refreshable) renews itself; the 12-hour role credentials cannot last 13 h.
    expect(result.exitCode).toBe(0);
    expect(result.all).not.toContain("Not logged in");
    expect(result.all).toContain("command-ran");
    expect(result.all).toContain("sooner than the 13h asked");
  });
});

describe.skipIf(!hasScript)(
  "ssoenv-entrypoint login loop (the Medley Advent Calendar 2024 article's up-to-3 tries)",
  () => {
    const { emulator: denying, home: deniedHome } = useSsoHome({ approval: "manual" });

    it("tries a denied login 3 times, then gives up with exit 1 without running the command", async () => {
      let denied = 0;
      let running = true;
      // The person at the terminal says no to every request.
      const denier = (async () => {
        while (running) {
          const pending = await denying.waitForAuthorization({ timeoutMs: 1_000 }).catch(() => undefined);
          if (pending) {
            denying.deny(pending.userCode);
            denied++;
          }
        }
      })();
      const result = await runEntrypoint({
        pty: true,
        command: ["sh", "-c", "echo command-ran"],
        env: containerEnv(
          { TERM: "dumb", SSOENV_LOGIN_METHOD: "native" },
          { home: deniedHome, emulator: denying },
        ),
      });
      running = false;
      await denier;
      expect(result.exitCode).toBe(1);
      expect(denied).toBe(3);
      for (const attempt of [1, 2, 3]) expect(result.all).toContain(`(try ${attempt} of 3)`);
      expect(result.all).not.toContain("(try 4 of 3)");
      expect(result.all).toContain("after 3 login attempts");
      expect(result.all).not.toContain("command-ran");
    });

    it("SSOENV_LOGIN_METHOD=aws-cli in an image without the AWS CLI: exit 2 at once naming the fix, not 3 failed logins", async () => {
      const result = await runEntrypoint({
        pty: true,
        command: ["sh", "-c", "echo command-ran"],
        env: containerEnv(
          {
            TERM: "dumb",
            SSOENV_LOGIN_METHOD: "aws-cli",
            SSOENV_AWS_CLI: join(deniedHome.root, "no-aws", "aws"),
          },
          { home: deniedHome, emulator: denying },
        ),
        timeoutMs: 30_000,
      });
      // ssoenv login's exit 2 (a setting no retry fixes: SSOENV_AWS_CLI names no file) ends the loop.
      expect(result.exitCode).toBe(2);
      expect(result.all).toContain(`SSOENV_AWS_CLI=${join(deniedHome.root, "no-aws", "aws")} does not exist`);
      expect(result.all).toContain("(SSOENV_LOGIN_METHOD=aws-cli) refused for profile");
      expect(result.all).toContain("set SSOENV_LOGIN_METHOD=native");
      expect(result.all).toContain("(try 1 of 3)");
      expect(result.all).not.toContain("(try 2 of 3)");
      expect(result.all).not.toContain("command-ran");
    });

    it("SSOENV_LOGIN_METHOD=native refused: exit 2 naming the fix, without 'or set SSOENV_LOGIN_METHOD=native'", async () => {
      // ssoenv as installed, but its login refuses a setting (exit 2), as login --method aws-cli does above.
      const refusing = join(deniedHome.binDir, "ssoenv-refusing-login");
      await writeFile(
        refusing,
        `#!/bin/sh\nif [ "$1" = login ]; then echo "ssoenv: a setting login refuses" >&2; exit 2; fi\nexec ${join(deniedHome.binDir, "ssoenv")} "$@"\n`,
        { mode: 0o755 },
      );
      const result = await runEntrypoint({
        pty: true,
        command: ["sh", "-c", "echo command-ran"],
        env: containerEnv(
          { TERM: "dumb", SSOENV_LOGIN_METHOD: "native", SSOENV_BIN: "ssoenv-refusing-login" },
          { home: deniedHome, emulator: denying },
        ),
        timeoutMs: 30_000,
      });
      expect(result.exitCode).toBe(2);
      expect(result.all).toContain("(SSOENV_LOGIN_METHOD=native) refused for profile");
      expect(result.all).not.toContain("set SSOENV_LOGIN_METHOD=native");
      expect(result.all).not.toContain("(try 2 of 3)");
      expect(result.all).not.toContain("command-ran");
    });
  },
);

describe("a profile that chains a role (role_arn + source_profile)", () => {
  it.skipIf(!awsCliV2)(
    "names the SSO profile behind the chain for a login on the host, once: the aws sso login it prints works",
    async () => {
      const config = join(home.root, "chain-config");
      const chain = ["[profile deploy]", "role_arn = arn:aws:iam::222222222222:role/Deploy"];
      await writeFile(
        config,
        `${await readFile(home.configPath, "utf8")}\n${chain.join("\n")}\nsource_profile = ${PROFILE}\n`,
      );
      const cacheDir = dirname(home.cachePath);
      const cached = new Set(await readdir(cacheDir));
      try {
        const result = await runEntrypoint({
          command: ["sh", "-c", "echo command-ran"],
          env: containerEnv({ AWS_PROFILE: "deploy", AWS_CONFIG_FILE: config }),
          timeoutMs: 20_000,
        });
        expect(result.exitCode).toBe(3);
        expect(result.stderr).not.toContain("command-ran");
        // One hint: ssoenv's, which names the profile behind the chain; the entrypoint says where to run it.
        const logins = result.stderr.match(/(?:aws sso|ssoenv) login --profile [^\s)]+/g) ?? [];
        expect(logins).toEqual([`ssoenv login --profile ${PROFILE}`, `aws sso login --profile ${PROFILE}`]);
        expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(
          "log in on the host as ssoenv says above, then start the container again (with ~/.aws mounted), or run it with a terminal (docker run -it / compose run) to log in here",
        );
        // What the user would paste on the host: real AWS CLI v2 (Debian's 2.9 reads the emulator's
        // endpoints from AWS_DATA_PATH), the emulator approving at once. `aws sso login` takes only a
        // profile with SSO settings: for `deploy` itself it says "Missing ... sso_start_url, sso_region".
        const dataPath = await emulator.writeAwsCliDataPath(join(home.root, "aws-data"));
        const [, ...args] = (logins[1] as string).split(" ");
        const login = await execa(AWS_CLI_V2, [...args, "--no-browser"], {
          env: {
            PATH: process.env.PATH ?? "/usr/bin:/bin",
            HOME: home.home,
            AWS_CONFIG_FILE: config,
            AWS_DATA_PATH: dataPath,
          },
          extendEnv: false,
          reject: false,
          all: true,
          stdin: "ignore",
          timeout: 60_000,
        });
        expect(login.exitCode, login.all).toBe(0);
      } finally {
        for (const name of await readdir(cacheDir)) if (!cached.has(name)) await rm(join(cacheDir, name));
      }
    },
  );
});

describe("SSOENV_MODE=profile", () => {
  it("warns, without printing them, when keys in the environment would shadow the profile", async () => {
    await seedSession(8 * HOUR_MS);
    const keyId = `AKIA${randomBase32(16)}`; // generated: no key-shaped literal in the repository
    const result = await runEntrypoint({
      command: ["sh", "-c", "echo profile=$AWS_PROFILE"],
      env: containerEnv({ AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY: randomBase32(40) }),
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`profile=${PROFILE}`);
    expect(result.stderr).toContain("AWS_ACCESS_KEY_ID is set in the environment");
    expect(result.all).not.toContain(keyId);
  });
});

describe("SSOENV_MODE=env", () => {
  it("exports temporary credentials, drops AWS_PROFILE and warns that they will not refresh", async () => {
    await seedSession(8 * HOUR_MS);
    emulator.resetStats();
    const out = join(home.root, "env-mode.json");
    const dump = `JSON.stringify(Object.fromEntries(["AWS_ACCESS_KEY_ID","AWS_SECRET_ACCESS_KEY","AWS_SESSION_TOKEN","AWS_CREDENTIAL_EXPIRATION","AWS_PROFILE"].map(k=>[k,process.env[k]??null])))`;
    const result = await runEntrypoint({
      command: [process.execPath, "-e", `require("fs").writeFileSync(${JSON.stringify(out)}, ${dump})`],
      env: containerEnv({ SSOENV_MODE: "env" }),
    });
    expect(result.exitCode).toBe(0);
    // The session's check and the keys are one `ssoenv env`: one GetRoleCredentials, one GetCallerIdentity.
    expect(emulator.stats().byOperation).toEqual({ GetRoleCredentials: 1, GetCallerIdentity: 1 });
    expect(result.stderr).toContain("will NOT refresh");
    const seen = JSON.parse(await readFile(out, "utf8")) as Record<string, string | null>;
    expect(seen.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(seen.AWS_SECRET_ACCESS_KEY?.length).toBeGreaterThan(20);
    expect(seen.AWS_SESSION_TOKEN?.length).toBeGreaterThan(20);
    expect(seen.AWS_PROFILE).toBeNull();
    // Secrets went into the environment only, never to the container's output.
    expect(result.all.includes(seen.AWS_SECRET_ACCESS_KEY as string)).toBe(false);
    expect(result.all.includes(seen.AWS_SESSION_TOKEN as string)).toBe(false);
  });

  // Seen: docker run -e AWS_REGION=eu-west-1 with SSOENV_MODE=env ran the command in the profile's
  // us-east-1 (ssoenv env's region), while profile and process modes left it eu-west-1, as the AWS CLI
  // reads it. The command gets the region as ssoenv exec gives a command.
  it.each([
    [{ AWS_REGION: "eu-west-1" }, "eu-west-1"],
    [{ AWS_DEFAULT_REGION: "eu-west-1" }, "eu-west-1"],
    [{ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-north-1" }, "eu-west-1"],
    [{}, "us-east-1"],
  ])(
    "a region the container was given (%o) is the command's, under both names, as ssoenv exec gives it",
    async (given, region) => {
      await seedSession(8 * HOUR_MS);
      const show = ["sh", "-c", 'printf "%s %s" "$AWS_REGION" "$AWS_DEFAULT_REGION"'];
      const env = containerEnv({ SSOENV_MODE: "env", ...given });
      const result = await runEntrypoint({ command: show, env });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(`${region} ${region}`);
      const exec = await execa(join(home.binDir, "ssoenv"), ["exec", "--", ...show], {
        env,
        extendEnv: false,
      });
      expect(result.stdout).toBe(exec.stdout);
    },
  );

  it("when ssoenv env fails for a reason a login does not fix, says that ssoenv env failed (exit 1, command not run)", async () => {
    await seedSession(8 * HOUR_MS);
    emulator.faults.add({ operation: "GetRoleCredentials", kind: "server-error", times: 20 });
    const marker = join(home.root, "env-mode-failed");
    try {
      const result = await runEntrypoint({
        command: ["sh", "-c", `touch "${marker}"`],
        env: containerEnv({ SSOENV_MODE: "env" }),
      });
      expect(result.exitCode, result.stderr).toBe(1);
      expect(result.stderr).toContain(`ssoenv env failed for profile '${PROFILE}' (see above)`);
      expect(result.stderr).not.toContain("ssoenv ensure");
      expect(existsSync(marker)).toBe(false);
    } finally {
      emulator.faults.clear();
    }
  });

  it("refuses to start the command when the keys end before SSOENV_MIN_VALIDITY (they never renew), naming the modes that do", async () => {
    // The SSO session renews itself; the role credentials last 12 h (this file's permission set).
    await seedSession(8 * HOUR_MS);
    const marker = join(home.root, "env-mode-started");
    const refused = await runEntrypoint({
      command: ["sh", "-c", `touch "${marker}"`],
      env: containerEnv({ SSOENV_MODE: "env", SSOENV_MIN_VALIDITY: "13h" }),
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(
      /error: SSOENV_MODE=env: the role credentials end at \S+Z, sooner than SSOENV_MIN_VALIDITY=13h, and keys in the environment never renew: use SSOENV_MODE=profile or process/,
    );
    // ensure's warning about them, said once (not again by ssoenv env).
    expect(refused.stderr.split("sooner than the 13h asked").length - 1).toBe(1);
    expect(existsSync(marker)).toBe(false);

    // 12 h keys for a job asked to have 11h (or exactly 12h: fresh keys are a few seconds short of it).
    for (const minValidity of ["11h", "12h"]) {
      const started = await runEntrypoint({
        command: ["sh", "-c", "echo command-ran"],
        env: containerEnv({ SSOENV_MODE: "env", SSOENV_MIN_VALIDITY: minValidity }),
      });
      expect({ minValidity, exitCode: started.exitCode, stdout: started.stdout }).toEqual({
        minValidity,
        exitCode: 0,
        stdout: "command-ran",
      });
    }
  });

  it("without node on PATH (an ssoenv that names its own), does not refuse keys it cannot measure: it runs the command and says so", async () => {
    await seedSession(8 * HOUR_MS);
    // The bin folder's ssoenv runs node by its absolute path; nothing else is on PATH.
    const result = await runEntrypoint({
      shell: "/bin/sh",
      command: ["/bin/sh", "-c", "echo command-ran"],
      env: containerEnv({ SSOENV_MODE: "env", SSOENV_MIN_VALIDITY: "11h", PATH: home.binDir }),
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe("command-ran");
    expect(result.stderr).toContain(
      "SSOENV_MIN_VALIDITY=11h is not checked against the keys' end here (no node on PATH)",
    );
  });
});

describe("keys handed in (docker run --env-file of ssoenv env --format dotenv), no ~/.aws", () => {
  /** What `ssoenv env --profile dev --format dotenv` prints on the "host" (this HOME). */
  async function hostKeys(): Promise<Record<string, string>> {
    const { stdout } = await execa(
      process.execPath,
      ["--", CLI_BIN, "env", "--profile", PROFILE, "--format", "dotenv"],
      {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: home.home,
          NO_COLOR: "1",
          ...emulator.sdkEnv(),
        },
        extendEnv: false,
      },
    );
    return parseEnv(stdout);
  }

  /** The container's environment: the keys, an empty HOME, no profile named. */
  async function keysEnv(keys: Record<string, string>, extra: Record<string, string> = {}) {
    const emptyHome = join(home.root, "keys-home");
    await mkdir(emptyHome, { recursive: true });
    return {
      PATH: `${home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      HOME: emptyHome,
      TMPDIR: home.tmpDir,
      NO_COLOR: "1",
      AWS_ENDPOINT_URL_STS: emulator.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...keys,
      ...extra,
    };
  }

  it("runs the command on them, without an SSO profile to check: the SDK signs with them", async () => {
    await seedSession(8 * HOUR_MS);
    const keys = await hostKeys();
    const before = emulator.stats().byOperation.GetRoleCredentials ?? 0;
    const script = `
      import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
      console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Account);`;
    const result = await runEntrypoint({
      command: [process.execPath, "--input-type=module", "-e", script],
      cwd: join(REPO_ROOT, "test"),
      env: await keysEnv(keys),
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(ACCOUNT_ID);
    expect(result.stderr).toContain(`they expire at ${keys.AWS_CREDENTIAL_EXPIRATION}`);
    // Nothing asked SSO: the keys are all the container has.
    expect(emulator.stats().byOperation.GetRoleCredentials ?? 0).toBe(before);
    expect(result.all.includes(keys.AWS_SECRET_ACCESS_KEY as string)).toBe(false);
    expect(result.all.includes(keys.AWS_ACCESS_KEY_ID as string)).toBe(false);
  });

  it("refuses keys whose AWS_CREDENTIAL_EXPIRATION has passed: exit 3, naming when and what to run on the host", async () => {
    await seedSession(8 * HOUR_MS);
    const marker = join(home.root, "ran-on-expired-keys");
    const result = await runEntrypoint({
      command: ["sh", "-c", `touch "${marker}"`],
      env: await keysEnv(await hostKeys(), { AWS_CREDENTIAL_EXPIRATION: "2026-01-02T03:04:05Z" }),
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain("the AWS keys in the environment expired at 2026-01-02T03:04:05Z");
    expect(result.stderr).toContain("ssoenv env --profile <profile> --format dotenv");
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses keys that end before SSOENV_MIN_VALIDITY (exit 1), and runs on them when they last", async () => {
    await seedSession(8 * HOUR_MS);
    const keys = await hostKeys(); // 12 h (this file's permission set)
    const marker = join(home.root, "ran-on-short-keys");
    const refused = await runEntrypoint({
      command: ["sh", "-c", `touch "${marker}"`],
      env: await keysEnv(keys, { SSOENV_MIN_VALIDITY: "13h" }),
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      `the AWS keys in the environment end at ${keys.AWS_CREDENTIAL_EXPIRATION}, sooner than SSOENV_MIN_VALIDITY=13h`,
    );
    expect(existsSync(marker)).toBe(false);
    const started = await runEntrypoint({
      command: ["sh", "-c", "echo command-ran"],
      env: await keysEnv(keys, { SSOENV_MIN_VALIDITY: "11h" }),
    });
    expect(started.exitCode, started.stderr).toBe(0);
    expect(started.stdout).toBe("command-ran");
  });
});

describe("credentials from the host's ssoenv serve (docker run --network host --env-file .env)", () => {
  /**
   * `ssoenv serve --profile dev --env-file F` on the "host" (this HOME); resolves once it serves, with
   * the variables it wrote, or throws with its stderr when it exits instead.
   */
  async function startServe(envFile: string) {
    const serve = await startServeProcess(
      {
        project: dirname(envFile),
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: home.home,
          NO_COLOR: "1",
          ...emulator.sdkEnv(),
        },
      },
      ["--profile", PROFILE],
      { envFile: basename(envFile) },
    );
    return { ...serve, values: parseEnv(await readFile(envFile, "utf8")) };
  }

  it("runs the command on the endpoint, without ~/.aws and without AWS_PROFILE; the SDK gets its credentials there", async () => {
    await seedSession(8 * HOUR_MS);
    const envFile = join(home.root, "serve.env");
    const serve = await startServe(envFile);
    try {
      const emptyHome = join(home.root, "container-home");
      await mkdir(emptyHome, { recursive: true });
      const script = `
        import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
        console.log("profile=" + (process.env.AWS_PROFILE ?? "none"));
        console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn);`;
      const result = await runEntrypoint({
        command: [process.execPath, "--input-type=module", "-e", script],
        cwd: join(REPO_ROOT, "test"),
        env: {
          PATH: `${home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
          HOME: emptyHome,
          NO_COLOR: "1",
          // the profile the host used: in the container it would make the SDK look for ~/.aws/config
          AWS_PROFILE: PROFILE,
          AWS_ENDPOINT_URL_STS: emulator.url,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          ...serve.values,
        },
      });
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(
          `^profile=none\\narn:aws:sts::${ACCOUNT_ID}:assumed-role/AWSReservedSSO_AdministratorAccess_[0-9a-f]+/`,
        ),
      );
      // Nothing of the host's ~/.aws was needed in the container: its HOME stayed empty.
      expect(await readdir(emptyHome)).toEqual([]);
    } finally {
      serve.child.kill("SIGTERM");
      await serve.exited;
    }
  });

  // With ~/.aws mounted too (compose, or -v ~/.aws by habit), every AWS SDK takes the default profile's
  // own credentials before a container endpoint: the command would run as that profile, silently.
  const defaultProfiles = [
    { file: "config", section: "[default]", key: "credential_process = {home}/keys.sh" },
    {
      file: "config",
      section: "[profile default]",
      key: "sso_session = corp\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1",
    },
    {
      file: "credentials",
      section: "[default]",
      key: "aws_access_key_id = {id}\naws_secret_access_key = {secret}",
    },
  ];

  for (const { file, section, key } of defaultProfiles) {
    it(`the endpoint's credentials win over a ${section} with credentials in a mounted ~/.aws/${file}`, async () => {
      await seedSession(8 * HOUR_MS);
      const envFile = join(home.root, "serve-default.env");
      await rm(envFile, { force: true });
      const serve = await startServe(envFile);
      try {
        const containerHome = join(home.root, "home-with-default");
        await rm(containerHome, { recursive: true, force: true });
        await mkdir(join(containerHome, ".aws"), { recursive: true });
        const [id, secret] = [`AKIA${randomBase32(16)}`, randomBase32(40)];
        // credential_process's answer: keys STS does not know (generated, never committed).
        await writeFile(
          join(containerHome, "keys.sh"),
          `#!/bin/sh\necho '{"Version": 1, "AccessKeyId": "${id}", "SecretAccessKey": "${secret}"}'\n`,
          { mode: 0o755 },
        );
        const body = key.replace("{home}", containerHome).replace("{id}", id).replace("{secret}", secret);
        await writeFile(join(containerHome, ".aws", file), `${section}\n${body}\nregion = us-east-1\n`);
        const script = `
          import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
          console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn);`;
        const result = await runEntrypoint({
          command: [process.execPath, "--input-type=module", "-e", script],
          cwd: join(REPO_ROOT, "test"),
          env: {
            PATH: `${home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
            HOME: containerHome,
            NO_COLOR: "1",
            AWS_ENDPOINT_URL_STS: emulator.url,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
            ...serve.values,
          },
        });
        expect(result.exitCode, result.stderr).toBe(0);
        expect(result.stdout).toMatch(
          new RegExp(
            `^arn:aws:sts::${ACCOUNT_ID}:assumed-role/AWSReservedSSO_AdministratorAccess_[0-9a-f]+/`,
          ),
        );
        expect(result.stderr).toContain("profile default");
      } finally {
        serve.child.kill("SIGTERM");
        await serve.exited;
      }
    }, 60_000);
  }

  it("warns when nothing answers at a loopback endpoint (no --network host, or serve not running), and still runs the command", async () => {
    // A port nothing listens on, as 127.0.0.1 is inside a container without --network host.
    const port = await freePortOutsideEphemeralRange();
    const result = await runEntrypoint({
      command: ["sh", "-c", "echo command-ran"],
      env: {
        PATH: `${home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
        HOME: join(home.root, "no-such-home"),
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/profiles/${PROFILE}`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: randomBase32(32),
      },
    });
    expect(result.stdout).toBe("command-ran");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(`warning: nothing answers at http://127.0.0.1:${port}`);
    expect(result.stderr).toContain("docker run --network host");
  });

  it("SSOENV_MODE=endpoint without an endpoint: exit 2 naming what to pass, the command not started", async () => {
    const marker = join(home.root, "ran-without-endpoint");
    const result = await runEntrypoint({
      command: ["sh", "-c", `touch "${marker}"`],
      env: containerEnv({ SSOENV_MODE: "endpoint" }),
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("SSOENV_MODE=endpoint needs AWS_CONTAINER_CREDENTIALS_FULL_URI");
    expect(existsSync(marker)).toBe(false);
  });

  // What a container on a bridge network would use to reach the host: every AWS SDK refuses plain
  // http there (terraform: 'invalid endpoint host, "192.0.2.2", only loopback/ecs/eks hosts are allowed').
  for (const shell of SHELLS.filter(({ present }) => present)) {
    it(`refuses, under ${shell.name}, an http endpoint on a host the SDKs refuse: exit 2 naming the host and --network host, the command not started`, async () => {
      for (const [uri, host] of [
        [`http://host.docker.internal:4599/profiles/${PROFILE}`, "host.docker.internal"],
        ["http://172.17.0.1:4599/profiles/dev?x=1", "172.17.0.1"],
        ["http://[fd00::2]:4599/profiles/dev", "[fd00::2]"],
      ] as const) {
        const marker = join(home.root, "ran-on-a-refused-endpoint");
        const result = await runEntrypoint({
          shell: shell.argv,
          command: ["sh", "-c", `touch "${marker}"`],
          env: {
            PATH: `${home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
            HOME: join(home.root, "no-such-home"),
            AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
            AWS_CONTAINER_AUTHORIZATION_TOKEN: randomBase32(32),
          },
        });
        expect({ uri, exitCode: result.exitCode }).toEqual({ uri, exitCode: 2 });
        expect(result.stderr).toContain(`plain http to ${host}, which AWS SDKs refuse`);
        expect(result.stderr).toContain("docker run --network host --env-file .env");
        expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
        expect(existsSync(marker)).toBe(false);
      }
    });
  }

  it("runs the command on endpoints the SDKs take: https anywhere, the ECS and EKS agents' http addresses", async () => {
    for (const uri of [
      "https://host.docker.internal:4599/profiles/dev",
      "http://169.254.170.2/v2/credentials/x",
      "http://169.254.170.23/v1/credentials",
      "http://[fd00:ec2::23]/v1/credentials",
    ]) {
      const result = await runEntrypoint({
        command: ["sh", "-c", "echo command-ran"],
        env: {
          PATH: `${home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
          HOME: join(home.root, "no-such-home"),
          AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
          AWS_CONTAINER_AUTHORIZATION_TOKEN: randomBase32(32),
        },
      });
      expect({ uri, exitCode: result.exitCode, stdout: result.stdout }).toEqual({
        uri,
        exitCode: 0,
        stdout: "command-ran",
      });
    }
  });
});

describe("SSOENV_MODE=process", () => {
  it("gives the command a profile whose credential_process reads the real config, without recursion", async () => {
    await seedSession(8 * HOUR_MS);
    const out = join(home.root, "process-mode");
    await mkdir(out, { recursive: true });
    const result = await runEntrypoint({
      command: ["sh", "-c", `cp "$AWS_CONFIG_FILE" "${out}/config"; echo "$AWS_PROFILE" > "${out}/profile"`],
      env: containerEnv({ SSOENV_MODE: "process" }),
    });
    expect(result.exitCode).toBe(0);
    const config = await readFile(join(out, "config"), "utf8");
    expect(config).toContain(`[profile ${PROFILE}]`);
    expect(config).toContain("region = us-east-1");
    expect(config).not.toContain("sso_session");
    const command = /^credential_process = (.+)$/m.exec(config)?.[1];
    expect(command).toBeDefined();
    // The helper pins the inner ssoenv to the REAL config: the generated one is never read again.
    const helper = await readFile(command as string, "utf8");
    expect(helper).toContain(`AWS_CONFIG_FILE='${home.configPath}'`);
    expect(helper).toContain(`credential-process --profile '${PROFILE}'`);
    expect((await readFile(join(out, "profile"), "utf8")).trim()).toBe(PROFILE);

    // Run it as an SDK would, with the generated config in the environment.
    const generated = join(out, "config");
    const credentials = await execa("sh", ["-c", command as string], {
      env: containerEnv({ AWS_CONFIG_FILE: generated }),
      extendEnv: false,
      reject: false,
    });
    expect(credentials.exitCode).toBe(0);
    const parsed = JSON.parse(credentials.stdout) as Record<string, unknown>;
    expect(parsed.Version).toBe(1);
    expect(String(parsed.AccessKeyId)).toMatch(/^ASIA/);
    expect(Object.keys(parsed)).toEqual(
      expect.arrayContaining(["SecretAccessKey", "SessionToken", "Expiration"]),
    );
  });

  it("writes a [default] profile for the default profile, from the config AWS_CONFIG_FILE names", async () => {
    await seedSession(8 * HOUR_MS);
    const realConfig = join(home.root, "config-with-default");
    const original = await readFile(home.configPath, "utf8");
    await writeFile(
      realConfig,
      original
        .replace(`[profile ${PROFILE}]`, "[default]")
        .replace("region = us-east-1", "region = ap-northeast-1"),
    );
    const out = join(home.root, "default-profile-config");
    const result = await runEntrypoint({
      command: ["sh", "-c", `cp "$AWS_CONFIG_FILE" "${out}"`],
      env: { ...containerEnv({ SSOENV_MODE: "process", AWS_CONFIG_FILE: realConfig }), AWS_PROFILE: "" },
    });
    expect(result.exitCode).toBe(0);
    const generated = await readFile(out, "utf8");
    expect(generated).toMatch(/^\[default\]$/m);
    expect(generated).toContain("region = ap-northeast-1");
    const helper = await readFile(/^credential_process = (.+)$/m.exec(generated)?.[1] as string, "utf8");
    expect(helper).toContain(`AWS_CONFIG_FILE='${realConfig}'`);
    expect(helper).toContain("credential-process --profile 'default'");
  });

  it('keeps the region of a profile whose header is quoted and commented, [profile "dev"] # …, as the AWS CLI and SDKs read it', async () => {
    await seedSession(8 * HOUR_MS);
    const realConfig = join(home.root, "config-quoted-header");
    const original = await readFile(home.configPath, "utf8");
    await writeFile(
      realConfig,
      original
        .replace(
          `[profile ${PROFILE}]`,
          `# region = us-west-1\n[profile "${PROFILE}"] # the team's\n; region = us-west-2`,
        )
        .replace("region = us-east-1", "region = eu-west-2"),
    );
    const out = join(home.root, "quoted-header-config");
    const result = await runEntrypoint({
      command: ["sh", "-c", `cp "$AWS_CONFIG_FILE" "${out}"`],
      env: containerEnv({ SSOENV_MODE: "process", AWS_CONFIG_FILE: realConfig }),
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const generated = await readFile(out, "utf8");
    expect(generated).toMatch(new RegExp(`^\\[profile ${PROFILE}\\]$`, "m"));
    expect(generated.match(/^region = .*$/gm)).toEqual(["region = eu-west-2"]);
  });

  it("keeps the credential_process path free of spaces even when TMPDIR has one", async () => {
    // Terraform's Go SDK strips quotes from credential_process and runs it with `sh -c`: a path with
    // a space cannot be written so that every SDK runs it.
    await seedSession(8 * HOUR_MS);
    const spaced = join(home.tmpDir, "with space");
    await mkdir(spaced, { recursive: true });
    const out = join(home.root, "spaced-config");
    const result = await runEntrypoint({
      command: ["sh", "-c", `cp "$AWS_CONFIG_FILE" "${out}"`],
      env: containerEnv({ SSOENV_MODE: "process", TMPDIR: spaced }),
    });
    expect(result.exitCode).toBe(0);
    const command = /^credential_process = (.+)$/m.exec(await readFile(out, "utf8"))?.[1] as string;
    await rm(dirname(command), { recursive: true, force: true }); // it fell back to /tmp: clean up
    expect(command).toMatch(/^\/tmp\/ssoenv-entrypoint\.\w+\/credential-process$/);
  });

  it("still reads the real config when an entrypoint runs inside another one", async () => {
    await seedSession(8 * HOUR_MS);
    const out = join(home.root, "nested-config");
    const result = await runEntrypoint({
      command: ["sh", ENTRYPOINT, "sh", "-c", `cp "$AWS_CONFIG_FILE" "${out}"`],
      env: containerEnv({ SSOENV_MODE: "process" }),
    });
    expect(result.exitCode).toBe(0);
    const command = /^credential_process = (.+)$/m.exec(await readFile(out, "utf8"))?.[1];
    const helper = await readFile(command as string, "utf8");
    expect(helper).toContain(`AWS_CONFIG_FILE='${home.configPath}'`);
  });
});

async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(path) && (await readFile(path, "utf8")).endsWith("\n")) return;
    await sleep(100);
  }
  throw new Error(`${path} never appeared`);
}

function randomBase32(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return Array.from(randomBytes(length), (byte) => alphabet[byte % 32]).join("");
}
