import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliWorld, startCliWorld } from "../cli/support/cli-world.js";

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

let world: CliWorld;
beforeEach(async () => {
  world = await startCliWorld();
});
afterEach(async () => {
  await world?.stop();
});

describe("examples/node-script", () => {
  it("prints the account and role of the profile once signed in", async () => {
    await world.logIn();
    const result = await runExample({ ...world.env, AWS_PROFILE: "dev" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^account 111111111111 as arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_/,
    );
  });

  it("without a sign-in and without a terminal, says which command to run and exits 3", async () => {
    const result = await runExample({ ...world.env, AWS_PROFILE: "dev" });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("hint:");
  });
});
