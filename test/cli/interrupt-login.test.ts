import { watch } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import type { CliResult } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// A login waiting for its approval ends on Ctrl-C, SIGTERM or SIGHUP with one line naming the signal
// and exit 128 + its number, whether ssoenv waits itself or `aws sso login` waits as its child: the
// child is stopped too, not left behind. Before, SIGTERM and SIGHUP ended ssoenv silently, and with the
// AWS CLI running even a SIGINT did (signal-exit, loaded by execa, re-sent it: no "cancelled" line).
const world = useCliWorld({ loggedIn: false, emulator: { approval: "manual" } });

const SIGNALS = [
  ["SIGINT", "Ctrl-C", 130],
  ["SIGTERM", "SIGTERM", 143],
  ["SIGHUP", "SIGHUP", 129],
] as const;

/** Runs `ssoenv ARGS` and sends `signal` once stderr shows a login code: the login is waiting. */
function signalledWhileLoginWaits(
  args: string[],
  signal: NodeJS.Signals,
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  let stderr = "";
  let sent = false;
  return world.run(args, {
    env,
    onSpawn: (child) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (sent || !/\b[A-Z]{4}-[A-Z]{4}\n/.test(stderr)) return;
        sent = true;
        child.kill(signal);
      });
    },
  });
}

describe.each(SIGNALS)("%s while a login waits for approval", (signal, named, exitCode) => {
  it(`login (ssoenv's own device code): "cancelled (${named})", exit ${exitCode}`, async () => {
    const result = await signalledWhileLoginWaits(["login", "--profile", "dev", "--no-browser"], signal);
    expect(result.stderr).toMatch(/Waiting for approval of [A-Z]{4}-[A-Z]{4}/);
    expect(result.stderr.endsWith(`\nssoenv: cancelled (${named})\n`)).toBe(true);
    expect(result.signal).toBeNull();
    expect(result.exitCode).toBe(exitCode);
  });

  it.skipIf(skipWithoutAwsCliV2())(
    `login --method aws-cli: "cancelled (${named})", exit ${exitCode}, \`aws sso login\` stopped`,
    async () => {
      const dataPath = await world.emulator.writeAwsCliDataPath(join(world.home, "aws-data"));
      // The real AWS CLI, behind a wrapper that leaves its process id (exec: the same process).
      const pidFile = join(world.home, `aws-${signal}.pid`);
      const awsCli = join(world.home, "aws-with-pid");
      await writeFile(awsCli, `#!/bin/sh\necho $$ > "$AWS_PID_FILE"\nexec ${AWS_CLI_V2} "$@"\n`, {
        mode: 0o755,
      });
      const result = await signalledWhileLoginWaits(
        ["login", "--profile", "dev", "--method", "aws-cli", "--no-browser"],
        signal,
        { SSOENV_AWS_CLI: awsCli, AWS_PID_FILE: pidFile, AWS_DATA_PATH: dataPath, LANG: "C.UTF-8" },
      );
      expect(result.stderr.endsWith(`\nssoenv: cancelled (${named})\n`), result.stderr).toBe(true);
      expect(result.signal).toBeNull();
      expect(result.exitCode).toBe(exitCode);
      // ssoenv waited for `aws sso login` to end: no such process is left, not even a zombie.
      const awsPid = Number((await readFile(pidFile, "utf8")).trim());
      expect(() => process.kill(awsPid, 0)).toThrow(/ESRCH/);
    },
  );
});

describe("a second Ctrl-C while the first one's cancel is under way", () => {
  it("ends ssoenv at once: it does not wait for an `aws sso login` that ignores SIGTERM", async () => {
    // A stand-in for `aws sso login` that shows a code, then ignores SIGTERM: ssoenv's cancel would
    // wait 5 s for it (execa's SIGKILL after SIGTERM). It notes each SIGTERM it gets in a file.
    const pidFile = join(world.home, "stubborn.pid");
    const termFile = join(world.home, "stubborn.term");
    const stubborn = join(world.home, "aws-stubborn");
    await writeFile(
      stubborn,
      [
        "#!/bin/sh",
        'if [ "$1" = "--version" ]; then echo "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12"; exit 0; fi',
        `echo $$ > "${pidFile}"`,
        `trap 'echo TERM >> "${termFile}"' TERM`,
        'printf "Then enter the code:\\n\\nWXYZ-ABCD\\n"',
        "while :; do sleep 0.1; done",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const killStubborn = async () => {
      try {
        process.kill(Number((await readFile(pidFile, "utf8")).trim()), "SIGKILL");
      } catch {
        // gone: killed by the cancel
      }
    };
    let stderr = "";
    const result = await world.run(["login", "--profile", "dev", "--method", "aws-cli", "--no-browser"], {
      env: { SSOENV_AWS_CLI: stubborn },
      onSpawn: (child) => {
        // Left running by the second Ctrl-C, it holds ssoenv's stderr open: the run ends once it is gone.
        child.once("exit", () => void killStubborn());
        child.stderr?.on("data", (chunk: Buffer) => {
          const first = !stderr.includes("WXYZ-ABCD\n");
          stderr += chunk.toString();
          if (first && stderr.includes("WXYZ-ABCD\n")) {
            // The cancel is under way once the stand-in got its SIGTERM: then the second Ctrl-C.
            const watcher = watch(world.home, (_event, name) => {
              if (name !== "stubborn.term") return;
              watcher.close();
              child.kill("SIGINT");
            });
            child.once("close", () => watcher.close());
            child.kill("SIGINT");
          }
        });
      },
    });
    expect(result.signal).toBe("SIGINT");
    expect(await readFile(termFile, "utf8")).toMatch(/^TERM\n/);
  });
});
