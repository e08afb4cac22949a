import { readSsoToken, writeSsoToken } from "@ssoenv/core";
import { localIsoSeconds, writeSignInRecord } from "@ssoenv/core/internal";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// The day's end on AWS's shape (1 h access tokens, 8 h sign-ins): the sign-in ended 20 min ago, and
// the last access token, renewed 40 min before that end, expired a minute ago. Every tool that needs a
// login then says when the SIGN-IN ended, never the last access token's hour.
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The commands a user meets the end with (no terminal: each refuses with the login to run). */
const COMMANDS = [
  ["exec", "--profile", "dev", "--", "true"],
  ["refresh", "--profile", "dev"],
  ["credential-process", "--profile", "dev"],
  ["ensure", "--profile", "dev"],
  ["status", "--profile", "dev"],
];

/** `2026-12-07T19:09:10Z` (`…+09:00` in Tokyo): how ssoenv's messages write a time. */
const isoSeconds = localIsoSeconds;

/**
 * Logs in with ssoenv (its record of the login), then moves that login `agoMs` into the past; the
 * cached access token (the last renewal's) expires `tokenLeftMs` from now (a minute ago by default).
 */
async function signInAgo(world: CliWorld, agoMs: number, tokenLeftMs = -MINUTE): Promise<Date> {
  const login = await world.run(["login", "--profile", "dev", "--method", "native", "--no-browser"]);
  expect(login.exitCode, login.stderr).toBe(0);
  const profile = { name: "dev", ssoSession: "corp", startUrl: world.emulator.startUrl };
  const token = await readSsoToken({ profile, env: world.env });
  if (!token) throw new Error("no token after the login");
  const signedInAt = new Date(Date.now() - agoMs);
  await writeSignInRecord({
    profile,
    env: world.env,
    signedInAt,
    login: { method: "native", grant: "device-code" },
    clientId: token.clientId,
  });
  await writeSsoToken({
    profile,
    env: world.env,
    token: { ...token, expiresAt: new Date(Date.now() + tokenLeftMs) },
  });
  return signedInAt;
}

describe("the sign-in ended 20 min ago (8 h sessions): each tool names that end", () => {
  const world = useCliWorld();
  let endedAt: Date;
  beforeAll(async () => {
    const signedInAt = await signInAgo(world, 8 * HOUR + 20 * MINUTE);
    endedAt = new Date(signedInAt.getTime() + 8 * HOUR);
    // AWS's side of the same day: its sign-in, begun at the login, is over; refreshes are refused.
    world.emulator.clock.advance(8 * HOUR + 20 * MINUTE);
  });

  it.each(COMMANDS.map((args) => [args[0], args]))("%s", async (_name, args) => {
    const result = await world.run(args as string[]);
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr).toContain(`The sign-in of profile "dev" ended at ${isoSeconds(endedAt)}`);
    expect(result.stderr).not.toContain("expired at");
    expect(result.stderr).toContain("ssoenv login --profile dev");
  });

  it("status's first line says when the sign-in ended, not only 'not logged in'", async () => {
    const result = await world.run(["status", "--profile", "dev"]);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(
      /^profile dev: not logged in \(the sign-in ended (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d\)\n$/,
    );
  });
});

describe("the sign-in ended sooner than ssoenv expected (signed out elsewhere, a shorter duration)", () => {
  const world = useCliWorld();

  it("says it has ended, and the end ssoenv had expected, not the access token's hour", async () => {
    const signedInAt = await signInAgo(world, 2 * HOUR);
    world.emulator.revokeTokens();
    const result = await world.run(["exec", "--profile", "dev", "--", "true"]);
    expect(result.exitCode, result.stderr).toBe(3);
    const expected = isoSeconds(new Date(signedInAt.getTime() + 8 * HOUR));
    expect(result.stderr).toContain(
      `The sign-in of profile "dev" has ended, sooner than the ${expected} ssoenv expected`,
    );
    expect(result.stderr).not.toContain("expired at");
  });
});

describe("a sign-in ssoenv did not see (a plain `aws sso login`) has ended", () => {
  const world = useCliWorld();

  it("says the sign-in has ended, not that the session 'expired at' the access token's hour", async () => {
    await world.logIn({ expiresInMs: -MINUTE });
    world.emulator.revokeTokens();
    const result = await world.run(["exec", "--profile", "dev", "--", "true"]);
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr).toContain(`The sign-in of profile "dev" has ended`);
    expect(result.stderr).not.toContain("expired at");
  });
});

describe("the sign-in's last access token hour: 10 min past the 8 h, the token renewed before the end", () => {
  const world = useCliWorld();

  it("status and sessions say the 8 h may have ended, not that it outlived them (with the config to change)", async () => {
    await signInAgo(world, 8 * HOUR + 10 * MINUTE, 20 * MINUTE);
    const end =
      /the 8h ssoenv expected ended at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d, its access token works until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \(then log in again; if it renews, set ssoenv_session_duration in \[sso-session corp\] to your Identity Center's session duration\)/;
    const status = await world.run(["status", "--profile", "dev"]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).not.toContain("still working past");
    expect(status.stdout).toMatch(new RegExp(`sso session +signed in at .*\\d\\d:\\d\\d: ${end.source}`));
    const sessions = await world.run(["sessions"]);
    expect(sessions.stdout).not.toContain("still working past");
    expect(sessions.stdout).toMatch(end);
  });
});

describe("--min-validity in the sign-in's last access token hour", () => {
  const world = useCliWorld();

  it("is not promised from a token renewed before the end: a login first (exit 3 here), and without it the command runs", async () => {
    const signedInAt = await signInAgo(world, 8 * HOUR + 10 * MINUTE, 20 * MINUTE);
    const endedAt = isoSeconds(new Date(signedInAt.getTime() + 8 * HOUR));
    const asked = await world.run(["exec", "--profile", "dev", "--min-validity", "2h", "--", "true"]);
    expect(asked.exitCode, asked.stderr).toBe(3);
    expect(asked.stderr).toContain(
      `The sign-in of profile "dev" may have ended at ${endedAt} (signed in at ${isoSeconds(signedInAt)}, sign-ins last 8h here; its access token works until `,
    );
    expect(asked.stderr).toContain("sooner than the 2h asked");
    expect(asked.stderr).toContain("ssoenv login --profile dev");
    const plain = await world.run(["exec", "--profile", "dev", "--", "true"]);
    expect(plain.exitCode, plain.stderr).toBe(0);
  });
});
