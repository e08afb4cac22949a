import { chmod, readdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { canRunAsNobody } from "../test-support/as-nobody.js";
import { runAsUser } from "../test-support/run-as-user.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { tokenCachePath } from "../token/sso-token-cache.js";

const corp = { ssoSession: "corp", startUrl: "", name: "dev" };

// ~/.aws mounted read-only (docker run -v ~/.aws:/root/.aws:ro) or a cache folder of another user:
// the refresh cannot take its lock nor write the token.
const canRunAsUser = canRunAsNobody("the read-only SSO cache tests");

describe.runIf(canRunAsUser)("ensureSession with a read-only SSO cache folder", () => {
  const fx = useSsoFixture();

  it("uses a token inside the refresh window that it cannot refresh there, as the AWS SDK does, and warns", {
    timeout: 60_000,
  }, async () => {
    await fx.seedToken(corp, { expiresInMs: 2 * 60_000 });
    const path = tokenCachePath({ profile: corp, env: fx.env });
    const before = await readFile(path, "utf8");
    await chmod(dirname(path), 0o500);
    const result = await runAsUser({ env: { ...fx.env }, home: fx.home });
    await chmod(dirname(path), 0o700);
    expect(result).toMatchObject({ ok: true, account: "111111111111" });
    expect(result.stderr).toContain("EVENT warning");
    expect(await readFile(path, "utf8")).toBe(before);
    expect(await readdir(dirname(path))).toEqual([path.slice(dirname(path).length + 1)]);
  });

  it("an expired token it cannot refresh there is FILE_ACCESS_FAILED naming the folder, not a bare EACCES", {
    timeout: 60_000,
  }, async () => {
    await fx.seedToken(corp, { expiresInMs: -60_000 });
    const path = tokenCachePath({ profile: corp, env: fx.env });
    await chmod(dirname(path), 0o500);
    const result = await runAsUser({ env: { ...fx.env }, home: fx.home });
    await chmod(dirname(path), 0o700);
    expect(result).toMatchObject({ ok: false, code: "FILE_ACCESS_FAILED" });
    expect(result.message).toContain(dirname(path));
  });
});

// syncProfiles gets its token the same way (session/ensure-sso-token.ts).
const SYNC_CHILD = `
const { syncProfiles } = await import("./packages/core/src/profiles/sync-profiles.ts");
const events = [];
try {
  const result = await syncProfiles({ env: process.env, onEvent: (e) => events.push(e) });
  process.stdout.write(JSON.stringify({ ok: true, account: result.sessions[0]?.ssoSession }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, code: error.code, message: String(error) }));
}
process.stderr.write(events.map((e) => \`EVENT \${e.type} \${e.message ?? ""}\\n\`).join(""));
`;

describe.runIf(canRunAsUser)("syncProfiles with a read-only SSO cache folder", () => {
  const fx = useSsoFixture();

  it("lists with a token inside the refresh window that it cannot refresh there, and warns", {
    timeout: 60_000,
  }, async () => {
    await fx.seedToken(corp, { expiresInMs: 2 * 60_000 });
    const path = tokenCachePath({ profile: corp, env: fx.env });
    await chmod(dirname(path), 0o500);
    const result = await runAsUser({
      env: { ...fx.env },
      home: fx.home,
      script: ["--input-type=module", "-e", SYNC_CHILD],
    });
    await chmod(dirname(path), 0o700);
    expect(result).toMatchObject({ ok: true, account: "corp" });
    // Named as every other message of ensure-sso-token names an sso-session (ensureSession: profile "dev").
    expect(result.stderr).toContain(
      'EVENT warning Cannot refresh the SSO access token of sso-session "corp" here (',
    );
  });
});
