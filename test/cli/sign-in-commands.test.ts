import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { readSsoToken, tokenCachePath } from "@ssoenv/core";
import { signInRecordPath } from "@ssoenv/core/internal";
import { parse as parseDotenv } from "dotenv";
import { describe, expect, it, vi } from "vitest";
import { skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { CLI_BIN, type CliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// Each test runs the built CLI a few times; on a loaded machine a run takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const FAKE_BROWSER = fileURLToPath(new URL("./support/fake-browser.mjs", import.meta.url));
/** test/, where @aws-sdk/client-sts resolves for the child process. */
const TEST_DIR = fileURLToPath(new URL("..", import.meta.url));
const corp = (w: CliWorld) => ({ name: "dev", ssoSession: "corp", startUrl: w.emulator.startUrl });

const world = useCliWorld({ per: "test" });

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).map((name) => join(dir, name));
}

/**
 * The AWS SDK for JavaScript v3 in a child process with the world's HOME and endpoints, its default
 * credential chain reading the profile (SSO token cache and all): the account STS says, or a rejection.
 */
async function sdkCallerAccount(w: CliWorld, profile: string): Promise<string> {
  const script = `
    import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
    const sts = new STSClient({ profile: ${JSON.stringify(profile)}, region: "eu-west-1" });
    process.stdout.write((await sts.send(new GetCallerIdentityCommand({}))).Account ?? "");
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: TEST_DIR,
    env: w.env,
  });
  return stdout;
}

describe("ssoenv logout", () => {
  it("ends the sign-in at AWS and removes the token cache, credentials caches and sign-in record", async () => {
    expect((await world.run(["login", "--profile", "dev", "--method", "native"])).exitCode).toBe(0);
    // fill every cache: ssoenv's (credential-process) and, when it is here, the AWS CLI's
    expect((await world.run(["credential-process", "--profile", "dev"])).exitCode).toBe(0);
    const awsCli = !skipWithoutAwsCliV2();
    if (awsCli) {
      await runAwsCli(world, [
        "sts",
        "get-caller-identity",
        "--profile",
        "dev",
        "--endpoint-url",
        world.emulator.url,
      ]);
      expect(await filesUnder(join(world.home, ".aws", "cli", "cache"))).toHaveLength(1);
    }
    const token = await readSsoToken({ profile: corp(world), env: world.env });
    expect(await filesUnder(join(world.home, ".aws", "ssoenv", "credentials"))).toHaveLength(1);
    // the JS SDK's own SSO provider (the default chain) has the session before the logout
    await expect(sdkCallerAccount(world, "dev")).resolves.toBe("111111111111");

    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.stderr).toContain("corp: signed out at AWS");
    expect(result.exitCode).toBe(0);
    expect(world.emulator.stats().byOperation.Logout).toBe(1);
    expect(existsSync(tokenCachePath({ profile: corp(world), env: world.env }))).toBe(false);
    expect(existsSync(signInRecordPath({ profile: corp(world), env: world.env }))).toBe(false);
    expect(await filesUnder(join(world.home, ".aws", "ssoenv", "credentials"))).toEqual([]);
    if (awsCli) expect(await filesUnder(join(world.home, ".aws", "cli", "cache"))).toEqual([]);

    // no tool has a session afterwards: not ssoenv, not the AWS CLI, not the old tokens at AWS
    expect((await world.run(["credential-process", "--profile", "dev"])).exitCode).toBe(3);
    expect((await world.run(["status", "--profile", "stg"])).exitCode).toBe(3);
    const statusJson = await world.run(["status", "--profile", "stg", "--json"]);
    expect(statusJson.exitCode).toBe(3);
    expect(JSON.parse(statusJson.stdout)).toMatchObject({
      loggedIn: false,
      error: { code: "LOGIN_REQUIRED", hint: expect.stringMatching(/^ssoenv login --profile stg/) },
    });
    expect(JSON.parse(statusJson.stdout).error).not.toHaveProperty("exitCode");
    await expect(sdkCallerAccount(world, "dev")).rejects.toThrow(/SSO|token/i);
    if (awsCli) {
      await expect(
        runAwsCli(world, ["configure", "export-credentials", "--profile", "dev"]),
      ).rejects.toThrow();
    }
    const res = await fetch(
      `${world.emulator.url}/federation/credentials?account_id=111111111111&role_name=ReadOnly`,
      {
        headers: { "x-amz-sso_bearer_token": token?.accessToken ?? "" },
      },
    );
    expect(res.status).toBe(401);
  });

  it("says role credentials handed out before stay valid until they expire, which they do", async () => {
    await world.logIn();
    const handedOut = await world.run(["env", "--profile", "dev", "--format", "dotenv"]);
    expect(handedOut.exitCode).toBe(0);
    const result = await world.run(["logout", "--profile", "dev"]);
    expect(result.exitCode).toBe(0);
    // What was handed out, not what still hands out: logout stops the sign-in's ssoenv serve.
    expect(result.stderr).toContain(
      "Role credentials already handed out (fetched earlier from ssoenv serve, given to ssoenv exec's command, copied elsewhere) stay valid until they expire: signing out does not end them.",
    );
    // STS still accepts the keys written before the logout (a .env file's, say).
    const keys = parseDotenv(handedOut.stdout);
    const sts = new STSClient({
      region: "eu-west-1",
      endpoint: world.emulator.url,
      credentials: {
        accessKeyId: keys.AWS_ACCESS_KEY_ID ?? "",
        secretAccessKey: keys.AWS_SECRET_ACCESS_KEY ?? "",
        sessionToken: keys.AWS_SESSION_TOKEN ?? "",
      },
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Account: "111111111111",
    });
  });

  it("offline, removes what is local and says the server-side sign-out was not done (exit 1)", async () => {
    await world.logIn();
    const result = await world.run(["logout", "--sso-session", "corp"], {
      env: { AWS_ENDPOINT_URL_SSO: "http://127.0.0.1:9" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("the server-side sign-out was NOT done");
    expect(existsSync(tokenCachePath({ profile: corp(world), env: world.env }))).toBe(false);
    expect(world.emulator.stats().byOperation.Logout).toBeUndefined();
  });

  it("--all ends every sign-in (sso-sessions and legacy start URLs)", async () => {
    await world.logIn();
    expect((await world.run(["login", "--profile", "legacy"])).exitCode).toBe(0);
    const result = await world.run(["logout", "--all"]);
    expect(result.exitCode).toBe(0);
    expect(world.emulator.stats().byOperation.Logout).toBe(2);
    expect(await filesUnder(join(world.home, ".aws", "sso", "cache"))).toEqual([]);
    expect(await filesUnder(join(world.home, ".aws", "ssoenv", "sign-ins"))).toEqual([]);
  });

  it("with no target and no default profile, refuses (exit 2), touches nothing, and names --sso-session and --all", async () => {
    await world.logIn();
    const result = await world.run(["logout"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Profile "default" not found');
    expect(result.stderr).toContain("ssoenv logout --sso-session corp");
    expect(result.stderr).toContain("ssoenv logout --all");
    expect(existsSync(tokenCachePath({ profile: corp(world), env: world.env }))).toBe(true);
    expect(world.emulator.stats().byOperation.Logout).toBeUndefined();
  });

  it("with no target and a [default] holding only a region (as `aws configure` writes it), names the sign-ins to log out of", async () => {
    await world.logIn();
    await writeFile(
      world.configPath,
      `[default]\nregion = eu-west-1\n\n${await readFile(world.configPath, "utf8")}`,
    );
    const result = await world.run(["logout"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Profile "default"');
    // The fix is naming the sign-in, not turning [default] into an SSO profile.
    expect(result.stderr).not.toContain("aws configure sso");
    expect(result.stderr).toContain("ssoenv logout --sso-session corp");
    expect(result.stderr).toContain("ssoenv logout --all");
    expect(existsSync(tokenCachePath({ profile: corp(world), env: world.env }))).toBe(true);
    expect(world.emulator.stats().byOperation.Logout).toBeUndefined();
  });

  it("refuses an unknown sso-session, or two targets at once, with exit 2", async () => {
    const unknown = await world.run(["logout", "--sso-session", "nope"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("There is no [sso-session nope] in ");
    expect(unknown.stderr).toContain("corp");
    const both = await world.run(["logout", "--all", "--profile", "dev"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("Give only one of --profile, --sso-session and --all");
  });
});

describe("ssoenv sessions", () => {
  it("lists each sso-session with its start URL, sign-in end and profiles", async () => {
    expect((await world.run(["login", "--profile", "stg", "--method", "native"])).exitCode).toBe(0);
    const json = await world.run(["sessions", "--json"]);
    expect(json.exitCode).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({
        ssoSession: "corp",
        startUrl: world.emulator.startUrl,
        signedIn: true,
        profiles: ["dev", "stg"],
        signInEndsAt: expect.stringMatching(/^\d{4}-/),
      }),
      expect.objectContaining({
        ssoSession: null,
        signedIn: false,
        profiles: ["legacy"],
        signInEndsAt: null,
      }),
    ]);
    expect(json.stdout).not.toMatch(/accessToken|refreshToken|aoa|aor/);
    const text = await world.run(["sessions"]);
    expect(text.stdout).toMatch(
      /sso-session corp\n {2}start URL {2}\S+ \(us-east-1\)\n {2}sign-in {4}signed in until .+ left\)\n {2}profiles {3}dev, stg\n/,
    );
  });
});

describe("ssoenv sessions with a token cache file it cannot use", () => {
  it("says why it is not signed in, and the login that replaces the file", async () => {
    await world.logIn();
    const file = tokenCachePath({ profile: corp(world), env: world.env });
    await writeFile(file, '{"startUrl": "x", ');
    const text = await world.run(["sessions"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain(
      `  sign-in    not signed in: the SSO token cache file ${file} is unusable: it is not valid JSON (ssoenv login --sso-session corp replaces it)\n`,
    );
    const rows = JSON.parse((await world.run(["sessions", "--json"])).stdout) as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({
      ssoSession: "corp",
      signedIn: false,
      tokenCacheError: `The SSO token cache file ${file} is unusable: it is not valid JSON`,
    });
    expect(rows[1]).toMatchObject({ ssoSession: null, tokenCacheError: null });
  });

  // plugins/mise/lib/exec-ssoenv.sh sets these when it found ssoenv off PATH: the user's shell has no `ssoenv`.
  it("run by a mise task with ssoenv off PATH, the logins on stdout (text and --json) are the task's, as on stderr", async () => {
    await world.logIn();
    await writeFile(tokenCachePath({ profile: corp(world), env: world.env }), '{"startUrl": "x", ');
    const env = { SSOENV_LOGIN_COMMAND: "mise run aws:login", SSOENV_COMMAND: "/p/node_modules/.bin/ssoenv" };
    const sessions = await world.run(["sessions"], { env });
    expect(sessions.stdout).toContain("(mise run aws:login --sso-session corp replaces it)\n");
    const status = await world.run(["status", "--profile", "dev", "--json"], { env });
    expect(JSON.parse(status.stdout).error.hint).toContain(
      "mise run aws:login --profile dev   (or, with AWS CLI v2: aws sso login --profile dev)",
    );
    const refresh = await world.run(["refresh", "--profile", "dev", "--json"], { env });
    expect(JSON.parse(refresh.stdout).failed[0].error.hint).toContain(
      "mise run aws:login --profile dev   (or, with AWS CLI v2: aws sso login --profile dev)",
    );
    for (const result of [sessions, status, refresh]) expect(result.stdout).not.toMatch(/\bssoenv login\b/);
  });
});

describe("ssoenv sessions after a profiles sync", () => {
  it("shows the first 8 profiles of an sso-session and how many more; --json lists each", async () => {
    const original = await readFile(world.configPath, "utf8");
    const generated = Array.from(
      { length: 30 },
      (_, i) =>
        `[profile gen-${i}]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = R${i}\n`,
    ).join("\n");
    await writeFile(world.configPath, `${original}\n${generated}`);
    const text = await world.run(["sessions"]);
    expect(text.stdout).toContain(
      "\n  profiles   dev, stg, gen-0, gen-1, gen-2, gen-3, gen-4 and 25 more (ssoenv profiles list; --json lists each)\n",
    );
    const rows = JSON.parse((await world.run(["sessions", "--json"])).stdout) as { profiles: string[] }[];
    expect(rows[0]?.profiles).toHaveLength(32);
  });
});

describe("ssoenv console", () => {
  it("--url prints a federation sign-in URL that signs the browser in as the profile's role", async () => {
    await world.logIn();
    const destination = "https://console.aws.amazon.com/s3/home";
    const result = await world.run(["console", "--profile", "dev", "--url", "--destination", destination]);
    expect(result.exitCode).toBe(0);
    const url = new URL(result.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe(`${world.emulator.url}/federation`);
    expect(url.searchParams.get("Action")).toBe("login");
    expect(url.searchParams.get("Destination")).toBe(destination);
    // a bearer credential: never on stderr
    expect(result.stderr).not.toContain(url.searchParams.get("SigninToken"));
    expect(result.stderr).not.toContain("federation");
    const signIn = await fetch(url, { redirect: "manual" });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe(destination);
    expect(world.emulator.consoleSignIns()).toMatchObject([
      { accountId: "111111111111", roleName: "AdministratorAccess", destination },
    ]);
  });

  it("opens the console in BROWSER, in the profile's region, and never prints the URL", async () => {
    await world.logIn();
    const log = join(world.home, "browser.log");
    const result = await world.run(["console", "--profile", "dev"], {
      env: { BROWSER: FAKE_BROWSER, FAKE_BROWSER_LOG: log },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Opened the AWS console for profile dev");
    expect(result.stderr).not.toContain("SigninToken");
    // Until the browser has finished (its last line): it writes into the folder the test then deletes.
    await vi.waitFor(async () => expect(await readFile(log, "utf8")).toContain('{"done":true}'), {
      timeout: 20_000,
    });
    expect(world.emulator.consoleSignIns()).toHaveLength(1);
    expect(world.emulator.consoleSignIns()[0]?.destination).toBe(
      "https://console.aws.amazon.com/console/home?region=eu-west-1",
    );
  });

  it("opens in the region the AWS CLI gives the profile: AWS_REGION, else AWS_DEFAULT_REGION, else its region, else the sso_region", async () => {
    await world.logIn();
    const consoleRegion = async (profile: string, env: NodeJS.ProcessEnv) => {
      const result = await world.run(["console", "--profile", profile, "--url"], { env });
      expect(result.exitCode, result.stderr).toBe(0);
      return new URL(new URL(result.stdout.trim()).searchParams.get("Destination") ?? "").searchParams.get(
        "region",
      );
    };
    // dev's config has region = eu-west-1; stg has none.
    expect(
      await consoleRegion("dev", { AWS_REGION: "ap-northeast-1", AWS_DEFAULT_REGION: "us-west-2" }),
    ).toBe("ap-northeast-1");
    expect(await consoleRegion("dev", { AWS_DEFAULT_REGION: "us-west-2" })).toBe("us-west-2");
    expect(await consoleRegion("dev", {})).toBe("eu-west-1");
    expect(await consoleRegion("stg", {})).toBe(world.emulator.region);
  });

  it("where no browser can open, the hint's command, run as printed, gives the sign-in URL of the same profile and page", async () => {
    await world.logIn();
    const noBrowser = { BROWSER: "", DISPLAY: "", WAYLAND_DISPLAY: "" };
    const destination = "https://console.aws.amazon.com/s3/home";
    const refused = await world.run(["console", "--profile", "stg", "--destination", destination], {
      env: noBrowser,
    });
    expect(refused.exitCode).toBe(1);
    // The command, then a note in parentheses.
    const hint = /^hint: (ssoenv console [^(]*?) *(?:\(.*)?$/m.exec(refused.stderr)?.[1];
    expect(hint, refused.stderr).toBeDefined();
    // `ssoenv` as the user's shell runs it: the built binary, the hint's words as printed (the
    // emulator answers from this process: no spawnSync).
    const ssoenv = `ssoenv() { "${process.execPath}" -- "${CLI_BIN}" "$@"; }`;
    const followed = await promisify(execFile)("sh", ["-c", `${ssoenv}\n${hint}`], {
      cwd: world.project,
      env: { ...world.env, ...noBrowser },
    });
    const url = new URL(followed.stdout.trim());
    expect(url.searchParams.get("Destination")).toBe(destination);
    expect((await fetch(url, { redirect: "manual" })).status).toBe(302);
    expect(world.emulator.consoleSignIns()).toMatchObject([
      { accountId: "222222222222", roleName: "ReadOnly", destination },
    ]);
  });

  it("refuses a destination that is not an https URL with exit 2", async () => {
    await world.logIn();
    const result = await world.run([
      "console",
      "--profile",
      "dev",
      "--url",
      "--destination",
      "javascript:alert(1)",
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--destination");
  });

  it("a region of another partition than the sso_region's (AWS_REGION, the profile's region): exit 2 naming it, no console sign-in", async () => {
    await world.logIn();
    // The emulator's Identity Center is in the aws partition: its credentials work there only.
    expect(world.emulator.region).toMatch(/^(us|eu|ap)-/);
    const viaVariable = await world.run(["console", "--profile", "dev", "--url"], {
      env: { AWS_REGION: "cn-north-1" },
    });
    expect(viaVariable.exitCode, viaVariable.stderr).toBe(2);
    expect(viaVariable.stdout).toBe("");
    expect(viaVariable.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: AWS_REGION=cn-north-1 is a region of partition aws-cn, but profile dev signs in to partition aws (sso_region ${world.emulator.region}): AWS refuses its credentials in aws-cn`,
      `hint: unset AWS_REGION, or set it to a region of aws such as ${world.emulator.region}`,
    ]);

    await writeFile(
      world.configPath,
      `${await readFile(world.configPath, "utf8")}\n[profile gov]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\nregion = us-gov-west-1\n`,
    );
    const viaProfile = await world.run(["console", "--profile", "gov", "--url"]);
    expect(viaProfile.exitCode, viaProfile.stderr).toBe(2);
    expect(viaProfile.stdout).toBe("");
    expect(viaProfile.stderr.trimEnd().split("\n")).toEqual([
      `ssoenv: region = us-gov-west-1 in [profile gov] of ${world.configPath} is a region of partition aws-us-gov, but the profile signs in to partition aws (sso_region ${world.emulator.region}): AWS refuses its credentials in aws-us-gov`,
      `hint: set region to a region of aws such as ${world.emulator.region}`,
    ]);
    expect(world.emulator.consoleSignIns()).toEqual([]);
  });

  it("a profile the config does not have is said before there is no browser: the hint's --url would fail on it", async () => {
    const result = await world.run(["console", "--profile", "nope"], {
      env: { BROWSER: "", DISPLAY: "", WAYLAND_DISPLAY: "" },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^ssoenv: Profile "nope" not found in /);
    expect(result.stderr).not.toContain("No browser");
  });

  it("refuses a bad destination with exit 2 before it looks for a browser or a session", async () => {
    // No session and no browser here: each would be its own error (exit 3, exit 1) if checked first.
    const result = await world.run(["console", "--profile", "dev", "--destination", "http://x"], {
      env: { BROWSER: "", DISPLAY: "", WAYLAND_DISPLAY: "" },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: --destination http://x is not an https URL",
      "hint: give a console URL, e.g. --destination https://console.aws.amazon.com/s3/home",
    ]);
  });
});
