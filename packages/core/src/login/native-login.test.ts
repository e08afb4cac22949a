import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DevicePrompt, LoginPrompt, SessionEvent } from "../session/session-types.js";
import { rejection } from "../test-support/rejection.js";
import { createSsoFixture, type SsoFixture } from "../test-support/sso-fixture.js";
import { tokenCachePath } from "../token/sso-token-cache.js";
import { type LoginOptions, login } from "./login.js";

const corp = { ssoSession: "corp", startUrl: "" };

describe("login (native device-code flow)", () => {
  let fx: SsoFixture;
  afterEach(async () => {
    await fx.cleanup();
  });

  /** The built-in device flow for profile dev, no browser, prompts ignored; `options` override. */
  function nativeLogin(options: LoginOptions = {}) {
    return login({
      profile: "dev",
      method: "native",
      env: fx.env,
      noBrowser: true,
      onPrompt: () => {},
      ...options,
    });
  }

  it("logs in end to end with auto approval and writes every cache field, 0600, in the CLI's date form", async () => {
    fx = await createSsoFixture();
    const prompts: LoginPrompt[] = [];
    const result = await nativeLogin({ onPrompt: (p) => prompts.push(p) });
    expect(result.method).toBe("native");
    expect(result.profile).toBe("dev");
    expect(prompts).toHaveLength(1);
    // The kind the README documents, so that a script can tell a device code from a browser prompt.
    expect(prompts[0]).toMatchObject({
      kind: "device-code",
      verificationUri: expect.stringContaining(fx.emulator.url),
    });
    expect(prompts[0]).toMatchObject({ userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/) });
    const path = tokenCachePath({ profile: corp, env: fx.env });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const raw = JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
    expect(Object.keys(raw).sort()).toEqual(
      [
        "accessToken",
        "clientId",
        "clientSecret",
        "expiresAt",
        "refreshToken",
        "region",
        "registrationExpiresAt",
        "startUrl",
      ].sort(),
    );
    expect(raw.startUrl).toBe(fx.emulator.startUrl);
    expect(raw.region).toBe(fx.emulator.region);
    expect(raw.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(raw.registrationExpiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The cache holds the access token's hour; the result, the sign-in's end (AWS's default 8 h).
    const tokenLeftMs = new Date(raw.expiresAt as string).getTime() - Date.now();
    expect(tokenLeftMs).toBeGreaterThan(55 * 60_000);
    expect(tokenLeftMs).toBeLessThanOrEqual(60 * 60_000);
    const signInLeftMs = result.sessionEndsAt.getTime() - Date.now();
    expect(signInLeftMs).toBeGreaterThan(7.9 * 3_600_000);
    expect(signInLeftMs).toBeLessThanOrEqual(8 * 3_600_000);
  });

  it("waits for a manual approval, polling CreateToken at the server's interval", async () => {
    fx = await createSsoFixture({ emulator: { approval: "manual" } });
    const pending = nativeLogin();
    const { userCode } = await fx.emulator.waitForAuthorization();
    // Let it poll three times while pending (the fixture's interval is 1 s): counted as they come, not
    // a time window, which a loaded machine's slow requests would fill with fewer polls.
    const polls = () => fx.emulator.stats().byOperation.CreateToken ?? 0;
    while (polls() < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    fx.emulator.approve(userCode);
    const result = await pending;
    expect(result.sessionEndsAt.getTime()).toBeGreaterThan(Date.now());
    // A second apart, not faster: the emulator, as AWS, answers a poll sooner than the interval
    // SlowDownException (which slows the login by 5 s). It times the polls as they arrive, so a test
    // process late to look does not count.
    expect(fx.emulator.stats().slowDowns).toBe(0);
    // Then the one that gets the token (the third itself when it was still on its way, or one more).
    expect(polls()).toBeLessThanOrEqual(5);
  });

  it("a login that waited for another call's login uses it, even when AWS issues access tokens shorter than the 5-minute refresh window", async () => {
    // `ssoenv-emulator --access-token 3m`: the first login's token is already inside the window.
    fx = await createSsoFixture({
      emulator: { approval: "manual", lifetimes: { accessTokenMs: 3 * 60_000 } },
    });
    const first = nativeLogin();
    const { userCode } = await fx.emulator.waitForAuthorization();
    const events: string[] = [];
    let waiting: () => void = () => {};
    const secondWaits = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const second = nativeLogin({
      onEvent: (event) => {
        events.push(event.type);
        if (event.type === "login-waiting-for-lock") waiting();
      },
    });
    await secondWaits;
    fx.emulator.approve(userCode);
    await first;
    // A second login is approved too, so that it ends: the count below tells it happened.
    void fx.emulator.waitForAuthorization().then(
      (again) => fx.emulator.approve(again.userCode),
      () => {},
    );
    await second;
    expect(events).toContain("login-reused");
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });

  it("fails with LOGIN_CANCELLED when the request is denied", async () => {
    fx = await createSsoFixture({ emulator: { approval: "manual" } });
    const pending = nativeLogin();
    const { userCode } = await fx.emulator.waitForAuthorization();
    fx.emulator.deny(userCode);
    const error = await rejection(pending);
    expect(error.code).toBe("LOGIN_CANCELLED");
    expect(error.message).toContain("denied");
  });

  it("a login to an sso-session itself names the sso-session, and its hints log in to it again with --sso-session", async () => {
    // `ssoenv login --profile corp` would fail: corp is no profile (exit 2, 'add a [profile corp]').
    fx = await createSsoFixture({ emulator: { approval: "manual", lifetimes: { deviceCodeMs: 2_000 } } });
    const events: SessionEvent[] = [];
    const denied = rejection(
      nativeLogin({ profile: undefined, ssoSession: "corp", onEvent: (e) => events.push(e) }),
    );
    fx.emulator.deny((await fx.emulator.waitForAuthorization()).userCode);
    const timedOut = rejection(nativeLogin({ profile: undefined, ssoSession: "corp" }));
    for (const error of [await denied, await timedOut]) {
      expect(error.message).toContain('sso-session "corp"');
      expect(error.hint).toContain("ssoenv login --sso-session corp");
      expect(`${error.message} ${error.hint}`).not.toContain("profile");
    }
    expect(events.find((e) => e.type === "login-started")?.message).toMatch(
      /^Logging in to sso-session "corp" with a device code/,
    );
  });

  it("an SSO OIDC error it does not handle is shown with AWS's error_description, not the SDK's UnknownError", async () => {
    // SSO OIDC errors carry {error, error_description} and no message: the SDK's message is "UnknownError".
    fx = await createSsoFixture({ emulator: { approval: "manual" } });
    const pending = rejection(nativeLogin());
    await fx.emulator.waitForAuthorization();
    fx.emulator.clock.advance(91 * 24 * 3_600_000); // the client registration (90 days) has now expired
    const error = await pending;
    expect(error.code).toBe("AWS_ANSWER_UNEXPECTED");
    expect(error.message).toContain("(InvalidClientException: Client registration has expired)");
    expect(error.message).not.toContain("UnknownError");
  });

  it("fails with LOGIN_TIMED_OUT when the device code expires unapproved", async () => {
    fx = await createSsoFixture({ emulator: { approval: "manual", lifetimes: { deviceCodeMs: 2_000 } } });
    const error = await rejection(nativeLogin());
    expect(error.code).toBe("LOGIN_TIMED_OUT");
  });

  it("stops polling when the signal aborts: CANCELLED with the reason as cause, not a denial's LOGIN_CANCELLED", async () => {
    fx = await createSsoFixture({ emulator: { approval: "manual" } });
    const controller = new AbortController();
    const pending = nativeLogin({ signal: controller.signal });
    await fx.emulator.waitForAuthorization();
    const reason = new Error("the script stops");
    controller.abort(reason);
    const error = await rejection(pending);
    // The same code as an abort anywhere else (a lock wait, an SDK call); LOGIN_CANCELLED is the user's
    // refusal (the test above), so a script tells the two apart.
    expect(error.code).toBe("CANCELLED");
    expect(error.cause).toBe(reason);
  });

  it("reuses the cached client registration on the next login", async () => {
    fx = await createSsoFixture();
    await nativeLogin();
    await nativeLogin({ profile: "stg" });
    expect(fx.emulator.stats().byOperation.RegisterClient).toBe(1);
    expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(2);
  });

  it("registers a new client once sso_registration_scopes changed: the cached one would give a token without the new scope", async () => {
    fx = await createSsoFixture();
    await nativeLogin();
    await fx.writeConfig(
      (await readFile(fx.configPath, "utf8")).replace(
        "sso_registration_scopes = sso:account:access",
        "sso_registration_scopes = sso:account:access,codewhisperer:completions",
      ),
    );
    await nativeLogin();
    await nativeLogin({ profile: "stg" }); // the new client, reused
    expect(fx.emulator.stats().byOperation.RegisterClient).toBe(2);
  });

  it("logs in a legacy profile (cache keyed by the start URL)", async () => {
    fx = await createSsoFixture();
    await nativeLogin({ profile: "legacy" });
    const raw = JSON.parse(
      await readFile(tokenCachePath({ profile: { startUrl: fx.emulator.startUrl }, env: fx.env }), "utf8"),
    );
    expect(raw.startUrl).toBe(fx.emulator.startUrl);
  });

  it("fails fast with ENDPOINT_UNREACHABLE when SSO OIDC is down", async () => {
    fx = await createSsoFixture();
    await fx.emulator.stop();
    const error = await rejection(nativeLogin());
    expect(error.code).toBe("ENDPOINT_UNREACHABLE");
    expect(error.message).toContain("RegisterClient");
  });

  it("auto logs in with the built-in flow when no AWS CLI v2 is on PATH", async () => {
    fx = await createSsoFixture();
    const empty = await mkdtemp(join(tmpdir(), "ssoenv-no-aws-"));
    try {
      // A PATH with no aws (v1 or v2) on it.
      const env = { ...fx.env, PATH: empty };
      const result = await login({
        profile: "dev",
        method: "auto",
        env,
        noBrowser: true,
        onPrompt: () => {},
      });
      expect(result.method).toBe("native");
      expect(fx.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("opens the device code's verification URL with BROWSER when a person is there, and never with noBrowser", async () => {
    fx = await createSsoFixture();
    const bin = await mkdtemp(join(tmpdir(), "ssoenv-browser-"));
    try {
      const opened = join(bin, "opened");
      const browser = join(bin, "browser");
      await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> "${opened}"\n`);
      await chmod(browser, 0o755);
      const env = { ...fx.env, BROWSER: browser };
      const prompts: DevicePrompt[] = [];
      await login({
        profile: "dev",
        method: "native",
        env,
        interactive: true,
        useDeviceCode: true,
        onPrompt: (p) => {
          if (p.kind !== "browser") prompts.push(p);
        },
      });
      await login({
        profile: "stg",
        method: "native",
        env,
        interactive: true,
        noBrowser: true,
        onPrompt: () => {},
      });
      await login({ profile: "stg", method: "native", env, interactive: false, onPrompt: () => {} });
      // The opener runs detached: give it a moment to write.
      let lines: string[] = [];
      for (let i = 0; i < 50 && lines.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        lines = (await readFile(opened, "utf8").catch(() => "")).split("\n").filter(Boolean);
      }
      // And a little longer, so an opener started by the two later logins would have written too.
      await new Promise((resolve) => setTimeout(resolve, 300));
      lines = (await readFile(opened, "utf8")).split("\n").filter(Boolean);
      expect(lines).toEqual([prompts[0]?.verificationUriComplete]);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });
});
