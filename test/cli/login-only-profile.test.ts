import { appendFile, writeFile } from "node:fs/promises";
import { tokenCachePath } from "@ssoenv/core";
import { describe, expect, it, vi } from "vitest";
import { skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { useCliWorld } from "./support/use-cli-world.js";

// A profile with an sso-session (or a legacy start URL and region) and neither sso_account_id nor
// sso_role_name only signs in: AWS's own shape for CodeCatalyst and the other bearer-token services.
// `aws sso login --profile P` needs nothing more (awscli's _REQUIRED_SSO_CONFIG_VARS: sso_start_url,
// sso_region), so ssoenv login and logout take it too; commands that need role credentials say that
// it has none, and doctor does not fail it.

// Each test runs the built CLI a few times, and the AWS CLI (Python: seconds on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

const world = useCliWorld({ per: "test" });

async function addLoginOnlyProfiles(): Promise<void> {
  await appendFile(
    world.configPath,
    [
      "[profile codecatalyst]",
      "sso_session = corp",
      "region = us-west-2",
      "",
      "[profile old-login]",
      `sso_start_url = ${world.emulator.startUrl}`,
      `sso_region = ${world.emulator.region}`,
      "",
    ].join("\n"),
  );
}

/** A config whose one profile is a legacy one (its own start URL and region) that only signs in. */
async function writeOnlyLegacyLoginProfile(): Promise<void> {
  await writeFile(
    world.configPath,
    `[profile old-login]\nsso_start_url = ${world.emulator.startUrl}\nsso_region = ${world.emulator.region}\n`,
  );
}

describe("a profile that only signs in (no sso_account_id, no sso_role_name)", () => {
  it.skipIf(skipWithoutAwsCliV2())("the AWS CLI v2 logs it in: aws sso login --profile", async () => {
    await addLoginOnlyProfiles();
    await runAwsCli(world, ["sso", "login", "--profile", "codecatalyst", "--no-browser"]);
    // the sign-in is corp's: a profile with a role on it has credentials now
    const status = await world.run(["status", "--profile", "dev"]);
    expect(status.exitCode, status.stderr).toBe(0);
  });

  it("ssoenv login --profile signs in its sso-session, and logout --profile ends it", async () => {
    await addLoginOnlyProfiles();
    const login = await world.run(["login", "--profile", "codecatalyst", "--method", "native"]);
    expect(login.stderr).toContain("Logged in: profile codecatalyst");
    expect(login.exitCode).toBe(0);
    expect((await world.run(["status", "--profile", "dev"])).exitCode).toBe(0);

    const logout = await world.run(["logout", "--profile", "codecatalyst"]);
    expect(logout.exitCode, logout.stderr).toBe(0);
    expect(logout.stderr).toMatch(/^corp: signed out at AWS/);
    expect((await world.run(["status", "--profile", "dev"])).exitCode).toBe(3);
  });

  it("ssoenv login --profile signs in a legacy one (start URL and region only) with a device code", async () => {
    await addLoginOnlyProfiles();
    const login = await world.run(["login", "--profile", "old-login", "--method", "native"]);
    expect(login.exitCode, login.stderr).toBe(0);
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
    // the legacy profile with a role on the same start URL shares that token
    expect((await world.run(["status", "--profile", "legacy"])).exitCode).toBe(0);
  });

  it("a command that needs role credentials says the profile only signs in, and how to name one that has a role", async () => {
    await addLoginOnlyProfiles();
    await world.logIn();
    const result = await world.run(["env", "--profile", "codecatalyst"]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: Profile "codecatalyst" in ${world.configPath} has neither sso_account_id nor sso_role_name: it only signs in (ssoenv login --profile codecatalyst, as aws sso login --profile codecatalyst), and has no role credentials`,
      `hint: add "sso_account_id = ..." and "sso_role_name = ..." to [profile codecatalyst] in ${world.configPath}, or use a profile of sso-session corp that has them: --profile NAME, with a NAME from ssoenv profiles list`,
    ]);
  });

  it("doctor does not fail it", async () => {
    await addLoginOnlyProfiles();
    await world.logIn();
    const result = await world.run(["doctor", "--json"]);
    const findings = JSON.parse(result.stdout).findings as { message: string }[];
    const named = findings.filter((f) => /codecatalyst|old-login/.test(f.message));
    expect(named, JSON.stringify(named)).toEqual([]);
  });

  // A legacy start URL has no sso-session to name: its one profile is how to name it. sessions said
  // "profiles   (none)" and "(ssoenv login --profile NAME replaces it)", doctor the same NAME.
  it("sessions lists a legacy start URL's only profile, and gives the login that takes it", async () => {
    await writeOnlyLegacyLoginProfile();
    await world.logIn({ legacy: true });
    const cache = tokenCachePath({ profile: { startUrl: world.emulator.startUrl }, env: world.env });
    await writeFile(cache, '{"startUrl": "x", ');
    const text = await world.run(["sessions"]);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      "(ssoenv login --profile old-login replaces it)\n  profiles   old-login (signs in only, no role)\n",
    );
    const [row] = JSON.parse((await world.run(["sessions", "--json"])).stdout);
    expect(row).toMatchObject({ ssoSession: null, profiles: [], signInOnlyProfiles: ["old-login"] });
    const doctor = JSON.parse((await world.run(["doctor", "--json"])).stdout) as {
      findings: { check: string; fix?: string }[];
    };
    expect(doctor.findings.find((f) => f.check === "token-cache")?.fix).toBe(
      "ssoenv login --profile old-login (the login replaces the file)",
    );
    // the login named does it
    const login = await world.run(["login", "--profile", "old-login", "--method", "native"]);
    expect(login.exitCode, login.stderr).toBe(0);
    const after = JSON.parse((await world.run(["sessions", "--json"])).stdout);
    expect(after[0]).toMatchObject({ signedIn: true, tokenCacheError: null });
  });

  // doctor left such a sign-in out (it reported only sign-ins with a profile that has a role), so it
  // never said whether the one sign-in of this config was live, nor which login starts it.
  it("doctor says whether a legacy start URL's only profile is signed in, and until when", async () => {
    await writeOnlyLegacyLoginProfile();
    const signIns = async () => {
      const result = await world.run(["doctor", "--json"]);
      const report = JSON.parse(result.stdout) as {
        findings: { check: string; status: string; message: string }[];
      };
      expect(
        report.findings.filter((f) => f.status === "fail"),
        result.stdout,
      ).toEqual([]);
      return report.findings.filter((f) => f.check === "sign-in");
    };
    expect(await signIns()).toEqual([
      {
        check: "sign-in",
        status: "warn",
        message: `start URL ${world.emulator.startUrl}: not signed in`,
        fix: "ssoenv login --profile old-login",
      },
    ]);

    const login = await world.run(["login", "--profile", "old-login", "--method", "native"]);
    expect(login.exitCode, login.stderr).toBe(0);
    const [signedIn, ...more] = await signIns();
    expect(more).toEqual([]);
    expect(signedIn).toMatchObject({ check: "sign-in", status: "ok" });
    const message = signedIn?.message ?? "";
    expect(message.startsWith(`start URL ${world.emulator.startUrl}: `), message).toBe(true);
    // the end the login recorded: a time, and hours left
    expect(message).toMatch(/: signed in until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \(\d+[dh] \d+[hm] left\)$/);
  });

  it.skipIf(skipWithoutAwsCliV2())(
    "the AWS CLI v2 logs a legacy one in too (sso_start_url and sso_region are all it needs)",
    async () => {
      await writeOnlyLegacyLoginProfile();
      await runAwsCli(world, ["sso", "login", "--profile", "old-login", "--no-browser"]);
      const [row] = JSON.parse((await world.run(["sessions", "--json"])).stdout);
      expect(row).toMatchObject({ signedIn: true, signInOnlyProfiles: ["old-login"] });
    },
  );
});
