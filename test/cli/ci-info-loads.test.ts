import { describe, expect, it } from "vitest";
import { type LoadedModules, runRecordingModules } from "./support/record-modules.js";
import { useCliWorld } from "./support/use-cli-world.js";

// ci-info (the CI vendors' variables: core's session/ci-job.ts) answers "may a person log in here?".
// A command that never logs in never asks, so it must not pay for loading it (~2 ms of `ssoenv status`).
// Checked by what a run loads, not by a clock.
const world = useCliWorld({ loggedIn: true });

function loadsCiInfo(loaded: LoadedModules): boolean {
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
