import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, request } from "node:http";
import { type AddressInfo, createServer as createNetServer, type Socket } from "node:net";
import { join } from "node:path";
import { writeSsoToken } from "@ssoenv/core";
import { parse as parseDotenv } from "dotenv";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AS_NOBODY, canRunAsNobody, NOBODY_UID } from "../../packages/core/src/test-support/as-nobody.js";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { CLI_BIN, CLI_COMMAND, type CliWorld, startCliWorld } from "../cli/support/cli-world.js";
import { hasScript } from "../cli/support/has-script.js";
import { useCliWorld } from "../cli/support/use-cli-world.js";
import { findTool } from "../container/support/find-tool.js";
import { endpointOnlyEnv, runProgram, type ServeProcess, startServe } from "./support/serve-world.js";

interface Answer {
  status: number;
  body: string;
}

/** A GET with exactly the headers given (fetch would add or refuse some, such as Host). */
function get(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.once("error", reject);
    req.end();
  });
}

/** A sign-in that has ended: an expired access token without a refresh token. */
async function writeEndedSignIn(world: CliWorld): Promise<void> {
  const issued = world.emulator.issueToken();
  await writeSsoToken({
    profile: { ssoSession: "corp", startUrl: world.emulator.startUrl },
    env: world.env,
    token: {
      startUrl: world.emulator.startUrl,
      region: world.emulator.region,
      accessToken: issued.accessToken,
      expiresAt: new Date(Date.now() - 60_000),
    },
  });
}

beforeAll(() => {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`pnpm build\` first`);
});

