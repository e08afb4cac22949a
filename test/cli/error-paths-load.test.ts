import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type LoadedModules, runRecordingModules } from "./support/record-modules.js";
import { useCliWorld } from "./support/use-cli-world.js";

// A usage error or a config error ends before any call to AWS: what makes it cheap is what it does not
// load (checked without a clock). Most of such a run was loading modules it never used: all of
// @ssoenv/core through its two barrels, the login flow and the session lock, the AWS SDK.
const world = useCliWorld({ loggedIn: true });

/** @ssoenv/core's ES modules a run loaded, as paths inside its dist/ ("session/ensure-session.js"). */
function coreModules(loaded: LoadedModules): string[] {
  return loaded.esModules.flatMap((path) => {
    const at = path.indexOf("/core/dist/");
    return at === -1 ? [] : [path.slice(at + "/core/dist/".length)];
  });
}

/** The CommonJS packages a run loaded from node_modules ("@aws-sdk/client-sso", "proper-lockfile"). */
function packages(loaded: LoadedModules): string[] {
  const names = loaded.files.flatMap((file) => {
    const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    return match ? [match[1] as string] : [];
  });
  return [...new Set(names)].sort();
}

/**
 * What neither error path needs: the barrels, the login flow, the session lock, what sends a request to
 * AWS (its clients, retries, the SDK's loader), the AWS SDK.
 */
function unneeded(loaded: LoadedModules): string[] {
  return [
    ...coreModules(loaded).filter((file) =>
      /^(index\.js|internal\/index\.js|login\/(?!check-login-method)|aws\/(call-aws|aws-clients|load-sdk)\.js)/.test(
        file,
      ),
    ),
    ...packages(loaded).filter((name) => /^@aws-sdk\/|^proper-lockfile$/.test(name)),
  ];
}

describe("an error found before any call to AWS", () => {
  it("a usage error (commander's) loads none of the session check", async () => {
    const usage = await runRecordingModules(world, ["env", "--bogus"], { esModules: true });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain("unknown option '--bogus'");
    // The probe sees ES modules: the command's declaration (env), not its work (run-env).
    expect(usage.loaded.esModules.some((path) => path.endsWith("/cli/dist/commands/env.js"))).toBe(true);
    expect(usage.loaded.esModules.some((path) => path.endsWith("/cli/dist/commands/run-env.js"))).toBe(false);
    expect(coreModules(usage.loaded)).not.toContain("session/ensure-session.js");
    expect(unneeded(usage.loaded)).toEqual([]);
  });

  it("a config error (no such profile, a malformed ~/.aws/config) loads the session check without the login flow, the lock or what calls AWS", async () => {
    const config = await runRecordingModules(world, ["env", "--profile", "nope"], { esModules: true });
    expect(config.exitCode).toBe(2);
    expect(config.stderr).toContain('Profile "nope" not found');
    expect(coreModules(config.loaded)).toContain("session/ensure-session.js");
    expect(unneeded(config.loaded)).toEqual([]);

    // A malformed ~/.aws/config, from status (which reads the cache besides): the same.
    const malformed = join(world.home, "malformed-config");
    await writeFile(malformed, "[profile dev\nsso_session = corp\n");
    const broken = await runRecordingModules(world, ["status", "--profile", "dev"], {
      esModules: true,
      env: { AWS_CONFIG_FILE: malformed },
    });
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain("is malformed");
    expect(unneeded(broken.loaded)).toEqual([]);

    // For contrast, a run that calls AWS: the same recorder sees the SDK clients it loads.
    const call = await runRecordingModules(world, ["env", "--profile", "dev"], { esModules: true });
    expect(call.exitCode).toBe(0);
    expect(packages(call.loaded)).toEqual(
      expect.arrayContaining(["@aws-sdk/client-sso", "@aws-sdk/client-sts"]),
    );
  });
});
