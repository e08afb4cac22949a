import { execFile, execFileSync, spawn } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { writeAwsCli222 } from "./support/aws-cli-v2.js";
import { CLI_COMMAND, startCliWorld } from "./support/cli-world.js";
import { hasScript } from "./support/has-script.js";
import { useCliWorld } from "./support/use-cli-world.js";

if (!hasScript) console.warn("`script` (util-linux) is missing: the terminal tests are skipped");

const world = useCliWorld({ emulator: { approval: "manual" } });

describe.skipIf(!hasScript)("ssoenv in a terminal", () => {
  it("login shows the device code and a spinner counting down until approval", async () => {
    const output = new Promise<string>((resolve) => {
      execFile(
        "script",
        ["-qec", `${CLI_COMMAND} login --profile dev --method native --no-browser`, "/dev/null"],
        { env: { ...world.env, TERM: "xterm", FORCE_COLOR: "0" }, cwd: world.project },
        (_error, stdout) => resolve(stdout),
      );
    });
    const { userCode } = await world.emulator.waitForAuthorization({ timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    world.emulator.approve(userCode);
    const text = await output;
    // the code on a line of its own, next to the URL
    expect(text).toMatch(new RegExp(`enter this code:\\r?\\n\\s+${userCode}\\r?\\n`));
    expect(text).toMatch(new RegExp(`Waiting for approval of ${userCode} \\(9m \\d\\ds left\\)`));
    expect(text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(text).toContain("Logged in: profile dev");
  });
});

describe.skipIf(!hasScript)("colours follow the stream they are written to", () => {
  const onTerminal = (command: string) =>
    new Promise<string>((resolve) => {
      execFile(
        "script",
        ["-qec", command, "/dev/null"],
        { env: { ...world.env, NO_COLOR: undefined, TERM: "xterm" }, cwd: world.project },
        (_error, stdout) => resolve(stdout),
      );
    });

  it('an error on the terminal\'s stderr is coloured when stdout goes elsewhere (eval "$(ssoenv env)")', async () => {
    const text = await onTerminal(`${CLI_COMMAND} env --profile nope >/dev/null`);
    expect(text).toContain("\u001b[31mssoenv:\u001b[39m Profile");
  });

  it("an error sent to a file is plain when stdout is the terminal", async () => {
    const file = join(world.home, "errors.log");
    await onTerminal(`${CLI_COMMAND} status --profile nope 2>${file}`);
    const logged = await readFile(file, "utf8");
    expect(logged).toContain('ssoenv: Profile "nope" not found');
    expect(logged).not.toContain("\u001b[");
  });
});

describe.skipIf(!hasScript)("a device code that expires in a terminal", () => {
  it("the countdown ends at 'none left', never 'expired left', then says the code expired", async () => {
    const short = await startCliWorld({ approval: "manual", lifetimes: { deviceCodeMs: 2_500 } });
    try {
      // A poll answered slowly, past the code's end: the countdown keeps drawing after it.
      short.emulator.faults.add({ operation: "CreateToken", kind: "latency", latencyMs: 4_000 });
      const text = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} login --profile dev --method native --no-browser`, "/dev/null"],
          { env: { ...short.env, TERM: "xterm", NO_COLOR: "1" }, cwd: short.project },
          (_error, stdout) => resolve(stdout),
        );
      });
      expect(text).toContain("expired before it was approved");
      expect(text).not.toContain("expired left");
      expect(text).toMatch(/Waiting for approval of [A-Z]{4}-[A-Z]{4} \(none left\)/);
    } finally {
      await short.stop();
    }
  });
});

describe.skipIf(!hasScript)("Ctrl-C in a terminal", () => {
  it("while a login waits for approval: 'cancelled (Ctrl-C)', exit 130, the cursor shown again", async () => {
    // The spinner's own SIGINT handler exited at once (130, no message), before the login could end.
    const child = spawn(
      "script",
      ["-qec", `${CLI_COMMAND} login --profile dev --method native --no-browser`, "/dev/null"],
      { env: { ...world.env, TERM: "xterm", NO_COLOR: "1" }, cwd: world.project },
    );
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    await world.emulator.waitForAuthorization({ timeoutMs: 20_000 });
    while (!text.includes("Waiting for approval")) await new Promise((resolve) => setTimeout(resolve, 50));
    // Ctrl-C typed at the terminal: its line discipline sends SIGINT to the foreground group
    child.stdin.write("\x03");
    expect(await exited).toBe(130);
    expect(text).toContain("ssoenv: cancelled (Ctrl-C)");
    expect(text.lastIndexOf("\x1b[?25h")).toBeGreaterThan(text.lastIndexOf("\x1b[?25l"));
  });
});

describe.skipIf(!hasScript)("SIGTERM in a terminal", () => {
  it("while a login waits for approval: 'cancelled (SIGTERM)', exit 143, the cursor shown again", async () => {
    // The spinner's own SIGTERM handler exited at once (143, no message), before the login could end.
    // `exec`: the shell that script starts becomes ssoenv, the one process to send SIGTERM to.
    const child = spawn(
      "script",
      ["-qec", `exec ${CLI_COMMAND} login --profile dev --method native --no-browser`, "/dev/null"],
      { env: { ...world.env, TERM: "xterm", NO_COLOR: "1" }, cwd: world.project },
    );
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // The spinner draws the countdown: SIGTERM comes while it spins.
    while (!/Waiting for approval of [A-Z]{4}-[A-Z]{4}/.test(text))
      await new Promise((resolve) => setTimeout(resolve, 50));
    const ssoenv = Number(execFileSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).trim());
    process.kill(ssoenv, "SIGTERM");
    expect(await exited).toBe(143);
    expect(text).toContain("ssoenv: cancelled (SIGTERM)");
    expect(text.lastIndexOf("\x1b[?25h")).toBeGreaterThan(text.lastIndexOf("\x1b[?25l"));
  });
});

describe.skipIf(!hasScript)("credential-process in a terminal", () => {
  it("stops its spinner before the JSON: nothing is drawn after it", async () => {
    const cli = await startCliWorld();
    try {
      await cli.logIn();
      const text = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} credential-process --profile dev`, "/dev/null"],
          { env: { ...cli.env, TERM: "xterm", NO_COLOR: "1" }, cwd: cli.project },
          (_error, stdout) => resolve(stdout),
        );
      });
      const end = text.lastIndexOf("}");
      expect(text.slice(0, end), "the JSON was printed").toContain('{"Version":1');
      // The spinner drew another frame on the line after the JSON (and then cleared it).
      expect(text.slice(end + 1)).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|Checking/);
    } finally {
      await cli.stop();
    }
  });
});