describe("ssoenv serve: defences", () => {
  const world = useCliWorld({ loggedIn: true });
  let serve: ServeProcess;
  let secret: string;

  beforeAll(async () => {
    serve = await startServe(world, ["--profile", "dev"]);
    const ok = await get(serve.uri, { Authorization: serve.token });
    expect(ok.status).toBe(200);
    secret = (JSON.parse(ok.body) as { SecretAccessKey: string }).SecretAccessKey;
  });

  afterAll(async () => {
    serve?.child.kill("SIGTERM");
    await serve?.exited;
  });

  it("answers the container credentials shape with the token", async () => {
    const ok = await get(serve.uri, { Authorization: serve.token });
    const body = JSON.parse(ok.body) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual([
      "AccessKeyId",
      "AccountId",
      "Expiration",
      "SecretAccessKey",
      "Token",
    ]);
    expect(body.AccountId).toBe("111111111111");
    expect(body.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(new Date(body.Expiration as string).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it("uses a token of at least 128 random bits, different per server", async () => {
    expect(serve.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    const other = await startServe(world, ["--profile", "dev"], { envFile: "other.env" });
    try {
      expect(other.token).not.toBe(serve.token);
      expect(other.port).not.toBe(serve.port);
    } finally {
      other.child.kill("SIGTERM");
      await other.exited;
    }
  });

  it("refuses a request without the token, or with another, with 401 and no secret", async () => {
    const answers = [
      await get(serve.uri, {}),
      await get(serve.uri, { Authorization: `${serve.token}x` }),
      await get(serve.uri, { Authorization: serve.token.slice(0, -1) }),
      await get(serve.uri, { Authorization: "" }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).not.toContain(secret);
      expect(answer.body).not.toContain("AccessKeyId");
      expect(JSON.parse(answer.body)).toMatchObject({ Code: "Unauthorized" });
    }
  });

  it("refuses another Host (DNS rebinding) and any Origin (a browser) with 403, even with the token", async () => {
    const answers = [
      await get(serve.uri, { Authorization: serve.token, Host: `attacker.example:${serve.port}` }),
      await get(serve.uri, { Authorization: serve.token, Host: "127.0.0.1" }),
      await get(serve.uri, { Authorization: serve.token, Host: `127.0.0.1:${serve.port + 1}` }),
      await get(serve.uri, { Authorization: serve.token, Origin: "https://attacker.example" }),
      await get(serve.uri, { Authorization: serve.token, Origin: "null" }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain(secret);
      expect(answer.body).not.toContain(serve.token);
    }
  });

  it("serves only the profiles it was started with", async () => {
    const answer = await get(serve.uri.replace(/dev$/, "stg"), { Authorization: serve.token });
    expect(answer.status).toBe(404);
    expect(answer.body).toContain("--profile stg");
  });

  it("listens on 127.0.0.1 only and keeps its state file 0600 in a 0700 folder", async () => {
    expect(new URL(serve.uri).hostname).toBe("127.0.0.1");
    const dir = join(world.home, ".aws", "ssoenv", "serve");
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, `${serve.port}.json`))).mode & 0o777).toBe(0o600);
  });

  it("serves 100 concurrent requests with one upstream fetch", async () => {
    // A cold cache: the server starts while the sign-in has ended, then the user logs in.
    await writeEndedSignIn(world);
    const serve = await startServe(world, ["--profile", "dev"], { envFile: "concurrent.env" });
    try {
      expect((await get(serve.uri, { Authorization: serve.token })).status).toBe(403);
      await world.logIn();
      world.emulator.resetStats();
      // A slow GetRoleCredentials, so that every request arrives while the one fetch is under way.
      world.emulator.faults.add({
        operation: "GetRoleCredentials",
        kind: "latency",
        latencyMs: 300,
        times: 1,
      });
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => get(serve.uri, { Authorization: serve.token })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
      expect(new Set(answers.map((a) => a.body)).size).toBe(1);
      expect(world.emulator.stats().byOperation.GetRoleCredentials).toBe(1);
    } finally {
      serve.child.kill("SIGTERM");
      await serve.exited;
    }
  });

  it("logs the URL it serves the profile at, not a placeholder", () => {
    expect(serve.log()).toMatch(
      new RegExp(`ssoenv serve: serving dev at ${serve.uri.replaceAll(".", "\\.")} \\(pid \\d+\\)\n`),
    );
    expect(serve.log()).not.toContain("<profile>");
  });

  it("never logs the token or the credentials", () => {
    expect(serve.log()).toContain("serving dev");
    expect(serve.log()).not.toContain(serve.token);
    expect(serve.log()).not.toContain(secret);
  });
});

describe("ssoenv serve: one upstream fetch, rotation, sign-in, signals", () => {
  // Role credentials of 2 s: the server renews them halfway, so clients never hold dead ones.
  const world = useCliWorld({ emulator: { lifetimes: { roleCredentialsMs: 2_000 } } });
  const started: ServeProcess[] = [];

  afterEach(async () => {
    for (const serve of started.splice(0)) {
      serve.child.kill("SIGKILL");
      await serve.exited;
    }
  });

  it("rotates short role credentials before they run out: an SDK client keeps working", async () => {
    await world.logIn();
    const serve = await startServe(world, ["--profile", "dev"]);
    started.push(serve);
    world.emulator.resetStats();
    // One JS SDK client, two calls 2.5 s apart: the first credentials are expired at the emulator by
    // the second call, so it succeeds only with renewed ones.
    const script = `
      import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
      const client = new STSClient({});
      const keys = [];
      for (const wait of [0, 2500]) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        await client.send(new GetCallerIdentityCommand({}));
        keys.push((await client.config.credentials()).accessKeyId);
      }
      console.log(JSON.stringify(keys));`;
    const result = await runProgram(process.execPath, ["--input-type=module", "-e", script], {
      env: endpointOnlyEnv(world, serve),
    });
    expect(result.stderr).toBe("");
    const keys = JSON.parse(result.stdout) as string[];
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
    expect(world.emulator.stats().byOperation.GetRoleCredentials).toBeGreaterThanOrEqual(2);
  });

  it("when the sign-in has ended: an error naming the login command, one log line, then serves again after a login", async () => {
    await writeEndedSignIn(world);
    const serve = await startServe(world, ["--profile", "dev"]);
    started.push(serve);

    const direct = await get(serve.uri, { Authorization: serve.token });
    expect(direct.status).toBe(403);
    expect(JSON.parse(direct.body)).toMatchObject({ Code: "LoginRequired" });
    expect(direct.body).toContain("ssoenv login --profile dev");

    // boto3, the AWS CLI and terraform (Go SDK v2) show the message; the JS SDK's default chain says
    // only that no provider gave credentials (as the README tells). Side by side: botocore retries
    // three times, a second apart, the JS SDK four times.
    const jsScript = `
      import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
      try { await new STSClient({}).send(new GetCallerIdentityCommand({})); }
      catch (error) { console.log(error.name + ": " + error.message); }`;
    const botoScript = [
      "import boto3",
      "try:",
      "    boto3.Session().get_credentials()",
      "except Exception as e:",
      "    print(e)",
    ].join("\n");
    const terraform = findTool("terraform");
    const workdir = join(world.project, "tf-ended");
    await mkdir(workdir, { recursive: true });
    await writeFile(join(workdir, "main.tf"), 'terraform {\n  backend "s3" {}\n}\n');
    await writeFile(
      join(workdir, "backend.hcl"),
      `bucket = "b"\nkey = "k"\nregion = "us-east-1"\nskip_metadata_api_check = true\nendpoints = { s3 = "http://127.0.0.1:1", sts = "${world.emulator.url}" }\n`,
    );
    const [boto, js, cli, tf] = await Promise.all([
      runProgram("python3", ["-c", botoScript], { env: endpointOnlyEnv(world, serve) }),
      runProgram(process.execPath, ["--input-type=module", "-e", jsScript], {
        env: endpointOnlyEnv(world, serve),
      }),
      existsSync("/usr/bin/aws")
        ? runProgram("/usr/bin/aws", ["sts", "get-caller-identity", "--endpoint-url", world.emulator.url], {
            env: endpointOnlyEnv(world, serve),
          })
        : undefined,
      terraform
        ? runProgram(terraform, ["init", "-input=false", "-no-color", "-backend-config=backend.hcl"], {
            env: endpointOnlyEnv(world, serve, { TMPDIR: world.project, CHECKPOINT_DISABLE: "1" }),
            cwd: workdir,
          })
        : undefined,
    ]);
    expect(boto.stdout).toContain("ssoenv login --profile dev");
    expect(js.stdout.trim()).toBe("CredentialsProviderError: Could not load credentials from any providers");
    if (cli) {
      expect(cli.exitCode).not.toBe(0);
      expect(cli.stderr).toContain("ssoenv login --profile dev");
    }
    if (tf) {
      const output = (tf.stdout + tf.stderr).replace(/\s+/g, " ");
      expect(tf.exitCode).not.toBe(0);
      expect(output).toContain('LoginRequired: The SSO sign-in of profile "dev"');
      expect(output).toContain("ssoenv login --profile dev");
    }

    const lines = serve
      .log()
      .split("\n")
      .filter((line) => line.includes("LOGIN_REQUIRED"));
    expect(lines).toHaveLength(1);
    // The person watching the server reads the fix too, in words a user knows.
    expect(lines[0]).toContain(
      "; fix: ssoenv login --profile dev (or, with AWS CLI v2: aws sso login --profile dev)",
    );
    expect(lines[0]).toContain("ssoenv does not log in from here");

    await world.logIn();
    const again = await get(serve.uri, { Authorization: serve.token });
    expect(again.status).toBe(200);
    expect(serve.log()).toContain("serving credentials again");
  }, 120_000); // four clients side by side, each retrying: 14-30 s on a loaded 2-core machine

  it("after the sign-in has ended, an SDK's tries are answered without asking AWS again each time", async () => {
    // An expired access token whose refresh token AWS no longer takes: the sign-in has ended.
    await world.logIn({ expiresInMs: -60 * 60_000 });
    world.emulator.revokeTokens();
    world.emulator.resetStats();
    const serve = await startServe(world, ["--profile", "dev"]);
    started.push(serve);
    const direct = await get(serve.uri, { Authorization: serve.token });
    expect(JSON.parse(direct.body)).toMatchObject({ Code: "LoginRequired" });
    // The JS SDK's default chain asks 4 times, a second apart: each try was a CreateToken call.
    const script = `
      import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
      try { await new STSClient({}).send(new GetCallerIdentityCommand({})); }
      catch (error) { console.log(error.message); }`;
    const js = await runProgram(process.execPath, ["--input-type=module", "-e", script], {
      env: endpointOnlyEnv(world, serve),
    });
    expect(js.stdout.trim()).toBe("Could not load credentials from any providers");
    expect(world.emulator.stats().byOperation.CreateToken).toBe(1);
    // A login is picked up at once.
    await world.logIn();
    expect((await get(serve.uri, { Authorization: serve.token })).status).toBe(200);
  });

  it("exits 0 on SIGTERM and on SIGINT, and removes its state file", async () => {
    await world.logIn();
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const serve = await startServe(world, ["--profile", "dev"]);
      const stateFile = join(world.home, ".aws", "ssoenv", "serve", `${serve.port}.json`);
      expect(existsSync(stateFile)).toBe(true);
      serve.child.kill(signal);
      expect(await serve.exited).toEqual({ code: 0, signal: null });
      expect(existsSync(stateFile)).toBe(false);
      // It says what starts it again, as --stop does: its .env keeps an endpoint that answers nothing.
      expect(serve.log().trimEnd().split("\n").at(-1)).toMatch(
        /ssoenv serve: stopped, which served dev; run ssoenv serve --profile dev --env-file \S+\/\.env again: tools using its endpoint get no credentials until then$/,
      );
    }
  });

  it("stops at once (--stop) while a renewal waits on an AWS endpoint that does not answer", async () => {
    await world.logIn();
    // Accepts connections and never answers: the server's first fetch hangs there.
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const serve = await startServe(world, ["--profile", "dev"], { env: { AWS_ENDPOINT_URL_SSO: silentUrl } });
    try {
      await vi.waitFor(() => expect(sockets.size).toBeGreaterThan(0), { timeout: 20_000, interval: 50 });
      const stop = await world.run(["serve", "--stop", "--port", String(serve.port)]);
      expect(stop.stderr).toBe("");
      expect(stop.stdout).toContain(`stopped http://127.0.0.1:${serve.port}`);
      expect(stop.exitCode).toBe(0);
      expect(await serve.exited).toEqual({ code: 0, signal: null });
      // Nothing logged about the cancelled fetch after "stopped".
      expect(serve.log().trimEnd().split("\n").at(-1)).toMatch(/ssoenv serve: stopped, which served dev; /);
    } finally {
      serve.child.kill("SIGKILL");
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 60_000);

  it("refuses a profile that is not in ~/.aws/config: exit 2 with a one-line error", async () => {
    const result = await world.run(["serve", "--profile", "nope"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"nope"');
  });

  it("a second server on the same port says so", async () => {
    await world.logIn();
    const serve = await startServe(world, ["--profile", "dev"]);
    started.push(serve);
    const second = await world.run(["serve", "--profile", "dev", "--port", String(serve.port)]);
    expect(second.exitCode).toBe(2); // the --port given, before anything changed: a usage error
    expect(second.stderr).toContain(`an ssoenv serve already runs on port ${serve.port}`);
    expect(second.stderr).toContain(`pid ${serve.child.pid}`);
  });
});

describe.skipIf(!hasScript)("ssoenv serve in a terminal", () => {
  it("a --port another server holds is said before a login, not after the user signed in", async () => {
    const world = await startCliWorld();
    let first: ServeProcess | undefined;
    try {
      await world.logIn();
      first = await startServe(world, ["--profile", "dev"]);
      await writeEndedSignIn(world); // the second one, in a terminal, would log in first
      world.emulator.resetStats();
      const port = first.port;
      const result = await new Promise<{ code: number | null; text: string }>((resolve) => {
        const child = execFile(
          "script",
          ["-qec", `${CLI_COMMAND} serve --profile dev --port ${port}`, "/dev/null"],
          // Only a hang is cut short (the whole case took 6-18 s at load 20 on 2 cores).
          { env: { ...world.env, TERM: "xterm", NO_COLOR: "1" }, cwd: world.project, timeout: 120_000 },
          (error, stdout) => resolve({ code: error ? (error.code as number | null) : 0, text: stdout }),
        );
        // A login would wait minutes for a browser that never comes: it is stopped once it says so.
        let seen = "";
        child.stdout?.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes("Logging in")) child.kill();
        });
      });
      expect(result.text).not.toContain("Logging in");
      expect(result.text).toContain(`an ssoenv serve already runs on port ${port}`);
      expect(result.code).toBe(2);
      expect(world.emulator.stats().byOperation.CreateToken ?? 0).toBe(0);
    } finally {
      first?.child.kill("SIGKILL");
      await first?.exited;
      await world.stop();
    }
  }, 180_000);

  it("in CI (CI=true) starts serving without a login, as it does without a terminal", async () => {
    // A runner's pseudo-terminal has no one to approve a code: a login there waits minutes.
    const world = await startCliWorld({ approval: "manual" });
    try {
      await writeEndedSignIn(world);
      const text = await new Promise<string>((resolve) => {
        const child = execFile(
          "script",
          ["-qec", `${CLI_COMMAND} serve --profile dev`, "/dev/null"],
          {
            env: { ...world.env, CI: "true", TERM: "xterm", NO_COLOR: "1" },
            cwd: world.project,
            timeout: 60_000,
          },
          (_error, stdout) => resolve(stdout),
        );
        // Stopped once it serves, or once a login waits for its approval.
        let seen = "";
        child.stdout?.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          if (/ssoenv serve: serving |Waiting for approval|enter this code/.test(seen)) child.kill();
        });
      });
      expect(text).toContain("ssoenv serve: serving dev");
      expect(world.emulator.stats().byOperation.StartDeviceAuthorization ?? 0).toBe(0);
    } finally {
      await world.stop();
    }
  }, 120_000);
});

