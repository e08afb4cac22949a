import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { useCliWorld } from "./support/use-cli-world.js";

const world = useCliWorld({ per: "test", loggedIn: true });

/** The real AWS CLI v2, pointed at the emulator (AWS_DATA_PATH endpoint rulesets). */
async function aws(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const dataPath = await world.emulator.writeAwsCliDataPath(join(world.home, "aws-data"));
  const env = { ...world.env, AWS_DATA_PATH: dataPath, AWS_PAGER: "", LANG: "C.UTF-8" };
  return new Promise((resolve) => {
    execFile(AWS_CLI_V2, args, { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const tokenFile = () =>
  join(world.home, ".aws", "sso", "cache", `${createHash("sha1").update("corp").digest("hex")}.json`);

describe.skipIf(skipWithoutAwsCliV2())("a logout elsewhere (aws sso logout) is honoured", () => {
  it("credential-process, exec and env refuse (exit 3, no terminal) instead of serving the cached keys", async () => {
    const first = await world.run(["credential-process", "--profile", "dev"]);
    expect(first.exitCode).toBe(0);
    const { AccessKeyId } = JSON.parse(first.stdout) as { AccessKeyId: string };
    // The second answer comes from ssoenv's credentials cache: no call to SSO.
    world.emulator.resetStats();
    const cached = await world.run(["credential-process", "--profile", "dev"]);
    expect(cached.exitCode).toBe(0);
    expect(JSON.parse(cached.stdout).AccessKeyId).toBe(AccessKeyId);
    expect(world.emulator.stats().byOperation.GetRoleCredentials ?? 0).toBe(0);

    const logout = await aws(["sso", "logout", "--profile", "dev"]);
    expect(logout.code).toBe(0);
    expect(world.emulator.stats().byOperation.Logout).toBe(1);
    expect(existsSync(tokenFile())).toBe(false);

    for (const args of [
      ["credential-process", "--profile", "dev"],
      ["exec", "--profile", "dev", "--", "sh", "-c", "echo ran"],
      ["env", "--profile", "dev"],
    ]) {
      const result = await world.run(args);
      expect(result.exitCode, args[0]).toBe(3);
      expect(result.stdout, args[0]).toBe("");
      expect(result.stderr, args[0]).toContain("ssoenv login --profile dev");
      expect(result.stderr, args[0]).not.toContain(AccessKeyId);
    }
  });

  it("a new sign-in after the logout gets new credentials, not the cached ones of the old sign-in", async () => {
    const before = JSON.parse((await world.run(["credential-process", "--profile", "dev"])).stdout);
    expect((await aws(["sso", "logout"])).code).toBe(0);
    await world.logIn();
    world.emulator.resetStats();
    const after = await world.run(["credential-process", "--profile", "dev"]);
    expect(after.exitCode).toBe(0);
    expect(JSON.parse(after.stdout).AccessKeyId).not.toBe(before.AccessKeyId);
    expect(world.emulator.stats().byOperation.GetRoleCredentials).toBe(1);
  });
});