describe.skipIf(!hasScript)("not logged in, in a terminal, where no login may happen", () => {
  it("status and --no-input say the login to run, without blaming a missing terminal", async () => {
    // A world of its own: the one above is logged in by then.
    const cli = await startCliWorld();
    try {
      for (const args of [
        "status --profile dev", // it never logs in
        "ensure --no-input --profile dev",
        "refresh --no-input --profile dev",
        "exec --no-input --profile dev -- true",
        "env --no-input --profile dev",
        "profiles sync --no-input",
      ]) {
        const text = await new Promise<string>((resolve) => {
          execFile(
            "script",
            ["-qec", `${CLI_COMMAND} ${args}`, "/dev/null"],
            { env: { ...cli.env, TERM: "xterm", NO_COLOR: "1" }, cwd: cli.project },
            (_error, stdout) => resolve(stdout),
          );
        });
        expect(text, args).toMatch(/ssoenv login --(profile dev|sso-session corp)/);
        expect(text, args).not.toContain("no terminal");
      }
    } finally {
      await cli.stop();
    }
  });
});

const SPINNER_FRAMES = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
/** Only the spinner draws with synchronized output (DEC mode 2026) here. */
const SPINNER_DRAW = "\u001b[?2026h";

describe.skipIf(!hasScript || skipWithoutAwsCliV2())("a login handed to the AWS CLI, in a terminal", () => {
  it("stops the spinner and clears its line before `aws sso login` writes: they never share a line", async () => {
    // Manual approval: the AWS CLI shows its URL and code and waits, as for a person.
    const cli = await startCliWorld({ approval: "manual" });
    try {
      const dataPath = await cli.emulator.writeAwsCliDataPath(join(cli.home, "aws-data"));
      // the real AWS CLI v2 behind a wrapper that says 2.22 (auto hands logins only to >= 2.22)
      const awsCli = await writeAwsCli222(cli.home);
      const output = new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} ensure --profile dev`, "/dev/null"],
          {
            env: {
              ...cli.env,
              AWS_DATA_PATH: dataPath,
              SSOENV_AWS_CLI: awsCli,
              TERM: "xterm",
              FORCE_COLOR: "0",
              LANG: "C.UTF-8",
            },
            cwd: cli.project,
          },
          (_error, stdout) => resolve(stdout),
        );
      });
      const { userCode } = await cli.emulator.waitForAuthorization({ timeoutMs: 30_000 });
      // Long enough for a spinner still running to draw a few frames over the prompt.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      cli.emulator.approve(userCode);
      const raw = await output;

      const promptAt = raw.indexOf("Browser will not be automatically opened");
      const doneText = "Successfully logged into Start URL";
      const doneAt = raw.indexOf(doneText);
      expect(promptAt).toBeGreaterThan(0);
      expect(raw.slice(promptAt, doneAt)).toContain(userCode);
      expect(doneAt).toBeGreaterThan(promptAt);
      const childOutput = raw.slice(promptAt, raw.indexOf("\n", doneAt) + 1);
      // The spinner was drawing before the hand-over (so this test can fail)...
      const before = raw.slice(0, promptAt);
      expect(before).toMatch(SPINNER_FRAMES);
      // ...and not once while the AWS CLI had the terminal.
      expect(childOutput).not.toMatch(SPINNER_FRAMES);
      expect(childOutput).not.toContain(SPINNER_DRAW);
      // Its last frame was cleared, then ssoenv's own line, then the AWS CLI's output on a fresh line.
      const lastFrame = before.search(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏][^⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]*$/);
      const afterLastFrame = before.slice(lastFrame);
      const clearedAt = afterLastFrame.lastIndexOf("\u001b[0K");
      expect(clearedAt).toBeGreaterThan(0);
      expect(afterLastFrame.slice(clearedAt + "\u001b[0K".length)).toMatch(
        /^Logging in to profile "dev" with aws sso login \(2\.\d+\.\d+\)\r?\n$/,
      );
      // ensure then goes on (its spinner may come back) and succeeds.
      expect(raw.slice(doneAt)).toContain("profile dev: 111111111111 / AdministratorAccess");
    } finally {
      await cli.stop();
    }
  });
});

/**
 * Runs `ssoenv ARGS` on a pseudo-terminal (`script`). A run still going after 60 s was waiting for a
 * login (a device code waits 10 minutes); a loaded machine's slow start stays well under it.
 */
function runOnTerminal(
  args: string,
  options: { env: NodeJS.ProcessEnv; cwd: string },
): Promise<{ code: number | null; text: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    execFile(
      "script",
      ["-qec", `${CLI_COMMAND} ${args}`, "/dev/null"],
      { env: { ...options.env, TERM: "xterm", NO_COLOR: "1" }, cwd: options.cwd, timeout: 60_000 },
      (error, stdout) =>
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : null) : 0,
          text: stdout,
          timedOut: Boolean(error?.killed),
        }),
    );
  });
}

describe.skipIf(!hasScript)("in CI (CI=true), on a terminal: no one to approve a login", () => {
  // GitHub Actions, GitLab and `docker run -t` in a job give a terminal, and CI=true: a device code
  // there waits out its 10 minutes (three times) for a person who is not there.
  it("ensure, exec, env, refresh, credential-process and profiles sync fail at once: exit 3, the login to run, no device code, no secret", async () => {
    // Manual approval: a login started here would wait for the approval that never comes.
    const cli = await startCliWorld({ approval: "manual" });
    try {
      // A cached sign-in SSO no longer accepts: its tokens are on disk, and must stay off the screen.
      await cli.logIn();
      cli.emulator.revokeTokens();
      const cacheDir = join(cli.home, ".aws", "sso", "cache");
      const cached = await readFile(join(cacheDir, (await readdir(cacheDir))[0] as string), "utf8");
      const secrets = Object.values(JSON.parse(cached) as Record<string, unknown>).filter(
        (value): value is string =>
          typeof value === "string" && value.length >= 16 && !value.startsWith("http"),
      );
      expect(secrets.length, "the cache holds tokens to look for").toBeGreaterThan(0);
      for (const [args, login] of [
        ["ensure --profile dev", "ssoenv login --profile dev"],
        ["exec --profile dev -- true", "ssoenv login --profile dev"],
        ["env --profile dev", "ssoenv login --profile dev"],
        ["refresh --profile dev", "ssoenv login --profile dev"],
        ["credential-process --profile dev", "ssoenv login --profile dev"],
        ["profiles sync --sso-session corp", "ssoenv login --sso-session corp"],
      ] as const) {
        const before = cli.emulator.stats().byOperation.StartDeviceAuthorization ?? 0;
        const result = await runOnTerminal(args, { env: { ...cli.env, CI: "true" }, cwd: cli.project });
        expect(result.timedOut, `${args}: waited for a login`).toBe(false);
        expect(result.code, `${args}\n${result.text}`).toBe(3);
        expect(result.text, args).toContain(login);
        expect(result.text, args).toContain("CI=true");
        expect(result.text, args).not.toContain("no terminal");
        expect(cli.emulator.stats().byOperation.StartDeviceAuthorization ?? 0, args).toBe(before);
        for (const secret of secrets) expect(result.text, args).not.toContain(secret);
        // A CI log is no screen to redraw: no spinner frame, no line rewritten in place.
        expect(result.text, args).not.toMatch(SPINNER_FRAMES);
        expect(result.text, args).not.toContain("\r\u001b[2K");
      }
    } finally {
      await cli.stop();
    }
  }, 420_000);

  it("CI vendors that set no CI (Jenkins, Azure Pipelines, TeamCity, Buildkite, CodeBuild) are CI too: ensure fails at once, naming the CI and the override", async () => {
    const cli = await startCliWorld({ approval: "manual" });
    try {
      for (const [name, vendor] of [
        ["Jenkins", { JENKINS_URL: "https://jenkins.example/", BUILD_ID: "17" }],
        ["Azure Pipelines", { TF_BUILD: "True" }],
        ["TeamCity", { TEAMCITY_VERSION: "2024.12" }],
        ["Buildkite", { BUILDKITE: "true" }],
        ["AWS CodeBuild", { CODEBUILD_BUILD_ARN: "arn:aws:codebuild:eu-west-1:111111111111:build/app:1" }],
      ] as const) {
        const result = await runOnTerminal("ensure --profile dev", {
          env: { ...cli.env, ...vendor },
          cwd: cli.project,
        });
        expect(result.timedOut, `${name}: waited for a login`).toBe(false);
        expect(result.code, `${name}\n${result.text}`).toBe(3);
        expect(result.text, name).toContain(
          `this runs in ${name} (CI=false says it does not): no one to log in here`,
        );
        expect(result.text, name).toContain("ssoenv login --profile dev");
        expect(result.text, name).not.toMatch(SPINNER_FRAMES);
      }
      expect(cli.emulator.stats().byOperation.StartDeviceAuthorization ?? 0).toBe(0);
    } finally {
      await cli.stop();
    }
  }, 420_000);

  it("CI unset or empty is no CI, and CI=false, 0, no or off (any case) beats a vendor's variables: the terminal's person is asked to log in", async () => {
    const cli = await startCliWorld({ approval: "manual" });
    try {
      for (const ci of [
        {},
        { CI: "" },
        { CI: "false" },
        { CI: "0" },
        { CI: "no" },
        { CI: "Off" },
        { CI: "False", TF_BUILD: "True" },
        { CI: "false", JENKINS_URL: "https://jenkins.example/", BUILD_ID: "17" },
      ]) {
        const started = runOnTerminal("ensure --profile dev", {
          env: { ...cli.env, ...ci },
          cwd: cli.project,
        });
        const { userCode } = await cli.emulator
          .waitForAuthorization({ timeoutMs: 20_000 })
          .catch(async (error) => {
            throw new Error(`${JSON.stringify(ci)}: no login started\n${(await started).text}`, {
              cause: error,
            });
          });
        cli.emulator.approve(userCode);
        const result = await started;
        expect(result.code, `${JSON.stringify(ci)}\n${result.text}`).toBe(0);
        expect(result.text, JSON.stringify(ci)).toContain(userCode);
        await rm(join(cli.home, ".aws", "sso", "cache"), { recursive: true, force: true });
      }
    } finally {
      await cli.stop();
    }
  }, 420_000);
});

// TERM=dumb (Emacs' M-x shell, some CI consoles) cannot move the cursor: nothing is redrawn there.
// yocto-spinner printed its first frame as a line and then nothing ("⠋ Logging in to profile ..."),
// the plain lines a log gets were not printed either.
describe.skipIf(!hasScript)("a dumb terminal (TERM=dumb)", () => {
  it("login prints plain lines, as without a terminal: no spinner frame, no cursor codes", async () => {
    const child = spawn(
      "script",
      ["-qec", `${CLI_COMMAND} login --profile dev --method native --no-browser`, "/dev/null"],
      { env: { ...world.env, TERM: "dumb", NO_COLOR: "1" }, cwd: world.project },
    );
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // This login's code, as shown (earlier cases may have left other authorizations pending).
    const codeShown = () => /enter this code:\r?\n\s+([A-Z]{4}-[A-Z]{4})/.exec(text)?.[1];
    while (!codeShown() && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    const userCode = codeShown() as string;
    world.emulator.approve(userCode);
    expect(await exited, text).toBe(0);
    const lines = text.replace(/\r\n/g, "\n");
    expect(lines).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(lines).not.toContain("\u001b");
    expect(lines).toContain(`Logging in to profile "dev" with a device code\n`);
    expect(lines).toMatch(new RegExp(`Waiting for approval of ${userCode} \\(\\d+m( \\d+s)? left\\)\n`));
    expect(lines).toContain("Logged in: profile dev");
  });
});

describe.skipIf(!hasScript)("a login a command starts on a dumb terminal, in Tokyo", () => {
  it("says when the sign-in ends in the local clock, with its offset, as every other line: not UTC with milliseconds", async () => {
    const tokyoWorld = await startCliWorld();
    try {
      const text = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} ensure --profile dev`, "/dev/null"],
          {
            env: {
              ...tokyoWorld.env,
              TERM: "dumb",
              NO_COLOR: "1",
              TZ: "Asia/Tokyo",
              SSOENV_LOGIN_METHOD: "native",
            },
            cwd: tokyoWorld.project,
          },
          (_error, stdout) => resolve(stdout),
        );
      });
      // Asia/Tokyo is UTC+9 all year (no daylight saving time).
      expect(text).toMatch(/Logged in; the sign-in lasts until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00\r?\n/);
      expect(text).not.toMatch(/\d\.\d{3}Z/);
    } finally {
      await tokyoWorld.stop();
    }
  });
});

