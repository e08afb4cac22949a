import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { parse } from "dotenv";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { startServe } from "../serve/support/serve-world.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { runPython, skipWithoutBoto3 } from "./support/boto3.js";
import { CLI_BIN, CLI_COMMAND, shQuote } from "./support/cli-world.js";
import { hasScript } from "./support/has-script.js";
import { useCliWorld } from "./support/use-cli-world.js";

// A profile with role_arn + source_profile (two hops here, from the SSO profile dev), followed by every
// command through STS AssumeRole against the emulator, which checks each hop's signature.

const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";
const AUDITOR = "arn:aws:iam::333333333333:role/audit/Auditor";
const AUDITOR_ARN = "arn:aws:sts::333333333333:assumed-role/Auditor/hop-two";
const externalId = `ext-${randomBytes(6).toString("hex")}`;
const GUARDED = "arn:aws:iam::444444444444:role/Guarded";
const MFA = { serialNumber: "arn:aws:iam::111111111111:mfa/alice", tokenCode: "246810" };
// Two more roles behind MFA, each with its own device and code: a code typed for one fails the others.
const GUARDED_TWO = "arn:aws:iam::555555555555:role/GuardedTwo";
const MFA_TWO = { serialNumber: "arn:aws:iam::111111111111:mfa/bob", tokenCode: "135246" };
const GUARDED_THREE = "arn:aws:iam::666666666666:role/GuardedThree";
const MFA_THREE = { serialNumber: "arn:aws:iam::111111111111:mfa/carol", tokenCode: "975310" };

const world = useCliWorld({
  emulator: {
    roles: [
      { arn: DEPLOYER },
      { arn: AUDITOR, externalId },
      { arn: GUARDED, mfa: MFA },
      { arn: GUARDED_TWO, mfa: MFA_TWO },
      { arn: GUARDED_THREE, mfa: MFA_THREE },
    ],
  },
  loggedIn: true,
});
beforeAll(async () => {
  await appendFile(
    world.configPath,
    [
      "[profile deployer]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = dev",
      "role_session_name = hop-one",
      "",
      "[profile auditor]",
      `role_arn = ${AUDITOR}`,
      "source_profile = deployer",
      `external_id = ${externalId}`,
      "role_session_name = hop-two",
      "duration_seconds = 900",
      "region = ap-southeast-2",
      "",
      "[profile auditor-short]",
      `role_arn = ${AUDITOR}`,
      "source_profile = deployer",
      `external_id = ${externalId}`,
      "role_session_name = hop-short",
      "duration_seconds = 900",
      "",
      "[profile wrong-external-id]",
      `role_arn = ${AUDITOR}`,
      "source_profile = deployer",
      "external_id = not-the-one",
      "",
      "[profile loop-a]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = loop-b",
      "",
      "[profile loop-b]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = loop-a",
      "",
      "[profile orphan]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = nowhere",
      "",
      "[profile both-sources]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = dev",
      "credential_source = Environment",
      "",
      "[profile plain]",
      "region = us-east-1",
      "",
      "[profile plain-chain]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = plain",
      "",
      "[profile spaced-session]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = dev",
      "role_session_name = my session",
      "",
      "[profile guarded]",
      `role_arn = ${GUARDED}`,
      "source_profile = deployer",
      `mfa_serial = ${MFA.serialNumber}`,
      "",
      "[profile guarded-two]",
      `role_arn = ${GUARDED_TWO}`,
      "source_profile = deployer",
      `mfa_serial = ${MFA_TWO.serialNumber}`,
      "",
      "[profile guarded-three]",
      `role_arn = ${GUARDED_THREE}`,
      "source_profile = deployer",
      `mfa_serial = ${MFA_THREE.serialNumber}`,
      "",
      // over the legacy profile: AWS CLI 2.9 chains only from a legacy SSO profile (aws/aws-cli#7496)
      "[profile legacy-deployer]",
      `role_arn = ${DEPLOYER}`,
      "source_profile = legacy",
      "",
      "[profile legacy-auditor]",
      `role_arn = ${AUDITOR}`,
      "source_profile = legacy-deployer",
      `external_id = ${externalId}`,
      "role_session_name = hop-two",
      "duration_seconds = 900",
      "",
      "[profile auditor-process]",
      `credential_process = "${process.execPath}" -- "${CLI_BIN}" credential-process --profile auditor`,
      "region = us-east-1",
      "",
    ].join("\n"),
  );
});
beforeEach(() => {
  world.emulator.resetStats();
});

