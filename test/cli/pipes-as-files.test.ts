import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWithPipes } from "./support/run-with-pipes.js";
import { useCliWorld } from "./support/use-cli-world.js";

// AWS files named by a shell's process substitution, `AWS_CONFIG_FILE=<(...)`: a pipe, readable once.
// The CLI runs on this test's Node.js (20 and 24 in CI).

const world = useCliWorld({ loggedIn: true });

describe("AWS files given as <(...)", () => {
  // Node.js 20: a plain statSync of a pipe left Node's shared stat buffer saying "FIFO", and the
  // module loader's next realpath stopped short. credential-process's cached answer stamps the two
  // AWS files; with the credentials file a pipe the stamp missed, the full command was imported, and
  // printed "unexpected error: Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'yoctocolors'".
  it("credential-process with AWS_SHARED_CREDENTIALS_FILE=<(...): the credentials, after a cached answer was recorded", async () => {
    const first = await world.run(["credential-process", "--profile", "dev"]);
    expect(first.exitCode, first.stderr).toBe(0);
    const empty = join(world.home, "empty-credentials");
    await writeFile(empty, "");
    const piped = await runWithPipes(world, ["credential-process", "--profile", "dev"], {
      AWS_SHARED_CREDENTIALS_FILE: empty,
    });
    expect(piped.stderr).toBe("");
    expect(piped.exitCode).toBe(0);
    expect(JSON.parse(piped.stdout).AccessKeyId).toMatch(/^ASIA/);
  });

  // The config was read twice per load (ssoenv's check, then the SDK's loader), and again for each
  // load: the second read of the pipe was empty, and ssoenv said 'Profile "dev" not found: line 6 of
  // /dev/fd/63 has [profile dev], but none of its lines is key = value'.
  it.each([["env", "--format", "json"], ["credential-process"]])(
    "%s with AWS_CONFIG_FILE=<(...): the pipe is read once, the credentials come",
    async (...command) => {
      const result = await runWithPipes(world, [...command, "--profile", "dev"], {
        AWS_CONFIG_FILE: world.configPath,
      });
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      const printed = JSON.parse(result.stdout);
      expect(printed.AWS_ACCESS_KEY_ID ?? printed.AccessKeyId).toMatch(/^ASIA/);
    },
  );
});
