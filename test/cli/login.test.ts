import { spawn } from "node:child_process";
import { mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSsoToken } from "@ssoenv/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { CLI_BIN, type CliWorld, startCliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

/** The scripted browser: follows /authorize's redirect back to the login's loopback callback. */
const FAKE_BROWSER = fileURLToPath(new URL("./support/fake-browser.mjs", import.meta.url));
const MULTI_REGION_START_URL = "https://ssoins-72232f4a1b2c3d4e.portal.eu-central-1.app.aws";

// Each test runs the built CLI once or twice; on a loaded machine a run takes seconds.
vi.setConfig({ testTimeout: 120_000 });

let world: CliWorld | undefined;
/** Set when a test gave the CLI the scripted browser: it may still be running when the test ends. */
let browserStarted = false;
afterEach(async () => {
  // The browser writes its log into the world's folder: deleting that folder under it fails.
  if (world && browserStarted) await browserLog(world);
  browserStarted = false;
  await world?.stop();
  world = undefined;
});

/**
 * The fake browser's log, one object per thing it saw, once the browser has finished (its last line
 * is {"done":true}, left out here). A login may return first: a device-code login does not wait for
 * the browser it opens, and a PKCE login's browser still reads the callback's answer.
 */
async function browserLog(w: CliWorld): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const text = await readFile(join(w.home, "browser.log"), "utf8").catch(() => "");
    const entries = text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    if (entries.at(-1)?.done === true) return entries.slice(0, -1);
    if (Date.now() > deadline)
      throw new Error(`the fake browser did not finish within 20 s; its log: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function browserEnv(w: CliWorld, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  browserStarted = true;
  return { BROWSER: FAKE_BROWSER, FAKE_BROWSER_LOG: join(w.home, "browser.log"), ...extra };
}

const corp = (w: CliWorld) => ({ name: "dev", ssoSession: "corp", startUrl: w.emulator.startUrl });

describe("ssoenv login in the browser (authorization code with PKCE)", () => {
  it("signs in through a loopback callback and writes the token cache with its refresh token", async () => {
    world = await startCliWorld();
    const result = await world.run(["login", "--profile", "dev"], { env: browserEnv(world) });
    expect(result.stderr).toContain("Logged in: profile dev");
    expect(result.exitCode).toBe(0);

    const log = await browserLog(world);
    const opened = new URL(String(log[0]?.opened));
    expect(`${opened.origin}${opened.pathname}`).toBe(`${world.emulator.url}/authorize`);
    expect(Object.fromEntries(opened.searchParams)).toMatchObject({
      response_type: "code",
      code_challenge_method: "S256",
      scopes: "sso:account:access",
    });
    expect(opened.searchParams.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(opened.searchParams.get("state")?.length).toBeGreaterThanOrEqual(20);
    expect(log.at(-1)).toMatchObject({ callback: 200 });
    expect(String(log.at(-1)?.page)).toContain("You can close this tab");
    expect(world.emulator.stats().byOperation).toMatchObject({ RegisterClient: 1, CreateToken: 1 });
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBeUndefined();

    const token = await readSsoToken({ profile: corp(world), env: world.env });
    expect(token?.refreshToken).toBeTruthy();
    expect(token?.clientId).toBeTruthy();
    // the token cache is "exactly as today": the session commands use it without another login
    const status = await world.run(["status", "--profile", "stg", "--json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({ loggedIn: true, accountId: "222222222222" });
  });

  it.skipIf(skipWithoutAwsCliV2())(
    "the real AWS CLI v2 reads the cache the PKCE login wrote",
    {
      timeout: 60_000,
    },
    async () => {
      world = await startCliWorld();
      expect((await world.run(["login", "--profile", "dev"], { env: browserEnv(world) })).exitCode).toBe(0);
      world.emulator.resetStats();
      const { stdout } = await runAwsCli(world, [
        "configure",
        "export-credentials",
        "--profile",
        "dev",
        "--format",
        "process",
      ]);
      const exported = JSON.parse(stdout) as Record<string, unknown>;
      expect(exported.Version).toBe(1);
      expect(exported.AccessKeyId).toMatch(/^ASIA/);
      expect(world.emulator.stats().byOperation).toEqual({ GetRoleCredentials: 1 });
    },
  );

  it("answers a forged callback and one without a code with an error page, ignores them, and keeps waiting", async () => {
    world = await startCliWorld();
    const result = await world.run(["login", "--profile", "dev"], {
      env: browserEnv(world, { FAKE_BROWSER_FORGE: "1" }),
    });
    expect(result.exitCode).toBe(0);
    const log = await browserLog(world);
    const forged = log.find((entry) => "forged" in entry);
    expect(forged).toMatchObject({ forged: 400 });
    expect(String(forged?.page)).toContain("does not belong to the login ssoenv is waiting for");
    expect(log.find((entry) => "noCode" in entry)).toMatchObject({ noCode: 400 });
    expect(log.at(-1)).toMatchObject({ callback: 200 });
    expect(result.stderr).toContain("ignored");
    // the forged code never reached AWS: one exchange, the real one
    expect(world.emulator.stats().byOperation.CreateToken).toBe(1);
  });

  it("works with a multi-Region start URL (ssoins-<id>.portal.<region>.app.aws)", async () => {
    world = await startCliWorld({ startUrl: MULTI_REGION_START_URL, region: "eu-central-1" });
    const result = await world.run(["login", "--profile", "dev"], { env: browserEnv(world) });
    expect(result.exitCode).toBe(0);
    const token = await readSsoToken({ profile: corp(world), env: world.env });
    expect(token).toMatchObject({ startUrl: MULTI_REGION_START_URL, region: "eu-central-1" });
    const env = await world.run(["env", "--profile", "dev", "--format", "json"]);
    expect(env.exitCode).toBe(0);
    expect(JSON.parse(env.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    if (!skipWithoutAwsCliV2()) {
      const { stdout } = await runAwsCli(world, ["configure", "export-credentials", "--profile", "stg"]);
      expect(JSON.parse(stdout).AccessKeyId).toMatch(/^ASIA/);
    }
  });

  it("gives up after --timeout when the browser never comes back", async () => {
    world = await startCliWorld();
    const result = await world.run(["login", "--profile", "dev", "--timeout", "1s"], {
      env: { BROWSER: "/bin/true" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("No sign-in came back from the browser within 1 s");
    expect(result.stderr).toContain("--use-device-code");
  });

  it("stops at Ctrl-C while it waits for the browser: cancelled, exit 130", async () => {
    world = await startCliWorld();
    const child = spawn(process.execPath, ["--", CLI_BIN, "login", "--profile", "dev"], {
      cwd: world.project,
      env: { ...world.env, BROWSER: "/bin/true" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    const prompted = new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("/authorize?")) resolve();
      });
    });
    const closed = new Promise<number | null>((resolve) => child.once("close", resolve));
    await prompted;
    child.kill("SIGINT");
    const code = await closed;
    // As every command's Ctrl-C (test/cli/interrupt.test.ts): 130, one line.
    expect(code).toBe(130);
    expect(stderr).toContain("ssoenv: cancelled (Ctrl-C)");
    expect(stderr).not.toMatch(/unexpected|please report|\n\s+at /);
  });

  it("rejects a bad --timeout with exit 2 in one line, before any browser: bare digits have no unit", async () => {
    world = await startCliWorld();
    for (const [value, problem] of [
      ["5", "has no unit"],
      ["soon", "is not a duration"],
      ["0", "is zero"],
    ] as const) {
      const result = await world.run(
        ["login", "--profile", "dev", "--method", "native", "--timeout", value],
        {
          env: { BROWSER: "/bin/true" },
        },
      );
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trimEnd().split("\n")).toEqual([
        `ssoenv: --timeout "${value}" ${problem}`,
        'hint: write a duration with a unit, e.g. "5m" or "90s"',
      ]);
    }
    expect(world.emulator.stats().total).toBe(0);
  });
});

describe("ssoenv login --method auto and the AWS CLI's version", () => {
  it.skipIf(skipWithoutAwsCliV2())(
    "asks each AWS CLI for its version once, not at every login, and again after it changed",
    async () => {
      world = await startCliWorld();
      // First on PATH: a Node script that counts its runs and lets the real AWS CLI v2 answer.
      const bin = join(world.home, "bin");
      const calls = join(world.home, "aws-calls");
      await mkdir(bin);
      await writeFile(
        join(bin, "aws"),
        [
          `#!${process.execPath}`,
          `require("node:fs").appendFileSync(${JSON.stringify(calls)}, process.argv.slice(2).join(" ") + "\\n");`,
          `const r = require("node:child_process").spawnSync(${JSON.stringify(AWS_CLI_V2)}, process.argv.slice(2), { stdio: "inherit" });`,
          "process.exit(r.status ?? 1);",
          "",
        ].join("\n"),
        { mode: 0o755 },
      );
      const count = async () => (await readFile(calls, "utf8").catch(() => "")).split("\n").filter(Boolean);
      const env = {
        PATH: `${bin}:${dirname(AWS_CLI_V2)}:/bin`,
        SSH_CONNECTION: "10.0.0.1 50000 10.0.0.2 22",
      };
      const first = await world.run(["login", "--profile", "dev"], { env });
      expect(first.exitCode).toBe(0);
      // An AWS CLI older than 2.22: the built-in flow, for both the wrapper and /usr/bin/aws behind it.
      expect(first.stderr).toContain("with a device code");
      expect(await count()).toEqual(["--version"]);
      const second = await world.run(["login", "--profile", "dev"], { env });
      expect(second.exitCode).toBe(0);
      expect(await count()).toEqual(["--version"]);
      // Upgraded (another mtime): asked again.
      await utimes(join(bin, "aws"), new Date(), new Date(Date.now() + 60_000));
      expect((await world.run(["login", "--profile", "dev"], { env })).exitCode).toBe(0);
      expect(await count()).toEqual(["--version", "--version"]);
    },
  );
});