async function arnOf(keys: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) {
  const sts = new STSClient({ region: "us-east-1", endpoint: world.emulator.url, credentials: keys });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

const PRINT_KEYS = `console.log(JSON.stringify({ accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN, region: process.env.AWS_REGION, expiration: process.env.AWS_CREDENTIAL_EXPIRATION }))`;

describe("a two-hop role chain", () => {
  it("exec hands the command the last role's credentials and the chained profile's region", async () => {
    const result = await world.run([
      "exec",
      "--profile",
      "auditor",
      "--",
      process.execPath,
      "-e",
      PRINT_KEYS,
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const seen = JSON.parse(result.stdout);
    const { accessKeyId, secretAccessKey, sessionToken } = seen;
    expect(await arnOf({ accessKeyId, secretAccessKey, sessionToken })).toBe(AUDITOR_ARN);
    expect(seen.region).toBe("ap-southeast-2");
    // duration_seconds = 900 of the last hop
    expect(Date.parse(seen.expiration) - Date.now()).toBeLessThanOrEqual(900_000);
    expect(world.emulator.stats().byOperation).toMatchObject({ GetRoleCredentials: 1, AssumeRole: 2 });
  });

  it.skipIf(skipWithoutAwsCliV2())(
    "env: the AWS CLI v2 in a shell that evaluated it is the last role",
    async () => {
      const script = `eval "$(${CLI_COMMAND} env --profile auditor)" && "${AWS_CLI_V2}" sts get-caller-identity --endpoint-url "${world.emulator.url}"`;
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile("sh", ["-c", script], { env: { ...world.env, AWS_PAGER: "" } }, (error, out, err) =>
          error ? reject(new Error(err)) : resolve(out),
        ),
      );
      expect(JSON.parse(stdout).Arn).toBe(AUDITOR_ARN);
    },
  );

  it("refresh writes the last role's keys and both region names; its summary names the role's account", async () => {
    const cwd = join(world.project, "refresh-chain");
    await mkdir(cwd, { recursive: true });
    const result = await world.run(["refresh", "--profile", "auditor"], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain("333333333333");
    expect(result.stdout).toContain("Auditor");
    const values = parse(await readFile(join(cwd, ".env")));
    expect(values).toMatchObject({ AWS_REGION: "ap-southeast-2", AWS_DEFAULT_REGION: "ap-southeast-2" });
    for (const secret of [values.AWS_SECRET_ACCESS_KEY, values.AWS_SESSION_TOKEN]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
    expect(
      await arnOf({
        accessKeyId: values.AWS_ACCESS_KEY_ID ?? "",
        secretAccessKey: values.AWS_SECRET_ACCESS_KEY ?? "",
        sessionToken: values.AWS_SESSION_TOKEN ?? "",
      }),
    ).toBe(AUDITOR_ARN);
    if (!skipWithoutBoto3()) {
      const script = [
        "import boto3, os",
        "s = boto3.Session()",
        "print(s.region_name, s.client('sts', endpoint_url=os.environ['STS_URL']).get_caller_identity()['Arn'])",
      ].join("\n");
      const out = await runPython(script, { ...values, HOME: world.home, STS_URL: world.emulator.url });
      expect(out.trim()).toBe(`ap-southeast-2 ${AUDITOR_ARN}`);
    }
  });

  it("credential-process answers for the chain, then from its cache while the credentials last", async () => {
    const first = await world.run(["credential-process", "--profile", "auditor"]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toBe("");
    const json = JSON.parse(first.stdout);
    const keys = {
      accessKeyId: json.AccessKeyId,
      secretAccessKey: json.SecretAccessKey,
      sessionToken: json.SessionToken,
    };
    expect(await arnOf(keys)).toBe(AUDITOR_ARN);
    world.emulator.resetStats();
    const second = await world.run(["credential-process", "--profile", "auditor"]);
    expect(JSON.parse(second.stdout).AccessKeyId).toBe(json.AccessKeyId);
    expect(world.emulator.stats().total).toBe(0);
    // the root profile's own answer is its own, not the chain's
    const root = await world.run(["credential-process", "--profile", "dev"]);
    expect(JSON.parse(root.stdout).AccessKeyId).not.toBe(json.AccessKeyId);
  });

  it("credential-process does not serve chained credentials that end within 5 minutes", async () => {
    // STS dates the next ones on its clock: 11 minutes back, a 900 s role ends in 4 minutes.
    world.emulator.clock.advance(-11 * 60_000);
    try {
      const run = () => world.run(["credential-process", "--profile", "auditor-short"]);
      const short = JSON.parse((await run()).stdout);
      expect(Date.parse(short.Expiration) - Date.now()).toBeLessThan(5 * 60_000);
      world.emulator.resetStats();
      const next = JSON.parse((await run()).stdout);
      expect(next.AccessKeyId).not.toBe(short.AccessKeyId);
      expect(world.emulator.stats().byOperation.AssumeRole).toBe(2);
    } finally {
      world.emulator.clock.advance(11 * 60_000);
    }
  });

  it.skipIf(skipWithoutAwsCliV2())("the AWS CLI v2 uses it as a credential_process", async () => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        AWS_CLI_V2,
        ["sts", "get-caller-identity", "--profile", "auditor-process", "--endpoint-url", world.emulator.url],
        { env: { ...world.env, AWS_PAGER: "" } },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}\n${out}`)) : resolve(out)),
      ),
    );
    expect(JSON.parse(stdout).Arn).toBe(AUDITOR_ARN);
  });

  it("serve hands out the last role's credentials at its endpoint", async () => {
    const serve = await startServe(world, ["--profile", "auditor"], { envFile: "serve-chain.env" });
    try {
      const answer = await fetch(serve.uri, { headers: { Authorization: serve.token } });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { AccessKeyId: string; SecretAccessKey: string; Token: string };
      expect(
        await arnOf({
          accessKeyId: body.AccessKeyId,
          secretAccessKey: body.SecretAccessKey,
          sessionToken: body.Token,
        }),
      ).toBe(AUDITOR_ARN);
      const file = parse(await readFile(join(world.project, "serve-chain.env")));
      expect(file.AWS_DEFAULT_REGION).toBe("ap-southeast-2");
    } finally {
      serve.child.kill("SIGTERM");
      await serve.exited;
    }
  });

  it("ensure follows the chain to its last role: exit 0, and exit 1 when a hop is refused", async () => {
    const ok = await world.run(["ensure", "--profile", "auditor"]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(world.emulator.stats().byOperation).toMatchObject({ AssumeRole: 2 });
    // Checking only the SSO root would pass here: the chain's refused hop must fail ensure.
    const refused = await world.run(["ensure", "--profile", "wrong-external-id"]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("wrong-external-id");
  });

  it("status shows the chained profile, its account, role and identity", async () => {
    const result = await world.run(["status", "--profile", "auditor", "--json"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      profile: "auditor",
      loggedIn: true,
      accountId: "333333333333",
      roleName: "Auditor",
      arn: AUDITOR_ARN,
      region: "ap-southeast-2",
    });
  });
});

describe("a role chain that cannot work", () => {
  it("a wrong external_id: exit 1, one line naming the profile and the role", async () => {
    const result = await world.run(["exec", "--profile", "wrong-external-id", "--", "true"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('profile "wrong-external-id"');
    expect(result.stderr).toContain(AUDITOR);
    expect(result.stderr).toContain("is not authorized to perform: sts:AssumeRole");
    expect(result.stderr.trim().split("\n")).toHaveLength(2); // the error and its hint
  });

  it.each([
    [
      "loop-a",
      "source_profile loop: loop-a -> loop-b -> loop-a",
      "change source_profile of [profile loop-b]",
    ],
    ["orphan", "source_profile = nowhere, which is not defined", "add a [profile nowhere] section"],
    // The AWS CLI: 'The profile "both-sources" contains both source_profile and credential_source.'
    ["both-sources", "has both source_profile and credential_source", "remove credential_source from"],
    [
      "plain-chain",
      'takes its role\'s source credentials from profile "plain" (source_profile), which is not an SSO profile',
      "point source_profile of [profile plain-chain]",
    ],
    // STS's pattern for RoleSessionName: checked before any call, as duration_seconds is.
    ["spaced-session", 'role_session_name = "my session" is not', "2 to 64 letters, digits or"],
  ])(
    "%s: exit 2 with one line naming the file and the profile, for every command",
    async (name, said, fix) => {
      for (const args of [
        ["exec", "--profile", name, "--", "true"],
        ["env", "--profile", name],
        ["refresh", "--profile", name, "--env-file", join(world.project, `${name}.env`)],
        ["credential-process", "--profile", name],
      ]) {
        const result = await world.run(args);
        expect(result.exitCode, args.join(" ")).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toContain(said);
        expect(result.stderr).toContain(fix);
        expect(result.stderr).toContain(world.configPath);
      }
      expect(world.emulator.stats().total).toBe(0);
    },
  );
});

describe("a role chain shares the sign-in of its root", () => {
  it("refresh over the root and the chain: one message without a terminal; `login --profile <chained>` signs in the root once", async () => {
    // log out locally: no token cached for the sso-session
    const cache = join(world.home, ".aws", "sso", "cache");
    for (const name of await readdir(cache)) if (name.endsWith(".json")) await rm(join(cache, name));
    const cwd = join(world.project, "root-and-chain");
    await mkdir(cwd, { recursive: true });
    await writeFile(
      join(cwd, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "root.env"\n[[env_files]]\npath = "chain.env"\nprofile = "auditor"\n',
    );
    const refused = await world.run(["refresh"], { cwd });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain("profiles dev, auditor share this sign-in");
    expect(refused.stderr.match(/ssoenv login --profile dev/g)).toHaveLength(1);

    const login = await world.run(["login", "--profile", "auditor", "--method", "native"]);
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stderr).toContain("Logged in: profile dev");
    world.emulator.resetStats();
    const refreshed = await world.run(["refresh"], { cwd });
    expect(refreshed.exitCode, refreshed.stderr).toBe(0);
    expect(parse(await readFile(join(cwd, "chain.env"))).AWS_DEFAULT_REGION).toBe("ap-southeast-2");
    expect(world.emulator.stats().byOperation).toMatchObject({ GetRoleCredentials: 2, AssumeRole: 2 });
    expect(world.emulator.stats().byOperation.CreateToken).toBeUndefined();
  });
});

describe("logout of a role chain's root", () => {
  it("removes the chain's cached role credentials too, not only the SSO profiles'", async () => {
    await world.logIn();
    for (const profile of ["dev", "deployer", "auditor"]) {
      const answer = await world.run(["credential-process", "--profile", profile]);
      expect(answer.exitCode, answer.stderr).toBe(0);
    }
    const cached = join(world.home, ".aws", "ssoenv", "credentials");
    expect((await readdir(cached)).length).toBeGreaterThanOrEqual(3); // with earlier tests' answers
    const logout = await world.run(["logout", "--profile", "dev"]);
    expect(logout.exitCode, logout.stderr).toBe(0);
    // the chains' keys (valid at AWS for up to an hour) were left on disk
    expect(await readdir(cached)).toEqual([]);
  });

  it.skipIf(skipWithoutAwsCliV2())(
    "removes the AssumeRole credentials the AWS CLI v2 cached for the chains: aws --profile <chain> needs a login again",
    async () => {
      await world.logIn({ legacy: true });
      const awsCache = join(world.home, ".aws", "cli", "cache");
      await rm(awsCache, { recursive: true, force: true });
      const callerArn = async () =>
        JSON.parse(
          (
            await runAwsCli(world, [
              "sts",
              "get-caller-identity",
              "--profile",
              "legacy-auditor",
              "--region",
              "us-east-1",
              "--output",
              "json",
            ])
          ).stdout,
        ).Arn;
      expect(await callerArn()).toBe("arn:aws:sts::333333333333:assumed-role/Auditor/hop-two");
      // one file per AssumeRole (botocore caches no SSO credentials fetched as a chain's source)
      expect(await readdir(awsCache)).toHaveLength(2);

      const logout = await world.run(["logout", "--profile", "legacy"]);
      expect(logout.exitCode, logout.stderr).toBe(0);
      expect(logout.stderr).toContain("the AWS CLI's cached role credentials for 2 roles");
      expect(await readdir(awsCache)).toEqual([]);
      // before: the AWS CLI answered from its cache for up to an hour after the logout
      await expect(callerArn()).rejects.toThrow(/Token for .* does not exist/);
    },
  );
});

// [default] and [profile default] are both the default profile to the AWS CLI and the SDKs.
describe("a role chain in the default profile", () => {
  const chainWorld = useCliWorld({ emulator: { roles: [{ arn: DEPLOYER }] }, loggedIn: true, per: "test" });

  it.for(["[default]", "[profile default]"])(
    "STS refusing the role: the hint names the section as the file has it (%s)",
    async (header) => {
      await appendFile(
        chainWorld.configPath,
        `${header}\nrole_arn = arn:aws:iam::222222222222:role/NotThere\nsource_profile = dev\n`,
      );
      const result = await chainWorld.run(["env", "--profile", "default"]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        `hint: check role_arn (and whether the role needs external_id) of ${header}, or ask the role's owner to trust your source role`,
      );
    },
  );
});

// The AWS CLI asks "Enter MFA code for <mfa_serial>: " and passes SerialNumber and TokenCode to
// AssumeRole; the emulator's role here trusts only a call with its device's code.
describe("a role chain whose role needs MFA (mfa_serial)", () => {
  beforeAll(async () => {
    // earlier cases log out
    await world.logIn();
  });

  it.each([
    ["exec", "--profile", "guarded", "--", "true"],
    ["env", "--profile", "guarded"],
    ["credential-process", "--profile", "guarded"],
  ])(
    "without a terminal, %s fails at once: exit 2, one line naming the profile and mfa_serial",
    async (...args) => {
      const result = await world.run(args);
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stdout).toBe("");
      // credential-process says it on one line, its hint in brackets; the others on two
      const lines = result.stderr.trim().split("\n");
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(lines[0]).toContain(
        `ssoenv: Profile "guarded" has mfa_serial = ${MFA.serialNumber}: STS wants the code your MFA device shows, and there is no terminal to ask for it`,
      );
      expect(result.stderr).toContain("ssoenv exec --profile guarded");
      // the hop before it was assumed, not the one that needs the code
      expect(world.emulator.stats().byOperation.AssumeRole ?? 0).toBeLessThanOrEqual(1);
    },
  );

  it("serve refuses it before it starts: a server has no one to type the code each renewal needs", async () => {
    const result = await world.run(["serve", "--profile", "guarded"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      `ssoenv: ssoenv serve cannot serve profile "guarded": its role wants an MFA code (mfa_serial = ${MFA.serialNumber} of [profile guarded] in ${world.configPath}) each time its credentials are renewed, and a server has no one to type it`,
    );
    expect(world.emulator.stats().total).toBe(0);
  });

  /** `ssoenv exec --profile guarded` on a terminal, typing `code` at the MFA prompt. */
  async function execTyping(code: string): Promise<{ code: number | null; text: string }> {
    const child = spawn(
      "script",
      [
        "-qec",
        `${CLI_COMMAND} exec --profile guarded -- ${shQuote(process.execPath)} -e 'console.log("KEY", process.env.AWS_ACCESS_KEY_ID)'`,
        "/dev/null",
      ],
      { env: { ...world.env, TERM: "xterm", NO_COLOR: "1" }, cwd: world.project },
    );
    let text = "";
    const prompted = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes(`Enter MFA code for ${MFA.serialNumber}: `)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await prompted;
    child.stdin.write(`${code}\r`);
    return { code: await exited, text };
  }

  it.skipIf(!hasScript)(
    "in a terminal, asks for the code as the AWS CLI does and assumes the role with it; a wrong code is STS's no",
    async () => {
      const done = await execTyping(MFA.tokenCode);
      expect(done.code, done.text).toBe(0);
      expect(done.text).toMatch(/KEY ASIA/);
      expect(world.emulator.stats().byOperation).toMatchObject({ AssumeRole: 2 });
      const wrong = await execTyping("135791");
      expect(wrong.code, wrong.text).toBe(1);
      expect(wrong.text).toContain(
        `STS refused the MFA code for profile "guarded" in ${world.configPath}: MultiFactorAuthentication failed with invalid MFA one time pass code.`,
      );
      expect(wrong.text).not.toContain("KEY ");
    },
    60_000,
  );

  // ensureSessions gets the first profile of a sign-in alone, then the others in parallel: their
  // prompts must still come one at a time, or a code typed goes to whichever reader takes the line.
  it.skipIf(!hasScript)(
    "refresh of three profiles behind MFA asks for one code at a time, each profile's role gets its own",
    async () => {
      const cwd = join(world.project, "mfa-three");
      await mkdir(cwd, { recursive: true });
      const profiles = ["guarded", "guarded-two", "guarded-three"];
      await writeFile(
        join(cwd, "ssoenv.toml"),
        profiles.map((p) => `[[env_files]]\npath = "${p}.env"\nprofile = "${p}"\n`).join(""),
      );
      const codeOf = new Map([MFA, MFA_TWO, MFA_THREE].map((m) => [m.serialNumber, m.tokenCode]));
      const child = spawn("script", ["-qec", `${CLI_COMMAND} refresh`, "/dev/null"], {
        env: { ...world.env, TERM: "xterm", NO_COLOR: "1" },
        cwd,
      });
      let text = "";
      const prompts = () => [...text.matchAll(/Enter MFA code for (\S+): /g)].map((m) => m[1] as string);
      let seen: () => void = () => {};
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        seen();
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      const asked: string[] = [];
      while (asked.length < 3) {
        await Promise.race([
          new Promise<void>((resolve) => {
            seen = () => prompts().length > asked.length && resolve();
            seen();
          }),
          exited,
        ]);
        const shown = prompts();
        expect(shown.length, text).toBeGreaterThan(asked.length);
        // The first profile goes alone, then the other two at once, each assuming deployer (its source)
        // before its prompt. At the second prompt, wait until the third has its source credentials too
        // (AssumeRole 4: the first's two, a deployer each): only then would a second prompt at once show
        // (on a loaded machine, maybe seconds later). Then time for it to reach the terminal. At the
        // first and the last prompt no other profile can be asking: no wait there.
        if (asked.length === 1) {
          while ((world.emulator.stats().byOperation.AssumeRole ?? 0) < 4) {
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          await new Promise((resolve) => setTimeout(resolve, 1500));
        }
        expect(prompts(), text).toHaveLength(asked.length + 1);
        const serial = shown[asked.length] as string;
        asked.push(serial);
        child.stdin.write(`${codeOf.get(serial)}\r`);
      }
      expect(await exited, text).toBe(0);
      expect(asked.sort()).toEqual([MFA, MFA_TWO, MFA_THREE].map((m) => m.serialNumber).sort());
      // Each file holds its own role's keys: each AssumeRole got the code of its device.
      const roleOf = { guarded: "Guarded", "guarded-two": "GuardedTwo", "guarded-three": "GuardedThree" };
      for (const p of profiles) {
        const keys = parse(await readFile(join(cwd, `${p}.env`)));
        const arn = await arnOf({
          accessKeyId: keys.AWS_ACCESS_KEY_ID ?? "",
          secretAccessKey: keys.AWS_SECRET_ACCESS_KEY ?? "",
          sessionToken: keys.AWS_SESSION_TOKEN ?? "",
        });
        expect(arn, p).toMatch(new RegExp(`:assumed-role/${roleOf[p as keyof typeof roleOf]}/`));
      }
    },
    90_000,
  );
});
