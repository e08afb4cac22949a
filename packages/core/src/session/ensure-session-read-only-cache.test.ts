import { execFile, spawn } from "node:child_process";
import { chmod, readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { tokenCachePath } from "../token/sso-token-cache.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../../..");
const child = join(here, "../test-support/ensure-session-child.ts");
const corp = { ssoSession: "corp", startUrl: "", name: "dev" };

interface ChildResult {
  ok: boolean;
  account?: string;
  code?: string;
  message?: string;
  stderr: string;
}

/**
 * One ensureSession (test-support/ensure-session-child.ts), or `script`, by a user file modes apply to: as root
 * (CI), `nobody` through setpriv, HOME handed to it first; otherwise this user.
 */
async function runChildAsUser(
  env: NodeJS.ProcessEnv,
  home: string,
  script: string[] = [child],
): Promise<ChildResult> {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await promisify(execFile)("chown", ["-R", "65534:65534", home]);
  const node = [process.execPath, "--no-warnings", "--import", "tsx", ...script];
  const [command, ...args] = asRoot
    ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...node]
    : node;
  return new Promise((done, fail) => {
    const proc = spawn(command as string, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    proc.stderr.on("data", (d: Buffer) => {
      err += d;
    });
    proc.on("error", fail);
    proc.on("close", () => {
      try {
        done({ ...JSON.parse(out), stderr: err });
      } catch {
        fail(new Error(`child printed no result; stderr: ${err.slice(0, 2000)}`));
      }
    });
  });
}

// ~/.aws mounted read-only (docker run -v ~/.aws:/root/.aws:ro) or a cache folder of another user:
// the refresh cannot take its lock nor write the token.
describe("ensureSession with a read-only SSO cache folder", () => {
  const fx = useSsoFixture();

  it("uses a token inside the refresh window that it cannot refresh there, as the AWS SDK does, and warns", {
    timeout: 60_000,
  }, async () => {
    await fx.seedToken(corp, { expiresInMs: 2 * 60_000 });
    const path = tokenCachePath({ profile: corp, env: fx.env });
    const before = await readFile(path, "utf8");
    await chmod(dirname(path), 0o500);
    const result = await runChildAsUser({ ...fx.env }, fx.home);
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
    const result = await runChildAsUser({ ...fx.env }, fx.home);
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
  const result = await syncProfiles({ env: process.env, onEvent: (e) => events.push(e.type) });
  process.stdout.write(JSON.stringify({ ok: true, account: result.sessions[0]?.ssoSession }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, code: error.code, message: String(error) }));
}
process.stderr.write(events.map((type) => \`EVENT \${type}\\n\`).join(""));
`;

describe("syncProfiles with a read-only SSO cache folder", () => {
  const fx = useSsoFixture();

  it("lists with a token inside the refresh window that it cannot refresh there, and warns", {
    timeout: 60_000,
  }, async () => {
    await fx.seedToken(corp, { expiresInMs: 2 * 60_000 });
    const path = tokenCachePath({ profile: corp, env: fx.env });
    await chmod(dirname(path), 0o500);
    const result = await runChildAsUser({ ...fx.env }, fx.home, ["--input-type=module", "-e", SYNC_CHILD]);
    await chmod(dirname(path), 0o700);
    expect(result).toMatchObject({ ok: true, account: "corp" });
    expect(result.stderr).toContain("EVENT warning");
  });
});
