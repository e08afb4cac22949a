import { createHash } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ourFiles, runRecordingModules } from "./support/record-modules.js";
import { useCliWorld } from "./support/use-cli-world.js";

const world = useCliWorld({ per: "test", loggedIn: true });

const tokenFile = () =>
  join(world.home, ".aws", "sso", "cache", `${createHash("sha1").update("corp").digest("hex")}.json`);

async function cachedCredentialsFile(): Promise<string> {
  const folder = join(world.home, ".aws", "ssoenv", "credentials");
  const [name] = await readdir(folder);
  return join(folder, name as string);
}

describe("credential-process's cached answer", () => {
  it("comes from one CommonJS file, without node:crypto, node:fs/promises, util.parseArgs, commander or an ES module", async () => {
    const first = await world.run(["credential-process", "--profile", "dev"]);
    expect(first.exitCode).toBe(0);

    const cached = await runRecordingModules(world, ["credential-process", "--profile", "dev"]);
    expect(cached.exitCode).toBe(0);
    expect(JSON.parse(cached.stdout)).toEqual(JSON.parse(first.stdout));
    expect(ourFiles(cached.loaded)).toEqual(["bin/ssoenv.cjs", "dist/bin.cjs"]);
    for (const heavy of [
      "NativeModule crypto",
      "NativeModule fs/promises",
      "NativeModule internal/modules/esm/loader",
      // util.parseArgs: its loading and first call cost ~3.7 M instructions (node -e 0: ~78 M).
      "NativeModule internal/util/parse_args/parse_args",
    ]) {
      expect(cached.loaded.builtins).not.toContain(heavy);
    }
    // Nor the stdout stream (for a pipe, a net.Socket): it alone would cost ~5% of Node.js's start.
    expect(cached.loaded.builtins.filter((name) => /^NativeModule (net|tty)$/.test(name))).toEqual([]);

    // The full command, for contrast: the same recorder sees what the hot path avoids. (Without the
    // pointer the cached answer needs, the fast path leaves the command to commander.)
    await rm(join(world.home, ".aws", "ssoenv", "credential-process"), { recursive: true });
    const full = await runRecordingModules(world, ["credential-process", "--profile", "dev"]);
    expect(full.exitCode).toBe(0);
    expect(full.loaded.builtins).toContain("NativeModule internal/modules/esm/loader");
  });

  it("after an edit of ~/.aws/config, takes the long way once, then answers from the cache again", async () => {
    expect((await world.run(["credential-process", "--profile", "dev"])).exitCode).toBe(0);
    await writeFile(
      world.configPath,
      `${await readFile(world.configPath, "utf8")}\n[profile other]\nregion = us-east-1\n`,
    );

    world.emulator.resetStats();
    const once = await runRecordingModules(world, ["credential-process", "--profile", "dev"]);
    expect(once.exitCode).toBe(0);
    expect(once.loaded.files.some((file) => file.includes("commander"))).toBe(true);
    // Still no call to SSO: the long way found the credentials in the cache, and left the pointer.
    expect(world.emulator.stats().byOperation.GetRoleCredentials ?? 0).toBe(0);

    const again = await runRecordingModules(world, ["credential-process", "--profile", "dev"]);
    expect(again.exitCode).toBe(0);
    expect(again.loaded.files.some((file) => file.includes("commander"))).toBe(false);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(once.stdout));
  });

  it("after a renewal of the token (same sign-in), still answers, and records the renewal", async () => {
    const first = await world.run(["credential-process", "--profile", "dev"]);
    expect(first.exitCode).toBe(0);
    // A renewal as the AWS CLI or an SDK writes it: a new access token, the same refresh token.
    const token = JSON.parse(await readFile(tokenFile(), "utf8")) as Record<string, unknown>;
    await writeFile(tokenFile(), JSON.stringify({ ...token, accessToken: `${token.accessToken}-renewed` }));

    const renewed = await runRecordingModules(world, ["credential-process", "--profile", "dev"]);
    expect(renewed.exitCode).toBe(0);
    expect(JSON.parse(renewed.stdout)).toEqual(JSON.parse(first.stdout));
    // It hashed the tokens once to be sure (node:crypto)...
    expect(renewed.loaded.builtins).toContain("NativeModule crypto");
    // ...and recorded the renewed file, so that the next answer needs no hash again.
    const next = await runRecordingModules(world, ["credential-process", "--profile", "dev"]);
    expect(next.exitCode).toBe(0);
    expect(next.loaded.builtins).not.toContain("NativeModule crypto");
    expect(JSON.parse(next.stdout)).toEqual(JSON.parse(first.stdout));
  });

  it("a new sign-in in a token file of the same size is not taken for the old one", async () => {
    const first = await world.run(["credential-process", "--profile", "dev"]);
    expect(first.exitCode).toBe(0);
    const before = await readFile(await cachedCredentialsFile(), "utf8");
    // Another sign-in: new access and refresh tokens of the same length, so the same file size.
    const token = JSON.parse(await readFile(tokenFile(), "utf8")) as Record<string, string>;
    const flip = (value: string) => [...value].map((c) => (c === "a" ? "b" : c === "b" ? "a" : c)).join("");
    const other: Record<string, string> = { ...token, accessToken: flip(token.accessToken as string) };
    if (token.refreshToken) other.refreshToken = flip(token.refreshToken);
    expect(other.accessToken).not.toBe(token.accessToken);
    await writeFile(tokenFile(), JSON.stringify(other));
    expect(JSON.stringify(other).length).toBe(JSON.stringify(token).length);

    world.emulator.resetStats();
    const after = await world.run(["credential-process", "--profile", "dev"]);
    // Not the cached answer: the emulator does not know the flipped token, so the full command's
    // call to SSO is refused and it asks for a login; either way the old keys are not handed out.
    expect(after.stdout).not.toContain(JSON.parse(first.stdout).AccessKeyId);
    expect(await readFile(await cachedCredentialsFile(), "utf8")).toBe(before);
  });
});