describe("ssoenv login with a device code", () => {
  it("is used when the machine is headless (SSH, no browser), and shows the code on its own line", async () => {
    world = await startCliWorld();
    const result = await world.run(["login", "--profile", "dev"], {
      env: { SSH_CONNECTION: "10.0.0.1 50000 10.0.0.2 22", DISPLAY: ":0" },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("no browser can open here: this is an SSH session");
    expect(result.stderr).toMatch(
      new RegExp(`open ${world.emulator.url}/device\\S*\\nand enter this code:\\n  [A-Z]{4}-[A-Z]{4}\\n`),
    );
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });

  it("is used in CI (CI=true), where a runner's browser has no one to see it: the code goes to the job's log", async () => {
    world = await startCliWorld();
    const result = await world.run(["login", "--profile", "dev", "--method", "native"], {
      env: { CI: "true", DISPLAY: ":0" },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain("no browser can open here: this runs in CI");
    expect(result.stderr).toMatch(/and enter this code:\n {2}[A-Z]{4}-[A-Z]{4}\n/);
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });

  it("is used in CI that sets no CI variable (Azure Pipelines' TF_BUILD, Jenkins' JENKINS_URL and BUILD_ID)", async () => {
    world = await startCliWorld();
    const w = world;
    for (const vendor of [
      { TF_BUILD: "True" },
      { JENKINS_URL: "https://jenkins.example/", BUILD_ID: "17" },
    ]) {
      // CI is checked first: without it the reason would be this machine's (a container, no xdg-open).
      const result = await w.run(["login", "--profile", "dev", "--method", "native"], {
        env: { ...vendor, DISPLAY: ":0" },
      });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr, JSON.stringify(vendor)).toContain("no browser can open here: this runs in CI");
    }
    expect(w.emulator.stats().byOperation.StartDeviceAuthorization).toBe(2);
  });

  it("a person signs in from what it prints: the URL's page asks for the code, printed on its own line", async () => {
    // AWS's verification URLs have not carried the code since 2026-09 (ByteNess/aws-vault#440): a prompt
    // that showed only the URL would leave the person nothing to type. The emulator's do not either.
    world = await startCliWorld({ approval: "manual" });
    const w = world;
    let stderr = "";
    const running = w.run(["login", "--profile", "dev", "--use-device-code", "--no-browser"], {
      onSpawn: (child) =>
        child.stderr?.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
        }),
    });
    const shown = /open (\S+)\nand enter this code:\n {2}([A-Z]{4}-[A-Z]{4})\n/;
    for (let i = 0; i < 600 && !shown.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
    const [, url = "", code = ""] = shown.exec(stderr) ?? [];
    expect(url.startsWith(`${w.emulator.url}/device`)).toBe(true);
    expect(url).not.toContain(code);
    // the person's browser: the page has a field for the code, and nothing fills it in
    const page = await (await fetch(url)).text();
    expect(page).toContain('name="user_code"');
    expect(page).not.toContain(code);
    const hidden = Object.fromEntries(
      [...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    );
    const answer = await fetch(new URL("/device", url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...hidden, user_code: code, action: "approve" }).toString(),
    });
    expect(await answer.text()).toContain("Request approved");
    const result = await running;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain("Logged in: profile dev");
  });

  // SSOENV_PROGRESS_INTERVAL=1s: the line comes after 1 s instead of the default 10 s. The two run at
  // once, on a world each.
  describe.concurrent("without a terminal, waiting for approval", () => {
    const worlds = {
      native: useCliWorld({ emulator: { approval: "manual" } }),
      "aws-cli": useCliWorld({ emulator: { approval: "manual" } }),
    };

    it.for([
      [
        "a script or mise task's login prints the URL and code once",
        {
          method: "native",
          args: ["--no-browser"],
          once: "and enter this code:",
          line: (userCode: string) => `Waiting for approval of ${userCode} \\(9m \\d\\ds left\\)`,
        },
      ],
      [
        "`aws sso login` prints its code once, then nothing",
        {
          method: "aws-cli",
          args: ["--method", "aws-cli", "--no-browser"],
          once: "with aws sso login",
          line: (_userCode: string) => "Waiting for aws sso login: the sign-in's approval",
        },
      ],
    ] as const)(
      "%s: then a plain line every SSOENV_PROGRESS_INTERVAL, not before",
      async ([, { method, args, once, line }], { expect, skip }) => {
        if (method === "aws-cli" && skipWithoutAwsCliV2()) return skip();
        const w = worlds[method];
        const env: NodeJS.ProcessEnv =
          method === "aws-cli"
            ? {
                SSOENV_AWS_CLI: AWS_CLI_V2,
                AWS_DATA_PATH: await w.emulator.writeAwsCliDataPath(join(w.home, "aws-data")),
                LANG: "C.UTF-8",
              }
            : {};
        let stderr = "";
        let startedAt = 0;
        let lineAt = 0;
        let saidAgain: () => void = () => {};
        const said = new Promise<void>((resolve) => {
          saidAgain = resolve;
        });
        const running = w.run(["login", "--profile", "dev", ...args], {
          env: { ...env, SSOENV_PROGRESS_INTERVAL: "1s" },
          onSpawn: (child) => {
            startedAt = performance.now();
            child.stderr?.on("data", (chunk: Buffer) => {
              stderr += chunk.toString();
              if (!lineAt && /, \d+ s\n/.test(stderr)) {
                lineAt = performance.now();
                saidAgain();
              }
            });
          },
        });
        const { userCode } = await w.emulator.waitForAuthorization({ timeoutMs: 60_000 });
        // Approved once it said so again (so the line came while it waited), or after 30 s without
        // it (then the checks below fail).
        await Promise.race([said, new Promise((resolve) => setTimeout(resolve, 30_000))]);
        // The code to enter was shown while it waited (a person reads it from a CI log or a mise
        // task's piped output), not only once the login ended.
        const shownBeforeApproval = stderr;
        w.emulator.approve(userCode);
        const result = await running;
        expect(result.exitCode, result.stderr).toBe(0);
        const seconds = new RegExp(`^${line(userCode)}, (\\d+) s$`, "m").exec(result.stderr)?.[1];
        expect(seconds, result.stderr).toBeDefined();
        // After the interval set (1 s), not the default 10 s, and not before: it counts at least 1 s,
        // and came at least 1 s after the start.
        expect(Number(seconds)).toBeGreaterThanOrEqual(1);
        expect(Number(seconds)).toBeLessThan(10);
        expect(lineAt - startedAt).toBeGreaterThanOrEqual(1_000);
        expect(result.stderr.split(once)).toHaveLength(2);
        expect(shownBeforeApproval).toContain(userCode);
        // Plain lines, no spinner's frames or cursor moves.
        expect(result.stderr).not.toContain("\u001b");
        expect(result.stderr).not.toContain("\r");
      },
    );
  });

  it("a start URL IAM Identity Center does not know is a config error naming the sso-session and the file, exit 2", async () => {
    // AWS answers StartDeviceAuthorization with a bare 400 InvalidRequestException (99designs/aws-vault#948,
    // #979): logging in again cannot help, the config must change.
    world = await startCliWorld();
    const config = await readFile(world.configPath, "utf8");
    await writeFile(
      world.configPath,
      config.replaceAll(world.emulator.startUrl, "https://typo.awsapps.com/start"),
    );
    const result = await world.run(["login", "--profile", "dev", "--use-device-code", "--no-browser"]);
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trimEnd().split("\n").slice(-2);
    expect(lines).toEqual([
      `ssoenv: IAM Identity Center (us-east-1) refused the start URL https://typo.awsapps.com/start of [sso-session corp] (SSO OIDC StartDeviceAuthorization: InvalidRequestException)`,
      `hint: check sso_start_url and sso_region of [sso-session corp] in ${world.configPath}: the URL of your AWS access portal, and the Region of its IAM Identity Center`,
    ]);
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });

  it("is used on --use-device-code, and BROWSER opens its verification URL", async () => {
    world = await startCliWorld();
    const result = await world.run(["login", "--profile", "dev", "--use-device-code"], {
      env: browserEnv(world),
    });
    expect(result.exitCode).toBe(0);
    const log = await browserLog(world);
    expect(String(log[0]?.opened)).toContain(`${world.emulator.url}/device`);
    expect(result.stderr).toMatch(/enter this code:\n {2}[A-Z]{4}-[A-Z]{4}\n/);
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });

  it("is used for a legacy profile without an sso-session, as the AWS CLI does", async () => {
    world = await startCliWorld();
    const result = await world.run(["login", "--profile", "legacy"], { env: browserEnv(world) });
    expect(result.exitCode).toBe(0);
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization).toBe(1);
  });
});
