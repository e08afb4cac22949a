import { rm } from "node:fs/promises";
import { join } from "node:path";
import { tokenCachePath } from "@ssoenv/core";
import { describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// The documents `--json` prints are an interface scripts rely on: these are the field lists the CLI
// README's "JSON output" table documents. A renamed or dropped field fails here (and needs the table).
const world = useCliWorld({ per: "test", loggedIn: true });

const keysOf = (value: unknown) => Object.keys(value as object).sort();
const json = async (args: string[]) => {
  const result = await world.run(args);
  return { ...result, doc: JSON.parse(result.stdout) as unknown };
};
const sorted = (keys: string[]) => [...keys].sort();

const STATUS_KEYS = sorted([
  "profile",
  "loggedIn",
  "accountId",
  "roleName",
  "arn",
  "region",
  "sessionEndsAt",
  "sessionSecondsLeft",
  "signedInAt",
  "canRefresh",
  "credentialsExpireAt",
  "credentialsSecondsLeft",
  "warnings",
]);

describe("--json documents", () => {
  it("status: logged in, and not logged in (exit 3, with the error and nothing left)", async () => {
    const logged = await json(["status", "--profile", "dev", "--json"]);
    expect(logged.exitCode).toBe(0);
    expect(keysOf(logged.doc)).toEqual(STATUS_KEYS);

    const profile = { ssoSession: "corp", startUrl: world.emulator.startUrl };
    await rm(tokenCachePath({ profile, env: world.env }), { force: true });
    const out = await json(["status", "--profile", "dev", "--json"]);
    expect(out.exitCode).toBe(3);
    expect(keysOf(out.doc)).toEqual(sorted([...STATUS_KEYS, "error"]));
    const doc = out.doc as Record<string, unknown>;
    expect(doc).toMatchObject({ loggedIn: false, accountId: null, credentialsSecondsLeft: null });
    expect(doc.sessionSecondsLeft === 0 || doc.sessionSecondsLeft === null).toBe(true);
    expect(keysOf(doc.error)).toEqual(["code", "hint", "message"]);
  });

  it("status: a sign-in AWS ended before ssoenv's estimate has no seconds left", async () => {
    // A login ssoenv recorded (8 h from now), then AWS revokes it: not logged in, 0 s left, not 8 h.
    expect((await world.run(["login", "--profile", "dev", "--method", "native"])).exitCode).toBe(0);
    world.emulator.revokeTokens();
    const out = await json(["status", "--profile", "dev", "--json"]);
    expect(out.exitCode).toBe(3);
    expect(out.doc).toMatchObject({ loggedIn: false, sessionSecondsLeft: 0 });
    expect((out.doc as { sessionEndsAt: unknown }).sessionEndsAt).toEqual(expect.any(String));
  });

  it("refresh: files written, and every target under failed when none could be (exit 3, still JSON)", async () => {
    const written = await json(["refresh", "--profile", "dev", "-e", join(world.project, "a.env"), "--json"]);
    expect(written.exitCode).toBe(0);
    expect(keysOf(written.doc)).toEqual(["failed", "files", "warnings"]);
    const [file] = (written.doc as { files: unknown[] }).files;
    expect(keysOf(file)).toEqual(
      sorted([
        "path",
        "profile",
        "accountId",
        "roleName",
        "credentialsExpireAt",
        "sessionEndsAt",
        "created",
        "changedKeys",
        "endpoint",
      ]),
    );

    world.emulator.revokeTokens();
    const none = await json(["refresh", "--profile", "dev", "-e", join(world.project, "b.env"), "--json"]);
    expect(none.exitCode).toBe(3);
    const doc = none.doc as { files: unknown[]; failed: { error: { code: string } }[] };
    expect(doc.files).toEqual([]);
    expect(doc.failed.map((f) => keysOf(f))).toEqual([["error", "path", "profile"]]);
    expect(doc.failed[0]?.error.code).toBe("LOGIN_REQUIRED");
  });

  it("a usage error prints no JSON (exit 2), except a refresh target's own, listed under failed", async () => {
    const status = await world.run(["status", "--profile", "nope", "--json"]);
    expect(status.exitCode).toBe(2);
    expect(status.stdout).toBe("");
    expect(status.stderr).toContain('Profile "nope" not found');
    const refresh = await json([
      "refresh",
      "--profile",
      "nope",
      "-e",
      join(world.project, "c.env"),
      "--json",
    ]);
    expect(refresh.exitCode).toBe(2);
    const doc = refresh.doc as { files: unknown[]; failed: { error: { code: string } }[] };
    expect(doc.files).toEqual([]);
    expect(doc.failed.map((f) => f.error.code)).toEqual(["PROFILE_NOT_FOUND"]);
  });

  it("sessions, profiles list, serve --status (doctor's: test/cli/doctor.test.ts)", async () => {
    const sessions = await json(["sessions", "--json"]);
    expect(keysOf((sessions.doc as unknown[])[0])).toEqual(
      sorted([
        "ssoSession",
        "startUrl",
        "ssoRegion",
        "signedIn",
        "signInEndsAt",
        "outlived",
        "tokenExpiresAt",
        "tokenCacheError",
        "profiles",
        "signInOnlyProfiles",
      ]),
    );

    const list = await json(["profiles", "list", "--json"]);
    expect(keysOf((list.doc as unknown[])[0])).toEqual(
      sorted(["name", "ssoSession", "accountId", "accountName", "roleName", "generated"]),
    );

    // profiles sync: dry run (the diff in the document, not before it), then the write
    world.emulator.setAccounts([
      { accountId: "111111111111", accountName: "dev", roles: ["AdministratorAccess", "ReadOnly"] },
      { accountId: "333333333333", accountName: "prod", roles: ["Deploy"] },
    ]);
    const dry = await json(["profiles", "sync", "--dry-run", "--json"]);
    expect(dry.exitCode).toBe(0);
    expect(keysOf(dry.doc)).toEqual(
      sorted(["configPath", "dryRun", "written", "diff", "sessions", "orphanedBlocks"]),
    );
    const [session] = (dry.doc as { sessions: Record<string, unknown>[] }).sessions;
    expect(keysOf(session)).toEqual(
      sorted([
        "ssoSession",
        "profiles",
        "added",
        "unchanged",
        "updated",
        "renamed",
        "lost",
        "removed",
        "handWritten",
        "replacedByHand",
        "brokenSourceProfiles",
        "adoptedFrom",
      ]),
    );
    expect(session).toMatchObject({ ssoSession: "corp", added: ["prod.Deploy"] });
    expect(keysOf((session as { profiles: unknown[] }).profiles[0])).toEqual(
      sorted(["name", "accountId", "accountName", "roleName", "region"]),
    );
    expect(dry.doc).toMatchObject({
      dryRun: true,
      written: false,
      diff: expect.stringContaining("+[profile prod.Deploy]"),
    });
    const wrote = await json(["profiles", "sync", "--json"]);
    expect(wrote.doc).toMatchObject({ dryRun: false, written: true, diff: null });

    const serve = await json(["serve", "--status", "--json"]);
    expect(serve.exitCode).toBe(1);
    expect(serve.doc).toEqual({ servers: [] });
  });
});
