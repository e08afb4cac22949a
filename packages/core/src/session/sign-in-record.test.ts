import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSsoProfile } from "../config/load-sso-profile.js";
import { login } from "../login/login.js";
import { rejection } from "../test-support/rejection.js";
import { CORP, createSsoFixture, standardConfig } from "../test-support/sso-fixture.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { listSignIns } from "../token/list-sign-ins.js";
import { readSsoToken } from "../token/sso-token-cache.js";
import { ensureSession } from "./ensure-session.js";
import { getCachedSessionStatus } from "./get-cached-session-status.js";
import { readSignInRecord, signInRecordPath, writeSignInRecord } from "./sign-in-record.js";

const HOUR = 3_600_000;

describe("the sign-in's end (the 12-hour wall) for refreshable sessions", () => {
  const fx = useSsoFixture();
  beforeEach(async () => {
    // This Identity Center signs people in for 12 hours, as in the Medley Advent Calendar 2024 article.
    await fx.writeConfig(
      standardConfig(fx.emulator).replace(
        "sso_registration_scopes = sso:account:access",
        "sso_registration_scopes = sso:account:access\nssoenv_session_duration = 12h",
      ),
    );
  });

  const profile = { ...CORP, name: "dev" };
  const signedInHoursAgo = (hours: number) =>
    writeSignInRecord({ profile, env: fx.env, signedInAt: new Date(Date.now() - hours * HOUR) });

  it("a login records when it started (0600); the session then ends that much later", async () => {
    const before = Date.now();
    await login({ profile: "dev", method: "native", env: fx.env, noBrowser: true, onPrompt: () => {} });
    const signedInAt = await readSignInRecord({ profile, env: fx.env });
    expect(signedInAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(signedInAt?.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await stat(signInRecordPath({ profile, env: fx.env }))).mode & 0o777).toBe(0o600);
    // Nothing secret in it.
    expect(await readFile(signInRecordPath({ profile, env: fx.env }), "utf8")).not.toMatch(/token|secret/i);

    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect(session.sessionEndsAt?.getTime()).toBe((signedInAt?.getTime() ?? 0) + 12 * HOUR);
    const status = await getCachedSessionStatus({ profile: "dev", env: fx.env });
    expect(status.sessionEndsAt?.getTime()).toBe(session.sessionEndsAt?.getTime());
    expect(status.signedInAt?.getTime()).toBe(signedInAt?.getTime());
  });

  it("a token of another client than the recorded login's (`aws sso login` since) is another sign-in: end unknown", async () => {
    await fx.seedToken(CORP);
    const token = await readSsoToken({ profile, env: fx.env });
    const record = (clientId: string | undefined) =>
      writeSignInRecord({ profile, env: fx.env, signedInAt: new Date(Date.now() - 11.5 * HOUR), clientId });
    await record("the-client-of-an-earlier-login");
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      minValidity: "1h",
    });
    expect(session.sessionEndsAt).toBeUndefined();
    const status = await getCachedSessionStatus({ profile: "dev", env: fx.env });
    expect(status).toMatchObject({ loggedIn: true, hasRefreshToken: true });
    expect(status.sessionEndsAt).toBeUndefined();
    expect(status.signedInAt).toBeUndefined();
    // The same client (a renewal keeps it): the recorded sign-in, 30 min left.
    await record(token?.clientId);
    expect(
      (await rejection(ensureSession({ profile: "dev", env: fx.env, minValidity: "1h", interactive: false })))
        .code,
    ).toBe("LOGIN_REQUIRED");
    expect((await getCachedSessionStatus({ profile: "dev", env: fx.env })).sessionEndsAt).toBeDefined();
  });

  it("a sign-in of ssoenv's own login still working past the estimate has outlived it: end unknown, and the setting to fix named", async () => {
    await fx.seedToken(CORP);
    const token = await readSsoToken({ profile, env: fx.env });
    // Logged in by ssoenv 13 h ago (12h sessions configured), the token of that login's client still renews.
    const signedInAt = new Date(Date.now() - 13 * HOUR);
    const record = (method: "native" | "aws-cli") =>
      writeSignInRecord({
        profile,
        env: fx.env,
        signedInAt,
        login: { method, grant: "device-code" },
        clientId: token?.clientId,
      });
    await record("native");
    const outlived = {
      signedInAt,
      durationMs: 12 * HOUR,
      setting: "ssoenv_session_duration in [sso-session corp]",
    };
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      minValidity: "1h",
    });
    expect(session.sessionEndsAt).toBeUndefined();
    expect(session.outlived).toEqual(outlived);
    const status = await getCachedSessionStatus({ profile: "dev", env: fx.env });
    expect(status).toMatchObject({ loggedIn: true, signedInAt, outlived });
    expect(status.sessionEndsAt).toBeUndefined();
    const [corp] = await listSignIns({ env: fx.env });
    expect(corp).toMatchObject({ signedIn: true, outlived });
    expect(corp?.signInEndsAt).toBeUndefined();
    // The duration from SSOENV_SESSION_DURATION: that is the setting to change.
    const env = { ...fx.env, SSOENV_SESSION_DURATION: "8h" };
    expect((await getCachedSessionStatus({ profile: "dev", env })).outlived?.setting).toBe(
      "SSOENV_SESSION_DURATION",
    );
    // Logged in through the AWS CLI, whose client a later `aws sso login` shares: the record may be stale.
    await record("aws-cli");
    expect(
      (await ensureSession({ profile: "dev", env: fx.env, interactive: false })).outlived,
    ).toBeUndefined();
    expect((await getCachedSessionStatus({ profile: "dev", env: fx.env })).outlived).toBeUndefined();
  });

  it("needs a login when the sign-in ends sooner than minValidity, though the token refreshes", async () => {
    await fx.seedToken(CORP);
    await signedInHoursAgo(11.5);
    const error = await rejection(
      ensureSession({ profile: "dev", env: fx.env, interactive: false, minValidity: "1h" }),
    );
    expect(error.code).toBe("LOGIN_REQUIRED");
    expect(error.message).toMatch(
      /The sign-in of profile "dev" ends at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d) \(in (29|30)m; signed in at \S+(Z|[+-]\d\d:\d\d),/,
    );
    expect(error.message).toContain("sign-ins last 12h here");
    expect(error.message).toContain("sooner than the 1h asked");
    // Without minValidity the same session is fine (30 min are left).
    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect((session.sessionEndsAt?.getTime() ?? 0) - Date.now()).toBeLessThan(HOUR);
  });

  it("logs in once, then answers, when a person is there; the new sign-in is recorded", async () => {
    await fx.seedToken(CORP);
    await signedInHoursAgo(11.5);
    fx.emulator.resetStats();
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: true,
      login: "native",
      noBrowser: true,
      onPrompt: () => {},
      minValidity: "2h",
    });
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
    expect((session.sessionEndsAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(11 * HOUR);
  });

  it("refuses with SESSION_TOO_SHORT, without a login, when no sign-in lasts minValidity", async () => {
    await fx.seedToken(CORP);
    await signedInHoursAgo(1);
    fx.emulator.resetStats();
    const error = await rejection(
      ensureSession({ profile: "dev", env: fx.env, interactive: true, login: "native", minValidity: "13h" }),
    );
    expect(error.code).toBe("SESSION_TOO_SHORT");
    expect(error.message).toContain("lasts 12h (ssoenv_session_duration in ~/.aws/config)");
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBeUndefined();
  });

  it("SSOENV_SESSION_DURATION overrides the config; AWS's 8 h default applies when neither says", async () => {
    await fx.seedToken(CORP);
    await signedInHoursAgo(1);
    const withEnv = await ensureSession({
      profile: "dev",
      env: { ...fx.env, SSOENV_SESSION_DURATION: "2h" },
      interactive: false,
    });
    expect((withEnv.sessionEndsAt?.getTime() ?? 0) - Date.now()).toBeLessThan(HOUR + 60_000);
    await fx.writeConfig(standardConfig(fx.emulator));
    const byDefault = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    expect((byDefault.sessionEndsAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(6.9 * HOUR);
    expect((byDefault.sessionEndsAt?.getTime() ?? 0) - Date.now()).toBeLessThan(7 * HOUR + 60_000);
  });

  it("ignores a stale record (its end has passed while the session is still in use: a login ssoenv did not see)", async () => {
    await fx.seedToken(CORP);
    await signedInHoursAgo(13);
    fx.emulator.resetStats();
    const session = await ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      minValidity: "1h",
    });
    expect(session.sessionEndsAt).toBeUndefined();
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBeUndefined();
  });

  it("a token that cannot be refreshed ends the session at its own expiry, record or not", async () => {
    const token = await fx.seedToken({ startUrl: fx.emulator.startUrl }, { legacy: true });
    const session = await ensureSession({ profile: "legacy", env: fx.env, interactive: false });
    expect(session.sessionEndsAt?.getTime()).toBe(Math.floor(token.expiresAt.getTime() / 1000) * 1000);
  });

  it("rejects an ssoenv_session_duration that is not a duration, naming the file, the section and the fix", async () => {
    await fx.writeConfig(
      standardConfig(fx.emulator).replace(
        "sso_registration_scopes = sso:account:access",
        "sso_registration_scopes = sso:account:access\nssoenv_session_duration = all day",
      ),
    );
    const error = await rejection(loadSsoProfile({ profile: "dev", env: fx.env }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("[sso-session corp]");
    expect(error.message).toContain(fx.configPath);
    expect(error.hint).toContain("12h");
  });
});

describe("recording the sign-in", () => {
  it("never fails a login that worked: an unwritable state folder only costs the estimate, with a warning", async () => {
    const fx = await createSsoFixture();
    try {
      // ~/.aws/ssoenv is a file here, so no folder can be made inside it (root ignores modes).
      await writeFile(join(fx.home, ".aws", "ssoenv"), "not a folder");
      const warnings: string[] = [];
      const result = await login({
        profile: "dev",
        method: "native",
        env: fx.env,
        noBrowser: true,
        onPrompt: () => {},
        onEvent: (event) => {
          if (event.type === "warning") warnings.push(event.message);
        },
      });
      expect(result.sessionEndsAt.getTime()).toBeGreaterThan(Date.now());
      expect(warnings.join("\n")).toContain("Could not record the sign-in time");
      expect(await readSignInRecord({ profile: { ...CORP }, env: fx.env })).toBeUndefined();
    } finally {
      await fx.cleanup();
    }
  });
});