describe.skipIf(!hasScript)("doctor in a terminal", () => {
  it("draws a spinner while its checks run (the clock check waits on STS), cleared before the findings", async () => {
    world.emulator.faults.add({ operation: "*", kind: "latency", latencyMs: 1500 });
    try {
      const text = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} doctor`, "/dev/null"],
          { env: { ...world.env, TERM: "xterm", NO_COLOR: "1" }, cwd: world.project },
          (_error, stdout) => resolve(stdout),
        );
      });
      const firstFinding = text.search(/[✔!✖] (aws-cli|config) /);
      expect(firstFinding, text).toBeGreaterThan(0);
      const before = text.slice(0, firstFinding);
      expect(before).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Running the checks/);
      // stopped, its line cleared and the cursor shown, before the first finding
      expect(before.endsWith("\u001b[?25h\u001b[1G\u001b[0K")).toBe(true);
      expect(text.slice(firstFinding)).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    } finally {
      world.emulator.faults.clear();
    }
  });
});

describe.skipIf(!hasScript)("logout in a terminal", () => {
  it("draws a spinner while AWS ends the sign-in, cleared before what it did", async () => {
    await world.logIn();
    world.emulator.faults.add({ operation: "Logout", kind: "latency", latencyMs: 1500 });
    try {
      const text = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} logout --profile dev`, "/dev/null"],
          { env: { ...world.env, TERM: "xterm", NO_COLOR: "1" }, cwd: world.project },
          (_error, stdout) => resolve(stdout),
        );
      });
      const done = text.indexOf("corp: signed out at AWS");
      expect(done, text).toBeGreaterThan(0);
      const before = text.slice(0, done);
      expect(before).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] corp: ending the sign-in at AWS/);
      expect(before.endsWith("\u001b[?25h\u001b[1G\u001b[0K")).toBe(true);
      expect(text.slice(done)).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    } finally {
      world.emulator.faults.clear();
    }
  });

  it("Ctrl-C while the spinner draws is logout's own: 'cancelled (Ctrl-C)', exit 130, the cursor shown again", async () => {
    await world.logIn();
    world.emulator.faults.add({ operation: "Logout", kind: "latency", latencyMs: 10_000 });
    try {
      const child = spawn("script", ["-qec", `${CLI_COMMAND} logout --profile dev`, "/dev/null"], {
        env: { ...world.env, TERM: "xterm", NO_COLOR: "1" },
        cwd: world.project,
      });
      let text = "";
      child.stdout.on("data", (chunk) => {
        text += chunk;
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      while (!text.includes("ending the sign-in at AWS") && child.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 50));
      child.stdin.write("\x03");
      expect(await exited, text).toBe(130);
      expect(text).toContain("ssoenv: cancelled (Ctrl-C)");
      expect(text.lastIndexOf("\u001b[?25h")).toBeGreaterThan(text.lastIndexOf("\u001b[?25l"));
    } finally {
      world.emulator.faults.clear();
    }
  });
});

