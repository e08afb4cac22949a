import { execFile, execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, type CliWorld, startCliWorld } from "./support/cli-world.js";

// util-linux `script` gives the CLI a pseudo-terminal, as a person's shell would.
const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasScript) console.warn("`script` (util-linux) is missing: the terminal tests are skipped");

let world: CliWorld;
beforeAll(async () => {
  world = await startCliWorld({ approval: "manual" });
});
afterAll(async () => {
  await world?.stop();
});

describe.skipIf(!hasScript)("ssoenv in a terminal", () => {
  it("login shows the device code and a spinner counting down until approval", async () => {
    const output = new Promise<string>((resolve) => {
      execFile(
        "script",
        ["-qec", `node -- ${CLI_BIN} login --profile dev --method native --no-browser`, "/dev/null"],
        { env: { ...world.env, TERM: "xterm", FORCE_COLOR: "0" }, cwd: world.project },
        (_error, stdout) => resolve(stdout),
      );
    });
    const { userCode } = await world.emulator.waitForAuthorization({ timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    world.emulator.approve(userCode);
    const text = await output;
    expect(text).toContain(`check the code ${userCode}`);
    expect(text).toMatch(new RegExp(`Waiting for approval of ${userCode} \\(9m \\d\\ds left\\)`));
    expect(text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(text).toContain("Logged in: profile dev");
  });
});
