import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { writeSignInRecord } from "@ssoenv/core/internal";
import { describe, expect, it } from "vitest";
import { useCliWorld } from "../cli/support/use-cli-world.js";

/** examples/node-script, run as its README says (`node list-identity.mjs`), against the emulator. */
const exampleDir = fileURLToPath(new URL("../../examples/node-script/", import.meta.url));

function runExample(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["list-identity.mjs"],
      { cwd: exampleDir, env, encoding: "utf8" },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const world = useCliWorld({ per: "test" });

describe("examples/node-script", () => {
  it("prints the account and role of the profile and when its sign-in ends, once signed in", async () => {
    await world.logIn();
    // As `ssoenv login` does: record when the sign-in began, so its end (AWS's default 8 h later) is known.
    const signedInAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    await writeSignInRecord({
      profile: { ssoSession: "corp", startUrl: world.emulator.startUrl },
      env: world.env,
      signedInAt,
    });
    const result = await runExample({
      ...world.env,
      AWS_DEFAULT_PROFILE: "dev",
      TZ: "UTC",
      LC_ALL: "en_US.UTF-8",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^account 111111111111 as arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_/,
    );
    // On Node 20 the AWS SDK printed "NodeVersionSupportWarning: ... will require node >=22" from the
    // clients ensureSession made; the script's environment does not turn it off (world.env lacks it).
    expect(world.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBeUndefined();
    expect(result.stderr).toBe("");
    const endsAt = new Date(signedInAt.getTime() + 8 * 3_600_000);
    expect(result.stdout).toContain(
      `\nsigned in until ${endsAt.toLocaleString("en-US", { timeZone: "UTC" })}\n`,
    );
  });

  it("without a sign-in and without a terminal, says which command to run and exits 3", async () => {
    const result = await runExample({ ...world.env, AWS_PROFILE: "dev" });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("hint:");
  });
});
