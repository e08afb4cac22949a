import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI_COMMAND, shQuote } from "./support/cli-world.js";
import { hasScript } from "./support/has-script.js";
import { type LoadedModules, moduleRecorder, runRecordingModules } from "./support/record-modules.js";
import { useCliWorld } from "./support/use-cli-world.js";

// ci-info (the CI vendors' variables: core's session/ci-job.ts) answers "may a person log in here?".
// A command that never logs in never asks, so it must not pay for loading it (~2 ms of `ssoenv status`).
// Checked by what a run loads, not by a clock.
const world = useCliWorld({ loggedIn: true });

function loadsCiInfo(loaded: Pick<LoadedModules, "files">): boolean {
  return loaded.files.some((file) => /\/node_modules\/ci-info\//.test(file));
}

describe("ci-info loads only where a command asks whether this is a CI job", () => {
  it("ssoenv status (which never logs in) does not load it", async () => {
    const status = await runRecordingModules(world, ["status", "--profile", "dev"]);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain("dev");
    expect(loadsCiInfo(status.loaded)).toBe(false);
  });

  it("ssoenv env (which would log in when a person is there to) does load it", async () => {
    // The contrast: the same recorder sees ci-info when CI is asked.
    const env = await runRecordingModules(world, ["env", "--profile", "dev"]);
    expect(env.exitCode).toBe(0);
    expect(loadsCiInfo(env.loaded)).toBe(true);
  });
});

// On a terminal, whether a spinner may draw asks the same question (a CI job's pseudo-terminal ends in
// a log): asked when there is progress to draw, not when a command fails before any.
describe.skipIf(!hasScript)("on a terminal", () => {
  /** What `ssoenv ARGS` loaded, run on a pseudo-terminal (util-linux script), and the text it showed. */
  async function loadedOnTerminal(
    args: string[],
  ): Promise<{ text: string; loaded: Pick<LoadedModules, "files"> }> {
    const recorder = await moduleRecorder(world);
    const child = spawn("script", ["-qec", [CLI_COMMAND, ...args.map(shQuote)].join(" "), "/dev/null"], {
      env: { ...world.env, TERM: "xterm", NODE_OPTIONS: recorder.nodeOptions },
      cwd: world.project,
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    await new Promise((resolve) => child.on("close", resolve));
    return { text, loaded: await recorder.read() };
  }

  it("ssoenv status for a profile that does not exist does not load it (nothing to draw)", async () => {
    const run = await loadedOnTerminal(["status", "--profile", "nope"]);
    expect(run.text).toContain('Profile "nope" not found');
    expect(loadsCiInfo(run.loaded)).toBe(false);
  });

  it("ssoenv status that checks the session does (its spinner would be noise in a CI job's log)", async () => {
    const run = await loadedOnTerminal(["status", "--profile", "dev"]);
    expect(run.text).toContain("111111111111");
    expect(loadsCiInfo(run.loaded)).toBe(true);
  });
});
