import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliWorld, startCliWorld } from "./support/cli-world.js";

// `ssoenv exec` hands its command keys that last the role's session (1 h by default): a longer
// command (terraform apply, a data migration) fails halfway with the tool's own "ExpiredToken".
// Here role credentials last 2 s (the emulator's clock) and the command takes 2.5 s.
const CREDENTIALS_MS = 2_000;

describe("exec: a command that ran past its credentials", () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await startCliWorld({ lifetimes: { roleCredentialsMs: CREDENTIALS_MS } });
    await world.logIn();
  });
  afterAll(() => world.stop());

  it("failed: its exit code passes through, and ssoenv says the credentials ended during the run", async () => {
    const result = await world.run(["exec", "--profile", "dev", "--", "sh", "-c", "sleep 2.5; exit 4"]);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(
      /^warning: the command ran past its credentials \(profile dev's, expired at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d\): a command that runs longer than the role's session needs ssoenv serve's endpoint \(ssoenv serve --help\)$/m,
    );
  });

  it("succeeded: nothing is said", async () => {
    const result = await world.run(["exec", "--profile", "dev", "--", "sh", "-c", "sleep 2.5"]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).not.toContain("ran past");
  });
});

describe("exec: a command that failed while its credentials were still good", () => {
  // Credentials of the emulator's default hour: with 2 s ones, this case would hold only while
  // ssoenv's start, its STS call and the command all fit in 2 s, which a loaded machine does not promise.
  let world: CliWorld;
  beforeAll(async () => {
    world = await startCliWorld();
    await world.logIn();
  });
  afterAll(() => world.stop());

  it("nothing is said", async () => {
    const result = await world.run(["exec", "--profile", "dev", "--", "sh", "-c", "exit 4"]);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).not.toContain("ran past");
  });
});
