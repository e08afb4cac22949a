import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readSsoToken } from "@ssoenv/core";
import { writeSignInRecord } from "@ssoenv/core/internal";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { hasScript } from "../cli/support/has-script.js";
import { seedSsoSession } from "./support/aws-home.js";
import { cliBin, copyExampleProject, createBareProject, miseBin, repoRoot } from "./support/mise-sandbox.js";
import { useMiseWorld } from "./support/use-mise-world.js";

const hasMise = existsSync(miseBin);
if (!hasMise)
  console.warn(`skipping the mise enter-hook tests: mise is missing (${miseBin}); run pnpm install`);

const HOOK = join(repoRoot, "plugins/mise/hooks/session-warning");
// The hook runs under plain node, so it imports the built @ssoenv/core.
const coreBuilt = existsSync(join(repoRoot, "packages/core/dist/index.js"));
if (!coreBuilt) console.warn("skipping the session-warning tests: @ssoenv/core is not built; run pnpm build");
const MINUTE = 60_000;

describe.skipIf(!coreBuilt)("plugins/mise/hooks/session-warning", () => {
  const { emulator, sandbox } = useMiseWorld();

  /** Runs the hook script as mise would (sh, in a project folder) and returns its stderr. */
  const runHook = async (cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
    const result = await execa("sh", [HOOK, ...args], {
      cwd,
      env: { ...sandbox.env, ...env },
      extendEnv: false,
      reject: false,
    });
    return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  };

  it("warns once per SSO session, naming the project's profiles, when under 1 h is left", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);

    const { exitCode, stdout, stderr } = await runHook(join(project, "apps/api"));
    expect(exitCode).toBe(0);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ssoenv: the AWS SSO session for profiles dev, stg ends in (29|30)m \(at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d\)/,
    );
    expect(lines[0]).toContain("mise run aws:login");
  });

  it.skipIf(!hasScript)(
    "colours its line on a terminal as ssoenv does: not with NO_COLOR, FORCE_COLOR=0 or false, or TERM=dumb",
    async () => {
      await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE, refreshable: false });
      const project = await copyExampleProject(sandbox);
      const onTerminal = async (env: NodeJS.ProcessEnv) => {
        const result = await execa("script", ["-qec", `sh ${HOOK}`, "/dev/null"], {
          cwd: project,
          env: { ...sandbox.env, NO_COLOR: undefined, TERM: "xterm", ...env },
          extendEnv: false,
          reject: false,
        });
        expect(String(result.stdout), JSON.stringify(env)).toContain("ssoenv: the AWS SSO session");
        return String(result.stdout);
      };
      expect(await onTerminal({})).toContain("\u001b[33mssoenv:");
      for (const env of [{ NO_COLOR: "1" }, { FORCE_COLOR: "0" }, { FORCE_COLOR: "false" }, { TERM: "dumb" }])
        expect(await onTerminal(env), JSON.stringify(env)).not.toContain("\u001b[");
    },
  );

  it("stays silent when more than 1 h is left", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 5 * 60 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);

    const { exitCode, stderr } = await runHook(project);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
  });

  it("answers from its memo only while nothing it read has changed (a new login or a shorter session shows)", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 5 * 60 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);
    expect((await runHook(project)).stderr).toBe("");
    const memo = JSON.parse(
      await readFile(join(sandbox.home, ".aws/ssoenv/session-warning-memo.json"), "utf8"),
    );
    expect(memo.entries[0].statuses.length).toBeGreaterThan(0);
    expect(JSON.stringify(memo)).not.toMatch(/accessToken|refreshToken|clientSecret/);

    // The token cache changes (another login, here a session about to end): the memo is not used.
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 20 * MINUTE, refreshable: false });
    expect((await runHook(project)).stderr).toMatch(/ends in (19|20)m/);
    // Unchanged files: the memo answers, and says the same (the time left is computed anew).
    expect((await runHook(project)).stderr).toMatch(/ends in (19|20)m/);
    // --within is applied to what the memo holds, not keyed away.
    expect((await runHook(project, ["--within", "10m"])).stderr).toBe("");
  });

  it("stays silent for a refreshable session: its cached expiry is the access token's, not the session's", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE });
    const project = await copyExampleProject(sandbox);

    const { exitCode, stderr } = await runHook(project);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
  });

  it("warns before the sign-in ends for a refreshable session ssoenv logged in (its record + the session duration)", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 60 * MINUTE });
    const project = await copyExampleProject(sandbox);
    // Silent while ssoenv has no record of the login: the access token's hour says nothing.
    expect((await runHook(project)).stderr).toBe("");
    // Signed in 7 h 35 min ago; AWS's default session lasts 8 h.
    await writeSignInRecord({
      profile: { ssoSession: "acme", startUrl: emulator.startUrl },
      env: sandbox.env,
      signedInAt: new Date(Date.now() - (7 * 60 + 35) * MINUTE),
    });
    const { exitCode, stderr } = await runHook(project);
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/the AWS SSO session for profiles? .*dev.* ends in (24|25)m/);
  });

  it("answers from its memo without loading @ssoenv/core's reading of files: only its colour rule, to print the line", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);
    // NODE_DEBUG=esm lists each ES module node loads ("Storing file:///…/core/dist/… in ModuleLoadMap").
    const run = async () => {
      const { stderr } = await runHook(project, [], { NODE_DEBUG: "esm" });
      const lines = stderr.split("\n");
      return {
        coreModules: lines.flatMap(
          (line) => /^ESM \d+: Storing file:\S*\/core\/dist\/(\S+)/.exec(line)?.[1] ?? [],
        ),
        warnings: lines.filter((line) => line.startsWith("ssoenv:")),
      };
    };
    const warning = [expect.stringMatching(/^ssoenv: the AWS SSO session for profiles dev, stg ends in/)];

    // No memo yet: the files are read through core (which also shows the probe sees its modules).
    const first = await run();
    expect(first.coreModules.length).toBeGreaterThan(2);
    expect(first.warnings).toEqual(warning);
    // A memo hit: the same warning, and of core only the colour rule and the time formatter (three
    // files without imports beyond each other); importing core was most of such a run's own work.
    const hit = await run();
    expect({ ...hit, coreModules: hit.coreModules.sort() }).toEqual({
      coreModules: ["session/ci-setting.js", "text/format-time-left.js", "text/wants-colors.js"],
      warnings: warning,
    });
  });

  it("keeps an answer per folder: moving back and forth between two folders is answered from the memo", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);
    // NODE_DEBUG=module lists the CommonJS modules node loads: reading ~/.aws/config (through
    // @smithy/shared-ini-file-loader, as the SDK reads it) is the hook's slow path.
    const visit = async (folder: string) => {
      const { stderr } = await runHook(join(project, folder), [], { NODE_DEBUG: "module" });
      const lines = stderr.split("\n");
      return {
        readConfig: lines.some((line) => line.includes("shared-ini-file-loader")),
        warnings: lines.filter((line) => line.startsWith("ssoenv:")),
      };
    };
    const warning = [expect.stringMatching(/^ssoenv: the AWS SSO session for profiles dev, stg ends in/)];

    // First visits read the files (which also shows the probe sees the slow path).
    expect(await visit("apps/api")).toEqual({ readConfig: true, warnings: warning });
    expect(await visit("apps/web")).toEqual({ readConfig: true, warnings: warning });
    // Back and forth, nothing changed: both answered from the memo, with the same warning.
    expect(await visit("apps/api")).toEqual({ readConfig: false, warnings: warning });
    expect(await visit("apps/web")).toEqual({ readConfig: false, warnings: warning });
  });

  it("warns once a login replaces an unusable token cache file (no memo of the profile it could not read)", async () => {
    const project = await copyExampleProject(sandbox);
    // A token cache file cut short (an interrupted write): the hook cannot judge the session.
    await seedSsoSession({ home: sandbox.home, emulator, refreshable: false });
    const cacheDir = join(sandbox.home, ".aws/sso/cache");
    const [cacheFile] = await readdir(cacheDir);
    await writeFile(join(cacheDir, String(cacheFile)), '{"startUrl": "');
    expect((await runHook(project)).stderr).toBe("");

    // A login writes the file anew; the session it made ends in 30 min.
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE, refreshable: false });
    expect((await runHook(project)).stderr).toMatch(/for profiles dev, stg ends in (29|30)m/);
  });

  it("follows SSOENV_SESSION_DURATION as it changes, not answering from a memo made with another", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 60 * MINUTE });
    const project = await copyExampleProject(sandbox);
    await writeSignInRecord({
      profile: { ssoSession: "acme", startUrl: emulator.startUrl },
      env: sandbox.env,
      signedInAt: new Date(Date.now() - (7 * 60 + 35) * MINUTE),
    });
    // AWS's default 8 h: 25 min left.
    expect((await runHook(project)).stderr).toMatch(/ends in (24|25)m/);
    // The user's sessions last 12 h (README: SSOENV_SESSION_DURATION): 4 h 25 min left, no warning.
    expect((await runHook(project, [], { SSOENV_SESSION_DURATION: "12h" })).stderr).toBe("");
    // And back: the 8 h answer again.
    expect((await runHook(project)).stderr).toMatch(/ends in (24|25)m/);
  });

  it("honours --within and --profile", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 90 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);

    expect((await runHook(project)).stderr).toBe("");
    const { stderr } = await runHook(project, ["--within", "2h", "--profile", "stg"]);
    expect(stderr).toMatch(/^ssoenv: the AWS SSO session for profile stg ends in 1h (29|30)m/);
  });

  it("says how long is left as ssoenv status does for the same sign-in", async () => {
    // 20 s short of 8 h: the hook rounded that to "8 h 0 min" where status says "7h 59m left".
    await seedSsoSession({
      home: sandbox.home,
      emulator,
      expiresInMs: 8 * 60 * MINUTE - 20_000,
      refreshable: false,
    });
    const project = await copyExampleProject(sandbox);

    const hook = await runHook(project, ["--within", "9h", "--profile", "dev"]);
    const status = await execa(process.execPath, [cliBin, "status", "--profile", "dev"], {
      cwd: project,
      env: sandbox.env,
      extendEnv: false,
      reject: false,
    });
    expect(status.exitCode, String(status.stderr)).toBe(0);
    expect(String(status.stdout)).toContain("7h 59m left");
    expect(hook.stderr).toContain("ends in 7h 59m (at ");
  });

  it("reads --within as ssoenv reads durations, and names a bad value instead of never warning", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 80 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);

    expect((await runHook(project, ["--within", "1h30m"])).stderr).toMatch(/ends in 1h (19|20)m/);
    const bad = await runHook(project, ["--within", "soon"]);
    expect(bad.exitCode).toBe(0);
    // One line naming the option; then the default (1 h), under which 80 min left is no warning.
    expect(bad.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^ssoenv session-warning: --within "soon" is not a duration \(write .*\); using 1h$/,
      ),
    ]);
    // Bare digits are refused as every ssoenv flag refuses them (the README: "any duration ssoenv
    // reads"): taken as milliseconds, "90" (minutes, meant) would never warn.
    const unitless = await runHook(project, ["--within", "90"]);
    expect(unitless.exitCode).toBe(0);
    expect(unitless.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^ssoenv session-warning: --within "90" has no unit \(write .*\); using 1h$/),
    ]);
  });

  it("follows AWS_CONFIG_FILE=~/... as ssoenv does: an edit of that file is seen, not answered from the memo", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);
    const config = await readFile(join(sandbox.home, ".aws/config"), "utf8");
    await writeFile(join(sandbox.home, ".aws/other-config"), config);
    const env = { AWS_CONFIG_FILE: "~/.aws/other-config" };
    expect((await runHook(project, [], env)).stderr).toMatch(/for profiles dev, stg ends in/);

    // Profile stg leaves that file: the next run must read it again and warn for dev alone.
    await writeFile(join(sandbox.home, ".aws/other-config"), config.replace(/\[profile stg\][^[]*/, ""));
    expect((await runHook(project, [], env)).stderr).toMatch(/for profile dev ends in/);
  });

  it("says the session has expired, or that there is none", async () => {
    const project = await copyExampleProject(sandbox);
    expect((await runHook(project)).stderr).toMatch(/^ssoenv: no AWS SSO session for profiles dev, stg\./);

    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 1, refreshable: false });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await runHook(project)).stderr).toMatch(/^ssoenv: the AWS SSO session for .* has expired\./);
  });

  it("says the sign-in has ended at ssoenv's estimate while a token renewed before it works", async () => {
    // ssoenv's own login 8 h 10 min ago (8 h sessions); the access token renewed 30 min before that
    // end works 30 min more: the end the hook warned of the hour before, not silence until it expires.
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE });
    const profile = { name: "dev", ssoSession: "acme", startUrl: emulator.startUrl };
    const token = await readSsoToken({ profile, env: sandbox.env });
    await writeSignInRecord({
      profile,
      env: sandbox.env,
      signedInAt: new Date(Date.now() - (8 * 60 + 10) * MINUTE),
      login: { method: "native", grant: "device-code" },
      clientId: token?.clientId,
    });
    const project = await copyExampleProject(sandbox);
    expect((await runHook(project)).stderr).toMatch(/^ssoenv: the AWS SSO session for .* has expired\./);
  });

  it("answers from its memo only until the access token it read expires: a sign-in whose end it could not tell then has ended", async () => {
    // ssoenv's record of a login through the AWS CLI 8 h 10 min ago (8 h sessions). Past that estimate
    // a working token may be a later `aws sso login`'s (the AWS CLI's client is the same), so the end
    // is unknown and the hook silent. Once the token expires unrenewed, the sign-in has ended at the
    // estimate. No file changes in between, only the time: the memo must not outlive the token.
    const project = await copyExampleProject(sandbox);
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 10_000 });
    const profile = { name: "dev", ssoSession: "acme", startUrl: emulator.startUrl };
    const token = await readSsoToken({ profile, env: sandbox.env });
    if (!token) throw new Error("no token was seeded");
    await writeSignInRecord({
      profile,
      env: sandbox.env,
      signedInAt: new Date(Date.now() - (8 * 60 + 10) * MINUTE),
      login: { method: "aws-cli", grant: "pkce" },
      clientId: token.clientId,
    });
    expect((await runHook(project)).stderr).toBe("");
    // That answer is memoized (a later run with the same files would be a memo hit).
    const memo = JSON.parse(
      await readFile(join(sandbox.home, ".aws/ssoenv/session-warning-memo.json"), "utf8"),
    );
    expect(memo.entries).toHaveLength(1);
    while (Date.now() <= token.expiresAt.getTime()) await new Promise((r) => setTimeout(r, 100));
    expect((await runHook(project)).stderr).toMatch(/^ssoenv: the AWS SSO session for .* has expired\./);
  });

  it("reads only the token cache: no request reaches the emulator", async () => {
    await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE, refreshable: false });
    const project = await copyExampleProject(sandbox);
    emulator.resetStats();

    expect((await runHook(project)).stderr).toContain("ends in");
    expect(emulator.stats().total).toBe(0);
  });

  it("never fails the shell: a broken ~/.aws/config ends silently with status 0", async () => {
    const project = await copyExampleProject(sandbox);
    await writeFile(join(sandbox.home, ".aws/config"), "[profile dev\nsso_session = \n");

    const { exitCode, stderr } = await runHook(project);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
  });

  it.skipIf(!hasMise)(
    "gives one line per SSO session, each with a login that silences it (a profile on another sso-session gets --profile)",
    async () => {
      // A second sso-session on the same access portal (its own token cache), and a profile on it.
      const configPath = join(sandbox.home, ".aws/config");
      const config = await readFile(configPath, "utf8");
      await writeFile(
        configPath,
        `${config}\n[sso-session ops]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\n` +
          "sso_registration_scopes = sso:account:access\n\n" +
          `[profile ops]\nsso_session = ops\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nregion = ${emulator.region}\n`,
      );
      const project = await createBareProject(sandbox);
      await writeFile(
        join(project, "ssoenv.toml"),
        'profile = "dev"\n[[env_files]]\npath = "api.env"\n[[env_files]]\npath = "ops.env"\nprofile = "ops"\n',
      );

      // Neither session: two lines, not one "profiles dev, ops" that a single login cannot fix.
      expect((await runHook(project)).stderr.trim().split("\n")).toEqual([
        "ssoenv: no AWS SSO session for profile dev. Run: mise run aws:login",
        "ssoenv: no AWS SSO session for profile ops. Run: mise run aws:login --profile ops",
      ]);

      // The project's default (dev, sso-session acme) is signed in; ops is not.
      await seedSsoSession({
        home: sandbox.home,
        emulator,
        expiresInMs: 5 * 60 * MINUTE,
        refreshable: false,
      });
      const { stderr } = await runHook(project);
      expect(stderr.trim().split("\n")).toEqual([
        "ssoenv: no AWS SSO session for profile ops. Run: mise run aws:login --profile ops",
      ]);

      // The command it gives, run as written (the emulator approves the device code), silences it.
      const command = /Run: mise (.*)$/.exec(stderr.trim())?.[1]?.split(" ") ?? [];
      const login = await sandbox.mise([...command, "--no-browser", "--method", "native"], { cwd: project });
      expect(login.exitCode, String(login.stderr)).toBe(0);
      expect((await runHook(project)).stderr).toBe("");
    },
  );

  describe.skipIf(!hasMise)("as the example's mise enter hook (real mise hook-env)", () => {
    it("prints the warning when entering the project with under 1 h left", async () => {
      await seedSsoSession({ home: sandbox.home, emulator, expiresInMs: 30 * MINUTE, refreshable: false });
      const project = await copyExampleProject(sandbox);

      // What `mise activate` runs at each prompt; with no previous session, entering runs the enter hook.
      const result = await sandbox.mise(["hook-env", "-s", "bash"], { cwd: join(project, "apps/web") });
      expect(result.exitCode, String(result.stderr)).toBe(0);
      expect(String(result.stderr)).toMatch(/ssoenv: the AWS SSO session for profiles dev, stg ends in/);
      // hook-env's stdout is eval'd by the shell: the warning must never land there.
      expect(String(result.stdout)).not.toContain("SSO session");
    });

    it("prints nothing when entering with hours left", async () => {
      await seedSsoSession({
        home: sandbox.home,
        emulator,
        expiresInMs: 5 * 60 * MINUTE,
        refreshable: false,
      });
      const project = await copyExampleProject(sandbox);

      const result = await sandbox.mise(["hook-env", "-s", "bash"], { cwd: project });
      expect(result.exitCode, String(result.stderr)).toBe(0);
      expect(String(result.stderr)).not.toContain("ssoenv:");
    });
  });
});
