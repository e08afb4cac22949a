import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readSsoToken, writeSsoToken } from "@ssoenv/core";
import { readSignInRecord, writeSignInRecord } from "@ssoenv/core/internal";
import { describe, expect, it } from "vitest";
import { skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { awsConfig, type CliWorld, startCliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// The emulator in AWS's shape (its default): access tokens of 1 h, renewed by a refresh token within
// a sign-in of 8 h. Every time left that ssoenv shows is the sign-in's end, never the token's hour.
const world = useCliWorld();

const HOUR = 3_600_000;

function hoursLeft(iso: string | null): number {
  if (iso === null) throw new Error("expected a date, got null");
  return (Date.parse(iso) - Date.now()) / HOUR;
}

describe("the sign-in's end, after `ssoenv login`", () => {
  it("login says how long the sign-in lasts (8 h), not the access token's hour", async () => {
    const result = await world.run(["login", "--profile", "dev", "--method", "native"]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(
      /Logged in: profile dev, signed in until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \((7h 59m|8h 00m) left\)/,
    );
    expect(result.stderr).not.toMatch(/\((59|60)m left\)/);
  });

  it("status --json: sessionEndsAt is the sign-in's end, credentialsExpireAt the role credentials'", async () => {
    const result = await world.run(["status", "--profile", "dev", "--json"]);
    expect(result.exitCode).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(hoursLeft(status.sessionEndsAt)).toBeGreaterThan(7.9);
    expect(hoursLeft(status.sessionEndsAt)).toBeLessThanOrEqual(8);
    expect(status.sessionSecondsLeft).toBeGreaterThan(7.9 * 3600);
    expect(hoursLeft(status.credentialsExpireAt)).toBeLessThanOrEqual(1);
    expect(hoursLeft(status.credentialsExpireAt)).toBeGreaterThan(0.9);
    // Only these names: nothing else carries a time (the access token's hour is not shown).
    expect(
      Object.keys(status)
        .filter((key) => /Expires?At|EndsAt|SecondsLeft/.test(key))
        .sort(),
    ).toEqual(["credentialsExpireAt", "credentialsSecondsLeft", "sessionEndsAt", "sessionSecondsLeft"]);
  });

  it("status and ensure show the sign-in's end and the credentials' end, apart", async () => {
    const status = await world.run(["status", "--profile", "dev"]);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(
      /sso session +(7h 59m|8h 00m) left \(until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d, signed in at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d\)/,
    );
    expect(status.stdout).toMatch(/credentials +(59m|60m|1h 00m) left/);
    const ensure = await world.run(["ensure", "--profile", "dev"]);
    expect(ensure.exitCode).toBe(0);
    expect(ensure.stderr).toMatch(
      /profile dev: 111111111111 \/ AdministratorAccess, signed in until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \((7h 59m|8h 00m) left\), credentials until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \((59m|60m|1h 00m) left\)/,
    );
  });

  it("refresh --json gives each file the sign-in's end and the credentials' expiry", async () => {
    const result = await world.run(["refresh", "--profile", "dev", "--json"]);
    expect(result.exitCode).toBe(0);
    const [file] = JSON.parse(result.stdout).files;
    expect(hoursLeft(file.sessionEndsAt)).toBeGreaterThan(7.9);
    expect(hoursLeft(file.credentialsExpireAt)).toBeLessThanOrEqual(1);
    expect(Object.keys(file)).not.toContain("expiresAt");
  });
});

describe("a fresh laptop: only the [sso-session] says how long a sign-in lasts", () => {
  it("login --sso-session, sessions and a profile on it all give the sso-session's ssoenv_session_duration", async () => {
    const fresh = await startCliWorld();
    try {
      // No profile yet (the first `profiles sync` comes after this login): the duration is the sso-session's.
      const sessionOnly = [
        "[sso-session corp]",
        `sso_start_url = ${fresh.emulator.startUrl}`,
        `sso_region = ${fresh.emulator.region}`,
        "sso_registration_scopes = sso:account:access",
        "ssoenv_session_duration = 2h",
        "",
      ].join("\n");
      await writeFile(fresh.configPath, sessionOnly);
      const twoHours = /signed in until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \((1h 59m|2h 00m) left\)/;

      const login = await fresh.run(["login", "--sso-session", "corp", "--method", "native"]);
      expect(login.exitCode, login.stderr).toBe(0);
      expect(login.stderr).toMatch(twoHours);
      const text = await fresh.run(["sessions"]);
      expect(text.stdout).toMatch(twoHours);
      const [corp] = JSON.parse((await fresh.run(["sessions", "--json"])).stdout);
      expect(hoursLeft(corp.signInEndsAt)).toBeGreaterThan(1.9);
      expect(hoursLeft(corp.signInEndsAt)).toBeLessThanOrEqual(2);

      // The same sign-in seen through a profile on it: the same end.
      await writeFile(
        fresh.configPath,
        `${sessionOnly}\n${awsConfig(fresh.emulator).split("\n\n").slice(1).join("\n\n")}`,
      );
      const status = JSON.parse((await fresh.run(["status", "--profile", "dev", "--json"])).stdout);
      expect(status.sessionEndsAt).toBe(corp.signInEndsAt);
    } finally {
      await fresh.stop();
    }
  });
});

describe("an end that passes while the command runs: 'none left', never 'expired left'", () => {
  it("login: the sign-in's end (SSOENV_SESSION_DURATION=1s) passed while waiting for approval", async () => {
    const manual = await startCliWorld({ approval: "manual" });
    try {
      const running = manual.run(["login", "--profile", "dev", "--method", "native"], {
        env: { SSOENV_SESSION_DURATION: "1s" },
      });
      const { userCode } = await manual.emulator.waitForAuthorization({ timeoutMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // the login started > 1 s ago
      manual.emulator.approve(userCode);
      const result = await running;
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).not.toContain("expired left");
      expect(result.stderr).toMatch(/Logged in: profile dev, signed in until .*\d\d:\d\d \(none left\)/);
    } finally {
      await manual.stop();
    }
  });

  it("refresh: role credentials whose end is already past by this machine's clock (AWS's 61 min behind)", async () => {
    const behind = await startCliWorld({ now: Date.now() - 61 * 60_000 });
    try {
      await behind.logIn();
      const result = await behind.run(["refresh", "--profile", "dev"]);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).not.toContain("expired left");
      expect(result.stdout).toMatch(/credentials until .*\d\d:\d\d \(none left\)/);
    } finally {
      await behind.stop();
    }
  });
});

describe("a sign-in ssoenv did not see (a plain `aws sso login`)", () => {
  it("status and ensure say its end is unknown instead of passing the token's hour off as it", async () => {
    const other = await startCliWorld();
    try {
      await other.logIn();
      const json = JSON.parse((await other.run(["status", "--profile", "dev", "--json"])).stdout);
      expect(json.loggedIn).toBe(true);
      expect(json.sessionEndsAt).toBeNull();
      expect(json.sessionSecondsLeft).toBeNull();
      const text = await other.run(["status", "--profile", "dev"]);
      expect(text.stdout).toMatch(/sso session +signed in; its end is unknown/);
      const ensure = await other.run(["ensure", "--profile", "dev"]);
      expect(ensure.exitCode).toBe(0);
      expect(ensure.stderr).toContain("signed in (end unknown");
      expect(ensure.stderr).not.toMatch(/SSO session until/);
    } finally {
      await other.stop();
    }
  });
});

describe.skipIf(skipWithoutAwsCliV2())("`aws sso login` after `ssoenv login` (the real AWS CLI v2)", () => {
  it("the new sign-in's end is unknown, not the recorded one's; an AWS CLI renewal keeps the recorded end", async () => {
    const other = await startCliWorld();
    try {
      expect(
        (await other.run(["login", "--profile", "dev", "--method", "native", "--no-browser"])).exitCode,
      ).toBe(0);
      // That login was this morning: 7 h ago, 8 h sessions.
      await backdateSignIn(other, 7 * HOUR);
      // The AWS CLI renews the access token when it nears expiry: still the recorded sign-in.
      const token = await readSsoToken({
        profile: corpOf(other),
        env: other.env,
      });
      if (!token) throw new Error("no token after the login");
      await writeSsoToken({
        profile: corpOf(other),
        env: other.env,
        token: { ...token, expiresAt: new Date(Date.now() + 60_000) },
      });
      await runAwsCli(other, [
        "sts",
        "get-caller-identity",
        "--profile",
        "dev",
        "--endpoint-url",
        other.emulator.url,
      ]);
      const renewed = await readSsoToken({
        profile: corpOf(other),
        env: other.env,
      });
      expect(renewed?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
      const before = JSON.parse((await other.run(["status", "--profile", "dev", "--json"])).stdout);
      expect(hoursLeft(before.sessionEndsAt)).toBeLessThanOrEqual(1);

      // A plain `aws sso login`: a new sign-in, its 8 h from now; no file says when it started.
      await runAwsCli(other, ["sso", "login", "--sso-session", "corp", "--no-browser"]);
      await expectEndUnknown(other);
    } finally {
      await other.stop();
    }
  }, 240_000); // nine runs, four of them the AWS CLI (Python: seconds each on a loaded machine)

  it("also when the AWS CLI signed in before: ssoenv's login does not take over the AWS CLI's client", async () => {
    const other = await startCliWorld();
    try {
      await runAwsCli(other, ["sso", "login", "--sso-session", "corp", "--no-browser"]);
      expect(
        (await other.run(["login", "--profile", "dev", "--method", "native", "--no-browser"])).exitCode,
      ).toBe(0);
      await backdateSignIn(other, 7 * HOUR);
      await runAwsCli(other, ["sso", "login", "--sso-session", "corp", "--no-browser"]);
      await expectEndUnknown(other);
    } finally {
      await other.stop();
    }
  }, 240_000); // seven runs, two of them the AWS CLI (Python: seconds each on a loaded machine)
});

/** The sso-session corp of the world's config, as the token cache functions take it. */
function corpOf(world: CliWorld) {
  return { name: "dev", ssoSession: "corp", startUrl: world.emulator.startUrl };
}

/** Moves ssoenv's record of the last login `agoMs` back, keeping what it says of the login's client. */
async function backdateSignIn(world: CliWorld, agoMs: number): Promise<void> {
  const profile = corpOf(world);
  const token = await readSsoToken({ profile, env: world.env });
  await writeSignInRecord({
    profile,
    env: world.env,
    signedInAt: new Date(Date.now() - agoMs),
    login: { method: "native", grant: "device-code" },
    clientId: token?.clientId,
  });
}

/** status, sessions and refresh's min-validity after a sign-in ssoenv did not see. */
async function expectEndUnknown(world: CliWorld): Promise<void> {
  const status = await world.run(["status", "--profile", "dev", "--json"]);
  expect(status.exitCode).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ loggedIn: true, sessionEndsAt: null, signedInAt: null });
  expect((await world.run(["status", "--profile", "dev"])).stdout).toMatch(
    /sso session +signed in; its end is unknown/,
  );
  const corp = JSON.parse((await world.run(["sessions", "--json"])).stdout).find(
    (s: { ssoSession: string }) => s.ssoSession === "corp",
  );
  expect(corp).toMatchObject({ signedIn: true, signInEndsAt: null });
  const refresh = await world.run(["refresh", "--profile", "dev", "--min-validity", "2h"]);
  expect(refresh.stderr).not.toContain("sooner than the 2h asked");
  expect(refresh.exitCode).toBe(0);
}

describe("a sign-in ssoenv logged in, still working past the duration ssoenv assumes", () => {
  it("status, sessions, doctor and ensure say when it began and name the setting, not 'ssoenv did not see the login'", async () => {
    const other = await startCliWorld();
    try {
      expect(
        (await other.run(["login", "--profile", "dev", "--method", "native", "--no-browser"])).exitCode,
      ).toBe(0);
      // 2s stands for ssoenv's 8 h default against an Identity Center set to 12 h (the emulator's 8 h).
      const env = { SSOENV_SESSION_DURATION: "2s" };
      const record = await readSignInRecord({ profile: corpOf(other), env: other.env });
      if (!record) throw new Error("no sign-in record after the login");
      for (let i = 0; i < 600 && Date.now() <= record.getTime() + 2_000 + 2_000; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The proof: an access token renewed after that end (the login's own, issued before it, is not;
      // 2 s past it, as the token cache keeps whole seconds).
      const token = await readSsoToken({ profile: corpOf(other), env: other.env });
      if (!token) throw new Error("no token after the login");
      await writeSsoToken({
        profile: corpOf(other),
        env: other.env,
        token: { ...token, expiresAt: new Date(Date.now() - 1_000) },
      });
      expect((await other.run(["ensure", "--profile", "dev"], { env })).exitCode).toBe(0);
      const outlived =
        /signed in at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d, still working past the 2s ssoenv expected \(set SSOENV_SESSION_DURATION to your Identity Center's session duration\)/;
      const status = await other.run(["status", "--profile", "dev"], { env });
      expect(status.exitCode).toBe(0);
      expect(status.stdout).toMatch(new RegExp(`sso session +${outlived.source}`));
      expect(status.stdout + status.stderr).not.toMatch(/unknown|did not see/);
      const json = JSON.parse((await other.run(["status", "--profile", "dev", "--json"], { env })).stdout);
      expect(json).toMatchObject({ loggedIn: true, sessionEndsAt: null, signedInAt: record.toISOString() });
      const sessions = await other.run(["sessions"], { env });
      expect(sessions.stdout).toMatch(new RegExp(`sign-in +${outlived.source}`));
      // --json tells it apart from a sign-in ssoenv never saw (both have no end).
      const sessionsJson = JSON.parse((await other.run(["sessions", "--json"], { env })).stdout);
      expect(
        sessionsJson.find((row: { ssoSession: string | null }) => row.ssoSession === "corp"),
      ).toMatchObject({
        ssoSession: "corp",
        signedIn: true,
        signInEndsAt: null,
        outlived: {
          signedInAt: record.toISOString(),
          expectedSeconds: 2,
          setting: "SSOENV_SESSION_DURATION",
        },
      });
      const doctor = await other.run(["doctor"], { env });
      expect(doctor.stdout + doctor.stderr).toMatch(new RegExp(`sso-session corp: ${outlived.source}`));
      const ensure = await other.run(["ensure", "--profile", "dev"], { env });
      expect(ensure.exitCode).toBe(0);
      expect(ensure.stderr).toMatch(new RegExp(`AdministratorAccess, ${outlived.source}, credentials until`));
      // Without the override, the config's duration names the sso-session's setting.
      await writeFile(
        other.configPath,
        (await readFile(other.configPath, "utf8")).replace(
          "sso_registration_scopes = sso:account:access",
          "sso_registration_scopes = sso:account:access\nssoenv_session_duration = 2s",
        ),
      );
      expect((await other.run(["ensure", "--profile", "dev"])).stderr).toContain(
        "past the 2s ssoenv expected (set ssoenv_session_duration in [sso-session corp] to your Identity Center's session duration)",
      );
    } finally {
      await other.stop();
    }
  }, 120_000); // seven runs, doctor starting the AWS CLI: 18-33 s at load 15-20 on 2 cores
});

describe("the morning after: a sign-in ssoenv recorded has ended", () => {
  it("sessions says not signed in and when it ended; status --json gives that end with 0 s left", async () => {
    const other = await startCliWorld();
    try {
      // Yesterday: `ssoenv login` 9 h ago (8 h sessions); the last access token expired 70 min ago and
      // its refresh token is kept in the cache, but AWS no longer honours it.
      await other.logIn({ expiresInMs: -70 * 60_000 });
      other.emulator.revokeTokens();
      const signedInAt = new Date(Date.now() - 9 * HOUR);
      await recordSignIn(other.home, signedInAt);
      const endedAt = new Date(signedInAt.getTime() + 8 * HOUR).toISOString();

      const sessions = await other.run(["sessions", "--json"]);
      expect(sessions.exitCode).toBe(0);
      const corp = JSON.parse(sessions.stdout).find((s: { ssoSession: string }) => s.ssoSession === "corp");
      expect(corp).toMatchObject({ signedIn: false, signInEndsAt: endedAt });
      const text = await other.run(["sessions"]);
      expect(text.stdout).toMatch(
        /sso-session corp\n.*\n {2}sign-in {4}not signed in \(ended (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d\)/,
      );

      const status = await other.run(["status", "--profile", "dev", "--json"]);
      expect(status.exitCode).toBe(3);
      expect(JSON.parse(status.stdout)).toMatchObject({
        loggedIn: false,
        sessionEndsAt: endedAt,
        sessionSecondsLeft: 0,
      });
    } finally {
      await other.stop();
    }
  });

  it("in Tokyo, the error gives the end in the local clock that status's line shows, not UTC", async () => {
    const other = await startCliWorld();
    try {
      await other.logIn({ expiresInMs: -70 * 60_000 });
      other.emulator.revokeTokens();
      const signedInAt = new Date(Math.floor((Date.now() - 9 * HOUR) / 1000) * 1000);
      await recordSignIn(other.home, signedInAt);
      // Asia/Tokyo is UTC+9 all year (no daylight saving time).
      const tokyo = (date: Date) => `${new Date(date.getTime() + 9 * HOUR).toISOString().slice(0, 19)}+09:00`;
      // "Mon 7 Dec", as status writes a day that is not today's.
      const tokyoDay = (date: Date) => {
        const [weekday, day, month] = new Date(date.getTime() + 9 * HOUR)
          .toUTCString()
          .replace(",", "")
          .split(" ");
        return `${weekday} ${Number(day)} ${month}`;
      };
      const endedAt = new Date(signedInAt.getTime() + 8 * HOUR);
      const env = { TZ: "Asia/Tokyo" };

      const ensure = await other.run(["ensure", "--profile", "dev"], { env });
      expect(ensure.exitCode).toBe(3);
      expect(ensure.stderr).toContain(
        `ended at ${tokyo(endedAt)} (signed in at ${tokyo(signedInAt)}, sign-ins last 8h here)`,
      );
      expect(ensure.stderr).not.toMatch(/\d\dZ/);
      // Its day too exactly when that is not today's in Tokyo (the run's hour after Tokyo's midnight).
      // Today is taken before and after the run: one that straddles Tokyo's midnight may say either.
      const dayOn = (now: Date) =>
        tokyo(endedAt).slice(0, 10) === tokyo(now).slice(0, 10) ? "" : `${tokyoDay(endedAt)} `;
      const dayBefore = dayOn(new Date());
      const status = await other.run(["status", "--profile", "dev"], { env });
      const said = (day: string) => `(the sign-in ended ${day}${tokyo(endedAt).slice(11, 16)})`;
      expect(status.stdout).toContain(
        said(status.stdout.includes(said(dayBefore)) ? dayBefore : dayOn(new Date())),
      );
      expect(status.stderr).toContain(`ended at ${tokyo(endedAt)}`);
    } finally {
      await other.stop();
    }
  });

  it("profiles sync at the sign-in's end says when it ended, as ensure does, not only 'has ended'", async () => {
    const other = await startCliWorld();
    try {
      await other.logIn({ expiresInMs: -70 * 60_000 });
      other.emulator.revokeTokens();
      const signedInAt = new Date(Math.floor((Date.now() - 9 * HOUR) / 1000) * 1000);
      await recordSignIn(other.home, signedInAt);
      const tokyo = (date: Date) => `${new Date(date.getTime() + 9 * HOUR).toISOString().slice(0, 19)}+09:00`;
      const endedAt = new Date(signedInAt.getTime() + 8 * HOUR);
      const env = { TZ: "Asia/Tokyo" };
      const said = `ended at ${tokyo(endedAt)} (signed in at ${tokyo(signedInAt)}, sign-ins last 8h here)`;

      const ensure = await other.run(["ensure", "--profile", "dev"], { env });
      expect(ensure.stderr).toContain(said);
      const sync = await other.run(["profiles", "sync", "--sso-session", "corp"], { env });
      expect(sync.exitCode).toBe(3);
      expect(sync.stderr).toContain(`The sign-in of sso-session "corp" ${said}`);
    } finally {
      await other.stop();
    }
  });

  it("a token newer than the recorded sign-in (a plain `aws sso login` since) keeps the end unknown", async () => {
    const other = await startCliWorld();
    try {
      // The record says 9 h ago, but the cached token was issued 10 min ago: a sign-in ssoenv did not see.
      await other.logIn({ expiresInMs: 50 * 60_000 });
      await recordSignIn(other.home, new Date(Date.now() - 9 * HOUR));
      const corp = JSON.parse((await other.run(["sessions", "--json"])).stdout).find(
        (s: { ssoSession: string }) => s.ssoSession === "corp",
      );
      expect(corp).toMatchObject({ signedIn: true, signInEndsAt: null });
    } finally {
      await other.stop();
    }
  });
});

/** Writes ssoenv's record of a login of sso-session corp at `signedInAt`, as the file layout has it. */
async function recordSignIn(home: string, signedInAt: Date): Promise<void> {
  const record = join(
    home,
    ".aws",
    "ssoenv",
    "sign-ins",
    `${createHash("sha1").update("corp").digest("hex")}.json`,
  );
  await mkdir(join(record, ".."), { recursive: true });
  await writeFile(record, JSON.stringify({ signedInAt: signedInAt.toISOString() }));
}
