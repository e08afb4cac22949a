import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../session/session-types.js";
import { rejection } from "../test-support/rejection.js";
import type { SsoFixture } from "../test-support/sso-fixture.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { login } from "./login.js";

/** A real executable standing in for an AWS CLI of `version`: it records its arguments and fails. */
async function fakeAwsCli(
  fx: SsoFixture,
  version: string,
): Promise<{ path: string; args: () => Promise<string> }> {
  const path = join(fx.home, `aws-${version}`);
  const log = join(fx.home, `aws-${version}.args`);
  await writeFile(
    path,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "aws-cli/${version} Python/3.12 Linux/6 exe/x86_64"; exit 0; fi\necho "$@" >> "${log}"\nexit 1\n`,
    { mode: 0o755 },
  );
  return { path, args: () => readFile(log, "utf8").catch(() => "") };
}

describe("login --method auto", () => {
  const fx = useSsoFixture();

  it("hands the login to an AWS CLI >= 2.22 (it does PKCE itself), passing --use-device-code when asked", async () => {
    const cli = await fakeAwsCli(fx, "2.22.0");
    const error = await rejection(
      login({
        profile: "dev",
        // a browser can open: the CLI is not told --no-browser
        env: { ...fx.env, SSOENV_AWS_CLI: cli.path, BROWSER: "/bin/true" },
        interactive: true,
        useDeviceCode: true,
        onPrompt: () => {},
      }),
    );
    expect(error.code).toBe("LOGIN_FAILED");
    expect((await cli.args()).trim()).toBe("sso login --profile dev --use-device-code");
  });

  it("a failed AWS CLI login says what to do: read the CLI's reason above, or sign in without it", async () => {
    const cli = await fakeAwsCli(fx, "2.9.19");
    const error = await rejection(
      login({
        profile: "dev",
        env: { ...fx.env, SSOENV_AWS_CLI: cli.path },
        method: "aws-cli",
        noBrowser: true,
        interactive: true,
        onPrompt: () => {},
      }),
    );
    expect(error.code).toBe("LOGIN_FAILED");
    // Which `aws` failed is in the message (the first on PATH may be another: pip's v1).
    expect(error.message).toBe(
      `aws sso login --profile dev --no-browser failed (exit code 1, ${cli.path} 2.9.19)`,
    );
    expect(error.hint).toBe(
      "the AWS CLI printed why above; or sign in without it: ssoenv login --profile dev --method native --no-browser",
    );
  });

  it("uses the built-in flow when the AWS CLI is older than 2.22 (Debian's 2.9 knows only the device code)", async () => {
    const cli = await fakeAwsCli(fx, "2.9.19");
    const result = await login({
      profile: "dev",
      env: { ...fx.env, SSOENV_AWS_CLI: cli.path },
      noBrowser: true,
      onPrompt: () => {},
    });
    expect(result).toMatchObject({ method: "native", grant: "device-code" });
    expect(await cli.args()).toBe("");
  });

  it("says it is looking for the AWS CLI before asking it for its version (seconds, Python starting)", async () => {
    const cli = await fakeAwsCli(fx, "2.9.19");
    const events: SessionEvent[] = [];
    await login({
      profile: "dev",
      env: { ...fx.env, SSOENV_AWS_CLI: cli.path },
      noBrowser: true,
      onPrompt: () => {},
      onEvent: (event) => events.push(event),
    });
    expect(events.slice(0, 2).map((e) => e.type)).toEqual(["finding-aws-cli", "login-started"]);
    expect(events[0]).toEqual({
      type: "finding-aws-cli",
      profile: "dev",
      message: `Looking for the AWS CLI (asking ${cli.path} for its version)`,
    });
  });

  // Plain JavaScript gets no type error: a typo used to fall through to the built-in login silently.
  it("refuses an unknown method with INVALID_ARGUMENT before any request or login", async () => {
    fx.emulator.resetStats();
    const error = await rejection(
      login({
        profile: "dev",
        env: fx.env,
        interactive: true,
        method: "awscli" as never,
        onPrompt: () => {},
      }),
    );
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.message).toBe('Invalid method "awscli"');
    expect(error.hint).toBe('use one of "auto", "aws-cli", "native"');
    expect(fx.emulator.stats().total).toBe(0);
  });

  it("a login whose signal is already aborted is CANCELLED (reason as cause) before any request", async () => {
    fx.emulator.resetStats();
    const reason = new Error("stop");
    const error = await rejection(
      login({
        profile: "dev",
        env: fx.env,
        interactive: true,
        method: "native",
        signal: AbortSignal.abort(reason),
      }),
    );
    expect(error.code).toBe("CANCELLED");
    expect(error.cause).toBe(reason);
    expect(fx.emulator.stats().total).toBe(0);
  });
});
