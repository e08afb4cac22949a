import { existsSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { canRunAsNobody } from "../test-support/as-nobody.js";
import { rejection } from "../test-support/rejection.js";
import { runAsUser } from "../test-support/run-as-user.js";
import { CORP } from "../test-support/sso-fixture.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { tokenCachePath } from "../token/sso-token-cache.js";
import { logout } from "./logout.js";

const fx = useSsoFixture();

it("logout tries a throttled SSO Logout twice, not three times, then removes the local files (not-done)", async () => {
  await fx.seedToken(CORP);
  fx.emulator.faults.add({ operation: "Logout", kind: "throttle" });
  const outcomes = await logout({ ssoSession: "corp", env: fx.env });
  expect(outcomes).toMatchObject([{ name: "corp", server: "not-done" }]);
  // A logout gives up sooner than a session check: the local files go either way.
  expect(fx.emulator.stats().byOperation.Logout).toBe(2);
  const corp = { ...CORP, startUrl: fx.emulator.startUrl };
  expect(existsSync(tokenCachePath({ profile: corp, env: fx.env }))).toBe(false);
});

// The sign-in record's folder made unreadable (another user's, a broken restore): a script branches on
// isSsoenvError, so the file error must be one, naming the path (the CLI said so; the API threw EACCES).
it.runIf(canRunAsNobody("the unremovable sign-in record test"))(
  "logout that cannot remove a local file is FILE_ACCESS_FAILED naming it, not a bare EACCES",
  {
    timeout: 60_000,
  },
  async () => {
    await fx.seedToken(CORP);
    const signIns = join(fx.home, ".aws", "ssoenv", "sign-ins");
    await mkdir(signIns, { recursive: true });
    await writeFile(join(signIns, "x.json"), "{}");
    await chmod(signIns, 0o000);
    const result = await runAsUser({
      env: { ...fx.env },
      home: fx.home,
      script: [
        "--input-type=module",
        "-e",
        `const { logout } = await import("./packages/core/src/login/logout.ts");
      try { await logout({ ssoSession: "corp", env: process.env }); process.stdout.write(JSON.stringify({ ok: true })); }
      catch (error) { process.stdout.write(JSON.stringify({ ok: false, code: error.code, message: error.message })); }`,
      ],
    });
    await chmod(signIns, 0o700);
    expect(result).toMatchObject({ ok: false, code: "FILE_ACCESS_FAILED" });
    expect(result.message).toContain(signIns);
  },
);

// A script's own AbortController: an SsoenvError (scripts branch on isSsoenvError), not a DOMException.
it("logout whose signal aborts during SSO Logout is CANCELLED with the reason as cause", async () => {
  await fx.seedToken(CORP);
  // An answer 30 s away: well before it, on however loaded a machine, means the signal ended the wait.
  fx.emulator.setTraffic({ latencyMs: 30_000 });
  const started = Date.now();
  const error = await rejection(
    logout({ ssoSession: "corp", env: fx.env, signal: AbortSignal.timeout(100) }),
  );
  fx.emulator.setTraffic({});
  expect(error.code).toBe("CANCELLED");
  expect((error.cause as Error).name).toBe("TimeoutError");
  expect(Date.now() - started).toBeLessThan(20_000);
});

it("logout --all removes every cached token, one without a region too (as aws sso logout), and keeps client registrations", async () => {
  const dir = join(fx.home, ".aws", "sso", "cache");
  await mkdir(dir, { recursive: true });
  // No region: no SSO Logout can be sent for it; the AWS CLI removes such a file all the same.
  const stray = join(dir, "no-region.json");
  const startUrl = "https://other.awsapps.com/start";
  const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
  await writeFile(stray, JSON.stringify({ startUrl, accessToken: "stray-token", expiresAt }));
  // A client registration (the AWS CLI's, no accessToken): both leave it.
  const registration = join(dir, "registration.json");
  await writeFile(registration, JSON.stringify({ clientId: "id", clientSecret: "s", expiresAt }));
  const outcomes = await logout({ all: true, env: fx.env });
  expect(existsSync(stray)).toBe(false);
  expect(existsSync(registration)).toBe(true);
  expect(outcomes).toContainEqual(
    expect.objectContaining({ startUrl, server: "not-done", removed: [{ path: stray, kind: "sso-token" }] }),
  );
});

// What refresh recorded of the regions it wrote names the .env files that got credentials: with
// --all, ssoenv's other state goes, and so does this.
it("logout --all removes ssoenv's records of the region keys refresh wrote (~/.aws/ssoenv/env-files)", async () => {
  const folder = join(fx.home, ".aws", "ssoenv", "env-files");
  await mkdir(folder, { recursive: true });
  const record = join(folder, "a.json");
  await writeFile(
    record,
    JSON.stringify({ path: join(fx.home, ".env"), values: { AWS_REGION: "eu-west-1" } }),
  );
  const outcomes = await logout({ all: true, env: fx.env });
  expect(existsSync(record)).toBe(false);
  expect(outcomes.flatMap((o) => o.removed.map((file) => file.path))).toContain(record);
});

it("logout --all ends a stray token whose expiresAt is in the older '…UTC' form at AWS, not as 'already ended'", async () => {
  const dir = join(fx.home, ".aws", "sso", "cache");
  await mkdir(dir, { recursive: true });
  const issued = fx.emulator.issueToken();
  const stray = join(dir, "older-cli.json");
  // The form readSsoToken accepts from older AWS CLI versions: "2026-12-07T00:00:00UTC".
  const expiresAt = issued.expiresAt.toISOString().replace(/\.\d{3}Z$/, "UTC");
  const { startUrl, region } = fx.emulator;
  await writeFile(stray, JSON.stringify({ startUrl, region, accessToken: issued.accessToken, expiresAt }));
  const outcomes = await logout({ all: true, env: fx.env });
  expect(outcomes).toContainEqual(
    expect.objectContaining({
      startUrl,
      server: "signed-out",
      removed: [{ path: stray, kind: "sso-token" }],
    }),
  );
  expect(fx.emulator.stats().byOperation.Logout).toBe(1);
});

// A script has options, not flags: the errors name what it can change (the CLI words its own).
it("logout's errors name its options, not the CLI's flags", async () => {
  const both = await rejection(logout({ profile: "dev", all: true, env: fx.env }));
  expect(both.code).toBe("INVALID_ARGUMENT");
  expect([both.message, both.hint]).toEqual([
    "logout() takes only one of profile, ssoSession and all",
    'e.g. logout({ ssoSession: "corp" }), logout({ profile: "dev" }) or logout({ all: true })',
  ]);
  await fx.seedToken(CORP);
  const unknown = await rejection(logout({ ssoSession: "nope", env: fx.env }));
  expect(unknown.code).toBe("INVALID_ARGUMENT");
  expect([unknown.message, unknown.hint]).toEqual([
    `There is no [sso-session nope] in ${fx.configPath} (there: corp)`,
    'the only one there: { ssoSession: "corp" }',
  ]);
});
