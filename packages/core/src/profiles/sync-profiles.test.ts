import { mkdir, readFile, rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { rejection } from "../test-support/rejection.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { syncProfiles } from "./sync-profiles.js";

const corp = { ssoSession: "corp", startUrl: "" };

describe("syncProfiles", () => {
  const fx = useSsoFixture();

  it("a signal that aborts while accounts are listed is CANCELLED (reason as cause), and the config is unchanged", async () => {
    await fx.seedToken(corp);
    const before = await readFile(fx.configPath, "utf8");
    // An answer 30 s away: well before it, on however loaded a machine, means the signal ended the wait.
    fx.emulator.setTraffic({ latencyMs: 30_000 });
    const started = Date.now();
    const error = await rejection(
      syncProfiles({ ssoSession: "corp", env: fx.env, interactive: false, signal: AbortSignal.timeout(200) }),
    );
    fx.emulator.setTraffic({});
    // Not the bare DOMException TimeoutError (whose `code` is the number 23): a script branches on
    // isSsoenvError and `code`, as for ensureSession, login and logout.
    expect(error.code).toBe("CANCELLED");
    expect(error.message).toBe("syncProfiles was cancelled: its signal aborted");
    expect((error.cause as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await readFile(fx.configPath, "utf8")).toBe(before);
  });

  it("writes nothing while another sync holds the config's lock: LOCK_TIMEOUT once it has waited lockTimeoutMs", async () => {
    await fx.seedToken(corp);
    const before = await readFile(fx.configPath, "utf8");
    // proper-lockfile's lock, fresh (stale after 10 s): a folder next to the file, as a running sync holds it
    await mkdir(`${fx.configPath}.lock`);
    const error = await rejection(
      syncProfiles({ ssoSession: "corp", env: fx.env, interactive: false, lockTimeoutMs: 200 }),
    );
    expect(error.code).toBe("LOCK_TIMEOUT");
    expect(error.message).toBe(`another ssoenv profiles sync keeps ${fx.configPath} locked`);
    expect(await readFile(fx.configPath, "utf8")).toBe(before);
    await rm(`${fx.configPath}.lock`, { recursive: true });
  });

  it("lists with the access token it has when its refresh fails for now (SSO OIDC 500), and warns", async () => {
    await fx.seedToken(corp, { expiresInMs: 2 * 60_000 });
    fx.emulator.faults.add({ operation: "CreateToken", kind: "server-error" });
    const warnings: string[] = [];
    const result = await syncProfiles({
      ssoSession: "corp",
      env: fx.env,
      interactive: false,
      dryRun: true,
      onEvent: (e) => {
        if (e.type === "warning") warnings.push(e.message);
      },
    });
    expect(result.sessions.map((s) => s.ssoSession)).toEqual(["corp"]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Cannot refresh the SSO access token of sso-session "corp" now \(SSO OIDC CreateToken/,
      ),
    ]);
  });
});

describe("syncProfiles on an Identity Center issuing access tokens shorter than the 5-minute refresh window", () => {
  // `ssoenv-emulator --access-token 3m`: each token, refreshed or new, is already inside the window.
  const fx = useSsoFixture({ emulator: { lifetimes: { accessTokenMs: 3 * 60_000 } } });

  it("refreshes the token and lists the accounts with it, rather than calling the sign-in ended", async () => {
    await fx.seedToken(corp);
    const result = await syncProfiles({ ssoSession: "corp", env: fx.env, interactive: false, dryRun: true });
    expect(result.sessions.map((s) => s.ssoSession)).toEqual(["corp"]);
    // The roles listed with that token, each already a hand-written profile of the standard config.
    expect(result.sessions[0]?.handWritten).toContain("111111111111/AdministratorAccess -> dev");
    expect(fx.emulator.stats().byOperation.CreateToken).toBe(1);
  });
});