describe.skipIf(!hasScript)(
  "ssoenv console on a terminal where no browser can open (SSH, a container)",
  () => {
    it("prints the sign-in link for the person to open elsewhere, exit 0, rather than failing", async () => {
      await world.logIn();
      const noBrowser = {
        BROWSER: "",
        DISPLAY: "",
        WAYLAND_DISPLAY: "",
        SSH_CONNECTION: "10.0.0.1 50000 10.0.0.2 22",
      };
      const exitFile = join(world.home, "console.exit");
      const text = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} console --profile dev; echo $? > ${exitFile}`, "/dev/null"],
          { env: { ...world.env, ...noBrowser, TERM: "xterm" }, cwd: world.project },
          (_error, stdout) => resolve(stdout),
        );
      });
      expect((await readFile(exitFile, "utf8")).trim(), text).toBe("0");
      expect(text).toContain("No browser can be opened here (this is an SSH session)");
      const link = new RegExp(`${world.emulator.url}/federation\\?\\S+`).exec(text)?.[0];
      expect(link, text).toBeDefined();
      const signIn = await fetch(link as string, { redirect: "manual" });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get("location")).toBe(
        "https://console.aws.amazon.com/console/home?region=eu-west-1",
      );
      // A CI runner's terminal is the job's log: the link is not written there unasked.
      const inCi = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} console --profile dev; echo $? > ${exitFile}`, "/dev/null"],
          { env: { ...world.env, ...noBrowser, CI: "true", TERM: "xterm" }, cwd: world.project },
          (_error, stdout) => resolve(stdout),
        );
      });
      expect((await readFile(exitFile, "utf8")).trim(), inCi).toBe("1");
      expect(inCi).not.toContain("/federation");
    });
  },
);