describe("ssoenv serve --env-file, --status, --stop", () => {
  const world = useCliWorld({ loggedIn: true });

  // Root is refused neither by a file's mode nor by its folder's: an immutable file (chattr +i) and
  // a read-only mount are what no write can change, and the system says so only when asked.
  it.skipIf(process.getuid?.() !== 0).for(["immutable file", "read-only file system"])(
    "an --env-file no write can change (%s) is refused before the server starts: exit 2, one line, no server",
    async (kind, ctx) => {
      const folder = await mkdtemp(join(world.project, "target-"));
      const envFile = join(folder, ".env");
      let undo: () => void;
      try {
        if (kind === "immutable file") {
          await writeFile(envFile, "KEEP=1\n");
          execFileSync("chattr", ["+i", envFile], { stdio: "ignore" });
          undo = () => execFileSync("chattr", ["-i", envFile]);
        } else {
          execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", folder], { stdio: "ignore" });
          undo = () => execFileSync("umount", [folder]);
        }
      } catch {
        return ctx.skip(`cannot make an ${kind} here (chattr +i needs ext4/xfs, mount a mount namespace)`);
      }
      try {
        const result = await world.run(["serve", "--profile", "dev", "--env-file", envFile, "--no-input"]);
        const lines = result.stderr.trimEnd().split("\n");
        expect(lines, result.stderr).toHaveLength(2);
        expect(lines[0]).toMatch(new RegExp(`^ssoenv: cannot write ${envFile}: .*(immutable|read-only)`));
        expect(lines[1]).toMatch(/^hint: /);
        expect(result.exitCode).toBe(2);
        const states = await readdir(join(world.home, ".aws", "ssoenv", "serve")).catch(() => []);
        expect(states).toEqual([]);
      } finally {
        undo();
        await rm(folder, { recursive: true, force: true });
      }
    },
  );

  afterAll(async () => {
    await world.run?.(["serve", "--stop"]);
  });

  it("--env-file writes the endpoint and removes static keys, keeping every other line", async () => {
    const envFile = join(world.project, ".env");
    const key = `ASIA${"Q".repeat(16)}`;
    await writeFile(
      envFile,
      `# app settings\nDATABASE_URL=postgres://localhost/app\nexport AWS_ACCESS_KEY_ID=${key}\nAWS_SECRET_ACCESS_KEY="s3cret"\n\nAWS_SESSION_TOKEN=tok # old\nAWS_CREDENTIAL_EXPIRATION=2020-01-01T00:00:00Z\nPORT=3000\n`,
      { mode: 0o644 },
    );
    await chmod(envFile, 0o644); // whatever the umask: a file others can read
    const serve = await startServe(world, ["--profile", "dev"]);
    try {
      // The token fetches keys: a file others can read is said, as refresh says it of keys.
      expect(serve.log()).toContain(`${envFile} is readable by other users (mode 644): chmod 600 ${envFile}`);
      expect((await stat(envFile)).mode & 0o777).toBe(0o644);
      const text = await readFile(envFile, "utf8");
      expect(text).toBe(
        `# app settings\nDATABASE_URL=postgres://localhost/app\n\nPORT=3000\nAWS_CONTAINER_CREDENTIALS_FULL_URI=${serve.uri}\nAWS_CONTAINER_AUTHORIZATION_TOKEN=${serve.token}\nAWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n`,
      );
      expect(serve.uri).toBe(`http://127.0.0.1:${serve.port}/profiles/dev`);

      const status = await world.run(["serve", "--status", "--json"]);
      expect(status.exitCode).toBe(0);
      expect(status.stdout).not.toContain(serve.token);
      const servers = (JSON.parse(status.stdout) as { servers: Array<Record<string, unknown>> }).servers;
      expect(servers).toEqual([
        expect.objectContaining({
          pid: serve.child.pid,
          port: serve.port,
          profiles: ["dev"],
          answering: true,
        }),
      ]);

      const stop = await world.run(["serve", "--stop"]);
      expect(stop.stdout).toContain(`stopped http://127.0.0.1:${serve.port}`);
      // The .env still names the stopped endpoint: say what brings it back.
      expect(stop.stdout).toContain(
        `which served dev; run ssoenv serve --profile dev --env-file ${envFile} again: tools using its endpoint get no credentials until then`,
      );
      expect(await serve.exited).toEqual({ code: 0, signal: null });
      const none = await world.run(["serve", "--status"]);
      expect(none.exitCode).toBe(1);
      expect(none.stdout).toContain("no ssoenv serve is running");
    } finally {
      serve.child.kill("SIGKILL");
    }
  });

  it("--env-file warns, as refresh does, when the file sets AWS_PROFILE (the JS SDK would use that profile), keeping the line", async () => {
    const envFile = join(world.project, "with-profile.env");
    await writeFile(envFile, "APP=1\nAWS_PROFILE=caf\u00e9\n", { mode: 0o600 });
    const serve = await startServe(world, ["--profile", "dev"], { envFile: "with-profile.env" });
    try {
      const warning = `${envFile} sets AWS_PROFILE="caf\u00e9": Node.js apps (the AWS SDK for JavaScript) reading it use that profile, not the endpoint written; remove that line from ${envFile}`;
      expect(serve.log()).toContain(warning);
      // Said before the server says it serves, with the other warnings about the file.
      expect(serve.log().indexOf(warning)).toBeLessThan(serve.log().indexOf("ssoenv serve: serving "));
      expect(parseDotenv(await readFile(envFile, "utf8")).AWS_PROFILE).toBe("caf\u00e9");
    } finally {
      serve.child.kill("SIGTERM");
      await serve.exited;
    }
  });

  it("--env-file for a profile without a region removes the region it wrote for the profile before, not one set by hand", async () => {
    await writeFile(join(world.project, "hand.env"), "AWS_REGION=us-west-2\n", { mode: 0o600 });
    for (const [profile, file] of [
      ["dev", "switched.env"],
      ["stg", "switched.env"],
      ["stg", "hand.env"],
    ]) {
      const serve = await startServe(world, ["--profile", profile as string], { envFile: file });
      serve.child.kill("SIGTERM");
      await serve.exited;
    }
    // stg has no region: eu-west-1 was dev's, which ssoenv wrote; the SDKs must not call it with stg's role.
    const switched = parseDotenv(await readFile(join(world.project, "switched.env"), "utf8"));
    expect(switched.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/\/profiles\/stg$/);
    expect(switched.AWS_REGION).toBeUndefined();
    expect(switched.AWS_DEFAULT_REGION).toBeUndefined();
    expect(parseDotenv(await readFile(join(world.project, "hand.env"), "utf8")).AWS_REGION).toBe("us-west-2");
  });

  it("refresh writing keys into a file serve pointed at the endpoint takes the endpoint and its token out", async () => {
    const envFile = join(world.project, "back-to-keys.env");
    await writeFile(envFile, "APP=1\n", { mode: 0o600 });
    const serve = await startServe(world, ["--profile", "dev"], { envFile: "back-to-keys.env" });
    serve.child.kill("SIGTERM");
    await serve.exited;
    const result = await world.run(["refresh", "--profile", "dev", "--env-file", envFile, "--no-input"]);
    expect(result.exitCode, result.stderr).toBe(0);
    // Names only: the values are secrets. Every SDK takes the keys over the endpoint, which would
    // stay unused, its token on disk, and the container entrypoint would pick endpoint mode for it.
    expect(Object.keys(parseDotenv(await readFile(envFile, "utf8")))).toEqual([
      "APP",
      "AWS_REGION",
      "AWS_DEFAULT_REGION",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_CREDENTIAL_EXPIRATION",
    ]);
  });

  it("without --env-file, says where a client finds the token (never printing it)", async () => {
    const child = spawn(process.execPath, ["--", CLI_BIN, "serve", "--profile", "dev", "--no-input"], {
      cwd: world.project,
      env: world.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await vi.waitFor(() => expect(stderr).toContain("Stop with Ctrl-C"), { timeout: 20_000, interval: 50 });
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]);
      const stateFile = join(world.home, ".aws", "ssoenv", "serve", `${port}.json`);
      const { token } = JSON.parse(await readFile(stateFile, "utf8")) as { token: string };
      expect(stderr).toContain(stateFile);
      expect(stderr).toContain("--env-file");
      expect(stderr).not.toContain(token);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("--stop says so when the server it signalled is still running, not that it was not signalled", async () => {
    // A recorded server whose process does not stop on SIGTERM: a shell that ignores it, named by a
    // status endpoint that answers with its pid and the recorded token.
    const stubborn = spawn("sh", ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    // SIGTERM sent before the trap is set would end it: wait until the shell says it ignores it.
    await new Promise<void>((resolve, reject) => {
      let out = "";
      stubborn.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("ready")) resolve();
      });
      stubborn.once("exit", () => reject(new Error("the stubborn shell exited before it was ready")));
    });
    const token = "t".repeat(43);
    const status = createServer((_, response) =>
      response.end(JSON.stringify({ pid: stubborn.pid, port: 0, profiles: ["dev"], startedAt: "" })),
    );
    await new Promise<void>((resolve) => status.listen(0, "127.0.0.1", resolve));
    const port = (status.address() as AddressInfo).port;
    try {
      const dir = join(world.home, ".aws", "ssoenv", "serve");
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(
        join(dir, `${port}.json`),
        JSON.stringify({
          pid: stubborn.pid,
          port,
          url: `http://127.0.0.1:${port}`,
          token,
          profiles: ["dev"],
        }),
        { mode: 0o600 },
      );
      const stop = await world.run(["serve", "--stop", "--port", String(port)]);
      expect(stop.stderr).toContain(`pid ${stubborn.pid}`);
      expect(stop.stderr).toContain("still running");
      expect(stop.stderr).not.toContain("not signalled");
      expect(stop.exitCode).toBe(1);
    } finally {
      stubborn.kill("SIGKILL");
      status.close();
    }
  }, 60_000);

  it('refresh with credentials = "endpoint" starts a background server, finds it again, restarts it when it died', async () => {
    await writeFile(
      join(world.project, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "api.env"\ncredentials = "endpoint"\n[[env_files]]\npath = "keys.env"\nprofile = "stg"\n',
    );
    const first = await world.run(["refresh"]);
    // Nothing to warn of; only, when it takes 10 s (a loaded machine), the lines a refresh without a
    // terminal prints while it waits (4-8.5 s for this refresh at load 16-19 here).
    expect(
      first.stderr
        .split("\n")
        .filter(
          (line) =>
            line &&
            !/^(getting credentials for [\w, -]+|starting the background ssoenv serve|writing \.env files: \d+\/\d+), \d+ s$/.test(
              line,
            ),
        ),
      first.stderr,
    ).toEqual([]);
    expect(first.exitCode).toBe(0);
    const { parse } = await import("dotenv");
    const api = parse(await readFile(join(world.project, "api.env"), "utf8"));
    expect(Object.keys(api).sort()).toEqual([
      "AWS_CONTAINER_AUTHORIZATION_TOKEN",
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_DEFAULT_REGION",
      "AWS_REGION",
    ]);
    // The other file still gets keys.
    expect(parse(await readFile(join(world.project, "keys.env"), "utf8")).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);

    const endpoint = {
      uri: api.AWS_CONTAINER_CREDENTIALS_FULL_URI as string,
      token: api.AWS_CONTAINER_AUTHORIZATION_TOKEN as string,
    };
    const ok = await get(endpoint.uri, { Authorization: endpoint.token });
    expect(ok.status).toBe(200);
    const status = JSON.parse((await world.run(["serve", "--status", "--json"])).stdout) as {
      servers: Array<{ pid: number; background: boolean }>;
    };
    expect(status.servers).toHaveLength(1);
    const pid = status.servers[0]?.pid as number;
    expect(status.servers[0]?.background).toBe(true);

    // Found again: no second server, the file unchanged.
    const second = await world.run(["refresh"]);
    expect(second.stdout).toMatch(/api\.env \(unchanged\)/);
    expect(
      (JSON.parse((await world.run(["serve", "--status", "--json"])).stdout) as { servers: unknown[] })
        .servers,
    ).toHaveLength(1);

    // Died: restarted on the same port with a new token (a token lives as long as its server, as
    // aws-vault's does: one that leaked does not come back with every start), the file rewritten.
    process.kill(pid, "SIGKILL");
    const third = await world.run(["refresh"]);
    expect(third.exitCode).toBe(0);
    expect(third.stdout).toMatch(/api\.env \(updated\)/);
    const died = endpoint.token;
    const rewritten = parse(await readFile(join(world.project, "api.env"), "utf8"));
    expect(rewritten.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe(endpoint.uri);
    endpoint.token = rewritten.AWS_CONTAINER_AUTHORIZATION_TOKEN as string;
    expect(endpoint.token).not.toBe(died);
    const stale = await get(endpoint.uri, { Authorization: died });
    expect(stale.status).toBe(401);
    // What the AWS CLI and boto3 print of it: where the current token is.
    expect(JSON.parse(stale.body).Message).toMatch(/ssoenv refresh/);
    const back = await get(endpoint.uri, { Authorization: endpoint.token });
    expect(back.status).toBe(200);
    const after = JSON.parse((await world.run(["serve", "--status", "--json"])).stdout) as {
      servers: Array<{ pid: number }>;
    };
    expect(after.servers.map((s) => s.pid)).not.toContain(pid);

    // A file asking for another profile: the server is restarted serving both, same endpoint.
    await writeFile(
      join(world.project, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "api.env"\ncredentials = "endpoint"\n[[env_files]]\npath = "stg.env"\nprofile = "stg"\ncredentials = "endpoint"\n',
    );
    expect((await world.run(["refresh"])).exitCode).toBe(0);
    const stg = parse(await readFile(join(world.project, "stg.env"), "utf8"));
    expect(stg.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe(endpoint.uri.replace(/dev$/, "stg"));
    expect((await get(endpoint.uri, { Authorization: endpoint.token })).status).toBe(200);
    expect(
      (await get(stg.AWS_CONTAINER_CREDENTIALS_FULL_URI as string, { Authorization: endpoint.token })).status,
    ).toBe(200);

    expect((await world.run(["serve", "--stop"])).exitCode).toBe(0);
    const mode = (await stat(join(world.home, ".aws", "ssoenv", "serve", "background.json"))).mode & 0o777;
    expect(mode).toBe(0o600);

    // Its port taken by another program meanwhile (another local user's, say): started on another
    // port with a new token, the files rewritten. The old token was sent to that program (by the
    // probe, and by every SDK client run meanwhile), so the new server must refuse it.
    const oldPort = Number(new URL(endpoint.uri).port);
    const heard = new Set<string>();
    const squatter = createServer((request, response) => {
      if (request.headers.authorization) heard.add(request.headers.authorization);
      response.end("not ssoenv");
    });
    await new Promise<void>((resolve) => squatter.listen(oldPort, "127.0.0.1", resolve));
    try {
      const moved = await world.run(["refresh"]);
      expect(moved.exitCode).toBe(0);
      const movedFile = parse(await readFile(join(world.project, "api.env"), "utf8"));
      const movedUri = movedFile.AWS_CONTAINER_CREDENTIALS_FULL_URI as string;
      const movedToken = movedFile.AWS_CONTAINER_AUTHORIZATION_TOKEN as string;
      expect(Number(new URL(movedUri).port)).not.toBe(oldPort);
      expect(movedToken).not.toBe(endpoint.token);
      expect(heard.has(movedToken)).toBe(false);
      expect((await get(movedUri, { Authorization: endpoint.token })).status).toBe(401);
      for (const token of heard) expect((await get(movedUri, { Authorization: token })).status).toBe(401);
      expect((await get(movedUri, { Authorization: movedToken })).status).toBe(200);
    } finally {
      squatter.close();
      await world.run(["serve", "--stop"]);
    }
  }, 120_000);

  it("refresh run in several projects at once starts one background server, serving every profile", async () => {
    const projects = ["a", "b", "c", "d"].map((name) => join(world.project, name));
    for (const [index, project] of projects.entries()) {
      await mkdir(project, { recursive: true });
      await writeFile(
        join(project, "ssoenv.toml"),
        `profile = "${index % 2 ? "stg" : "dev"}"\n[[env_files]]\npath = "api.env"\ncredentials = "endpoint"\n`,
      );
    }
    try {
      const results = await Promise.all(projects.map((cwd) => world.run(["refresh"], { cwd })));
      for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
      const status = JSON.parse((await world.run(["serve", "--status", "--json"])).stdout) as {
        servers: Array<{ port: number; profiles: string[]; background: boolean }>;
      };
      expect(status.servers).toHaveLength(1);
      expect(status.servers[0]?.profiles.sort()).toEqual(["dev", "stg"]);
      const { parse } = await import("dotenv");
      for (const project of projects) {
        const values = parse(await readFile(join(project, "api.env"), "utf8"));
        const uri = values.AWS_CONTAINER_CREDENTIALS_FULL_URI as string;
        expect(Number(new URL(uri).port)).toBe(status.servers[0]?.port);
        expect(
          (await get(uri, { Authorization: values.AWS_CONTAINER_AUTHORIZATION_TOKEN as string })).status,
        ).toBe(200);
      }
    } finally {
      await world.run(["serve", "--stop"]);
    }
  }, 120_000);
  it("refresh under another AWS_CONFIG_FILE (a relative one too) gets a server reading that file, not the first one's", async () => {
    // Two projects name profile "dev": one reads ~/.aws/config (dev = 111111111111), the other its own
    // config file, given relative to the project as the AWS CLI allows (dev = 222222222222 there).
    const home = join(world.project, "home-config");
    const own = join(world.project, "own-config");
    for (const project of [home, own]) {
      await mkdir(project, { recursive: true });
      await writeFile(
        join(project, "ssoenv.toml"),
        'profile = "dev"\n[[env_files]]\npath = "api.env"\ncredentials = "endpoint"\n',
      );
    }
    const config = await readFile(world.configPath, "utf8");
    await writeFile(
      join(own, "aws-config"),
      config
        .replace(/(\[profile dev\][^[]*)111111111111/, "$1222222222222")
        .replace(/(\[profile dev\][^[]*)AdministratorAccess/, "$1ReadOnly"),
    );
    const { parse } = await import("dotenv");
    const accountAt = async (project: string) => {
      const values = parse(await readFile(join(project, "api.env"), "utf8"));
      const answer = await get(values.AWS_CONTAINER_CREDENTIALS_FULL_URI as string, {
        Authorization: values.AWS_CONTAINER_AUTHORIZATION_TOKEN as string,
      });
      expect(answer.status, answer.body).toBe(200);
      return JSON.parse(answer.body).AccountId;
    };
    try {
      const first = await world.run(["refresh"], { cwd: home });
      expect(first.exitCode, first.stderr).toBe(0);
      const second = await world.run(["refresh"], { cwd: own, env: { AWS_CONFIG_FILE: "aws-config" } });
      expect(second.exitCode, second.stderr).toBe(0);
      expect(second.stdout).toContain("222222222222");
      expect(await accountAt(own)).toBe("222222222222");
      expect(await accountAt(home)).toBe("111111111111");
    } finally {
      await world.run(["serve", "--stop"]);
    }
  }, 120_000);
});

describe.skipIf(skipWithoutAwsCliV2())("ssoenv serve and a logout elsewhere", () => {
  it("stops handing out what the ended sign-in minted after aws sso logout, and serves the new sign-in's", async () => {
    const world = await startCliWorld();
    let serve: ServeProcess | undefined;
    try {
      await world.logIn();
      serve = await startServe(world, ["--profile", "dev"]);
      const before = await get(serve.uri, { Authorization: serve.token });
      expect(before.status).toBe(200);
      const { AccessKeyId } = JSON.parse(before.body) as { AccessKeyId: string };

      const dataPath = await world.emulator.writeAwsCliDataPath(join(world.home, "aws-data"));
      const logout = await runProgram(AWS_CLI_V2, ["sso", "logout"], {
        env: { ...world.env, AWS_DATA_PATH: dataPath, AWS_PAGER: "", LANG: "C.UTF-8" },
      });
      expect(logout.exitCode).toBe(0);

      const after = await get(serve.uri, { Authorization: serve.token });
      expect(after.status).toBe(403);
      expect(JSON.parse(after.body)).toMatchObject({ Code: "LoginRequired" });
      expect(after.body).not.toContain(AccessKeyId);

      await world.logIn();
      const again = await get(serve.uri, { Authorization: serve.token });
      expect(again.status).toBe(200);
      expect((JSON.parse(again.body) as { AccessKeyId: string }).AccessKeyId).not.toBe(AccessKeyId);
    } finally {
      serve?.child.kill("SIGKILL");
      await serve?.exited;
      await world.stop();
    }
  });
});

describe("ssoenv serve and another tool's renewal of the SSO token", () => {
  it("when another tool renews the SSO token, answers from memory while it fetches anew (AWS slow to answer)", async () => {
    const world = await startCliWorld();
    let serve: ServeProcess | undefined;
    try {
      await world.logIn();
      serve = await startServe(world, ["--profile", "dev"]);
      const before = await get(serve.uri, { Authorization: serve.token });
      const { AccessKeyId } = JSON.parse(before.body) as { AccessKeyId: string };
      // New access and refresh tokens in the cache, as the AWS CLI's hourly renewal writes them (AWS
      // answers a new refresh token each time), and the fetch that follows (the next GetRoleCredentials,
      // whenever it comes) takes 5 s.
      world.emulator.faults.add({
        operation: "GetRoleCredentials",
        kind: "latency",
        latencyMs: 5_000,
        times: 1,
      });
      await world.logIn();
      const during = await get(serve.uri, { Authorization: serve.token });
      expect(during.status).toBe(200);
      // Compared, not printed: a failure message would show the keys.
      const same = (JSON.parse(during.body) as { AccessKeyId: string }).AccessKeyId === AccessKeyId;
      expect(same, "answered with the credentials in memory").toBe(true);
      // Then the credentials of the tokens now in the cache.
      await vi.waitFor(
        async () => {
          const after = await get(serve?.uri as string, { Authorization: serve?.token as string });
          const renewed = (JSON.parse(after.body) as { AccessKeyId: string }).AccessKeyId !== AccessKeyId;
          expect(renewed, "credentials of the new tokens").toBe(true);
        },
        { timeout: 30_000, interval: 250 },
      );
    } finally {
      serve?.child.kill("SIGKILL");
      await serve?.exited;
      await world.stop();
    }
  });

  it("when another tool renews the SSO token and then AWS cannot be reached, keeps answering the credentials in memory", async () => {
    const world = await startCliWorld();
    let serve: ServeProcess | undefined;
    try {
      await world.logIn();
      serve = await startServe(world, ["--profile", "dev"]);
      const before = await get(serve.uri, { Authorization: serve.token });
      const { AccessKeyId } = JSON.parse(before.body) as { AccessKeyId: string };
      // Another tool renews the shared token (new access and refresh tokens), then the network goes:
      // every GetRoleCredentials of the fetch that follows loses its connection.
      await world.logIn();
      world.emulator.faults.add({ operation: "GetRoleCredentials", kind: "drop", times: 100 });
      expect((await get(serve.uri, { Authorization: serve.token })).status).toBe(200);
      await vi.waitFor(
        () => expect(serve?.log()).toContain("cannot renew credentials (ENDPOINT_UNREACHABLE)"),
        {
          timeout: 30_000,
          interval: 100,
        },
      );
      const after = await get(serve.uri, { Authorization: serve.token });
      expect(after.status, after.body.slice(0, 200)).toBe(200);
      // Compared, not printed: a failure message would show the keys.
      const same = (JSON.parse(after.body) as { AccessKeyId: string }).AccessKeyId === AccessKeyId;
      expect(same, "answered with the credentials in memory, valid for an hour").toBe(true);
      expect(serve.log()).toContain("serving the current ones until they expire");
    } finally {
      serve?.child.kill("SIGKILL");
      await serve?.exited;
      await world.stop();
    }
  });
});

/** Ports below this need privileges (Linux's default 1024; 0 in some containers: nothing to test). */
function unprivilegedPortStart(): number {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8").trim());
  } catch {
    return 1024;
  }
}
const asRoot = process.getuid?.() === 0;
const canDropRoot = canRunAsNobody("the privileged --port test");

describe.skipIf(unprivilegedPortStart() <= 80 || !canDropRoot)(
  "ssoenv serve --port this user may not bind",
  () => {
    const world = useCliWorld({ loggedIn: true });

    it("a privileged port: one line naming --port and the fix, exit 2 (not 'unexpected error')", async () => {
      const args = ["serve", "--profile", "dev", "--port", "80", "--no-input"];
      let result: { exitCode: number | null; stderr: string };
      if (asRoot) {
        // As root (CI) any port binds: run as nobody, the world's folder handed to it first.
        await runProgram("chown", ["-R", `${NOBODY_UID}:${NOBODY_UID}`, join(world.home, "..")], {
          env: process.env,
        });
        const [setpriv, ...asNobody] = AS_NOBODY;
        result = await runProgram(setpriv, [...asNobody, process.execPath, "--", CLI_BIN, ...args], {
          env: world.env,
          cwd: world.project,
        });
      } else {
        result = await world.run(args);
      }
      expect(result.stderr.trimEnd().split("\n")).toEqual([
        "ssoenv: port 80 on 127.0.0.1 needs privileges this user does not have",
        "hint: pick a --port from 1024 to 65535, or leave --port out for a free one",
      ]);
      expect(result.exitCode).toBe(2);
    });
  },
);
