import { execFile } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { beforeAll, describe, expect, it } from "vitest";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { awsConfig, CLI_BIN } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// AWS_PROFILE, AWS_DEFAULT_PROFILE and ssoenv's own settings, as a child of `exec` or a shell that
// evaluated `env` sees them: the JS SDK v3 prefers AWS_PROFILE to credentials in the environment.

const world = useCliWorld({ loggedIn: true });

/** The test workspace: a child `node` resolves @aws-sdk/client-sts from here. */
const TEST_DIR = fileURLToPath(new URL("..", import.meta.url));
const SDK_OWNER = fileURLToPath(new URL("../package.json", import.meta.url));
const OWN_SETTING = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
const SHOWN = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", OWN_SETTING, "AWS_ACCESS_KEY_ID", "AWS_REGION"];
const PRINT_ENV = `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(SHOWN)}.map((k) => [k, process.env[k] ?? null]))))`;
/** A JS SDK v3 program with the default credential chain: which account does it end up in? */
const JS_SDK_WHO_AM_I = `
  import { createRequire } from "node:module";
  const require = createRequire(${JSON.stringify(SDK_OWNER)});
  const { GetCallerIdentityCommand, STSClient } = require("@aws-sdk/client-sts");
  const sts = new STSClient({ region: "eu-west-1" });
  console.log((await sts.send(new GetCallerIdentityCommand({}))).Account);`;

async function accountOf(credentials: {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}) {
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: world.emulator.url,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    },
  });
  return (await sts.send(new GetCallerIdentityCommand({}))).Account;
}

describe("exec hands the child one set of credentials", () => {
  it("drops the parent's AWS_PROFILE and AWS_DEFAULT_PROFILE, and does not add ssoenv's own settings", async () => {
    const result = await world.run(["exec", "--profile", "dev", "--", process.execPath, "-e", PRINT_ENV], {
      env: { AWS_PROFILE: "stg", AWS_DEFAULT_PROFILE: "stg" },
    });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const seen = JSON.parse(result.stdout);
    expect(seen).toMatchObject({
      AWS_PROFILE: null,
      AWS_DEFAULT_PROFILE: null,
      [OWN_SETTING]: null,
      AWS_REGION: "eu-west-1",
    });
    expect(seen.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  });

  it("keeps ssoenv's settings that the parent had itself", async () => {
    const result = await world.run(["exec", "--profile", "dev", "--", process.execPath, "-e", PRINT_ENV], {
      env: { [OWN_SETTING]: "true" },
    });
    expect(JSON.parse(result.stdout)[OWN_SETTING]).toBe("true");
  });

  it("a JS SDK child uses the profile exec was given, not the parent's AWS_PROFILE", async () => {
    const result = await world.run(
      ["exec", "--profile", "dev", "--", process.execPath, "--input-type=module", "-e", JS_SDK_WHO_AM_I],
      { env: { AWS_PROFILE: "stg" }, cwd: TEST_DIR },
    );
    // (its stderr has the SDK's Node-version notice: the child did not inherit ssoenv's setting)
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("111111111111"); // dev's account; stg is 222222222222
  });
});

describe("env unsets AWS_PROFILE and AWS_DEFAULT_PROFILE", () => {
  it("sh: after eval in a shell that had AWS_PROFILE, a JS SDK program uses the printed credentials", async () => {
    const script = [
      "export AWS_PROFILE=stg AWS_DEFAULT_PROFILE=stg",
      `eval "$("${process.execPath}" -- "${CLI_BIN}" env --profile dev)"`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
      'echo "profile=${AWS_PROFILE-unset} default=${AWS_DEFAULT_PROFILE-unset}"',
      `"${process.execPath}" --input-type=module -e '${JS_SDK_WHO_AM_I.replaceAll("'", "'\\''")}'`,
    ].join("\n");
    const out = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
      execFile("sh", ["-c", script], { env: world.env, cwd: TEST_DIR }, (error, stdout, stderr) =>
        error ? reject(Object.assign(error, { stderr })) : resolve({ stdout, stderr }),
      ),
    );
    expect(out.stdout.split("\n")).toEqual(["profile=unset default=unset", "111111111111", ""]);
  });

  it.each([
    ["sh", "unset AWS_PROFILE AWS_DEFAULT_PROFILE\n"],
    ["fish", "set -e AWS_PROFILE;\nset -e AWS_DEFAULT_PROFILE;\n"],
    [
      "powershell",
      "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\nRemove-Item Env:AWS_DEFAULT_PROFILE -ErrorAction SilentlyContinue\n",
    ],
  ])("%s: the unset lines come first", async (format, unset) => {
    const result = await world.run(["env", "--profile", "dev", "--format", format]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith(unset)).toBe(true);
  });
});

describe("AWS_DEFAULT_PROFILE is honoured below AWS_PROFILE", () => {
  const statusOf = async (env: NodeJS.ProcessEnv) => {
    const result = await world.run(["status", "--json"], { env });
    expect(result.exitCode, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { profile: string; accountId: string };
  };

  it("status picks AWS_DEFAULT_PROFILE alone, and AWS_PROFILE over it", async () => {
    expect(await statusOf({ AWS_DEFAULT_PROFILE: "stg" })).toMatchObject({
      profile: "stg",
      accountId: "222222222222",
    });
    expect(await statusOf({ AWS_PROFILE: "dev", AWS_DEFAULT_PROFILE: "stg" })).toMatchObject({
      profile: "dev",
      accountId: "111111111111",
    });
  });

  it.skipIf(skipWithoutAwsCliV2())("the AWS CLI v2 picks the same profile", async () => {
    const accountFor = (env: NodeJS.ProcessEnv) =>
      new Promise<string>((resolve, reject) =>
        execFile(
          AWS_CLI_V2,
          ["configure", "get", "sso_account_id"],
          { env: { ...world.env, ...env } },
          (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
        ),
      );
    expect(await accountFor({ AWS_DEFAULT_PROFILE: "stg" })).toBe("222222222222");
    expect(await accountFor({ AWS_PROFILE: "dev", AWS_DEFAULT_PROFILE: "stg" })).toBe("111111111111");
  });
});

describe("credential-process without --profile finds the profile as every command does", () => {
  it("uses AWS_DEFAULT_PROFILE, then AWS_PROFILE over it, on the full path and on the cached fast path", async () => {
    const run = async (env: NodeJS.ProcessEnv) => {
      const result = await world.run(["credential-process"], { env });
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      return JSON.parse(result.stdout);
    };
    const stg = await run({ AWS_DEFAULT_PROFILE: "stg" });
    expect(await accountOf(stg)).toBe("222222222222");
    const dev = await run({ AWS_PROFILE: "dev", AWS_DEFAULT_PROFILE: "stg" });
    expect(await accountOf(dev)).toBe("111111111111");

    // Both are cached now: answered without SSO, each with its own profile's credentials.
    world.emulator.resetStats();
    expect((await run({ AWS_DEFAULT_PROFILE: "stg" })).AccessKeyId).toBe(stg.AccessKeyId);
    expect((await run({ AWS_PROFILE: "dev" })).AccessKeyId).toBe(dev.AccessKeyId);
    expect(world.emulator.stats().total).toBe(0);
  });

  it("takes ssoenv.toml's profile before the environment", async () => {
    const { mkdir, writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const cwd = join(world.project, "with-toml");
    await mkdir(cwd, { recursive: true });
    await writeFile(join(cwd, "ssoenv.toml"), 'profile = "stg"\n');
    const result = await world.run(["credential-process"], { cwd, env: { AWS_PROFILE: "dev" } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await accountOf(JSON.parse(result.stdout))).toBe("222222222222");
  });

  it.each([["status"], ["refresh"], ["credential-process"]])(
    "%s with no profile named anywhere says so, and the hint says how to name one of those there (exit 2)",
    async (command) => {
      const result = await world.run([command]);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain('Profile "default" not found');
      expect(result.stderr).toContain('"default" is the profile used when none is named');
      // The fix a newcomer needs is to name theirs, not to create a [profile default]. Of several
      // profiles none is picked for them to copy (dev, the first here, is an administrator role).
      expect(result.stderr).toMatch(
        /hint: name yours: --profile NAME \(or AWS_PROFILE=NAME, .*\), with a NAME from ssoenv profiles list; /,
      );
    },
  );

  it.each([["status"], ["refresh"], ["ensure"]])(
    "%s with no profile named and a [default] holding only a region (as `aws configure` writes it): the hint says how to name an SSO profile (exit 2)",
    async (command) => {
      const config = await readFile(world.configPath, "utf8");
      await writeFile(world.configPath, `[default]\nregion = eu-west-1\n\n${config}`);
      try {
        const result = await world.run([command]);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toContain('Profile "default" in ');
        expect(result.stderr).toContain('"default" is the profile used when none is named');
        // The fix is to name one of the SSO profiles there, not first to turn [default] into one.
        expect(result.stderr).toMatch(
          /hint: name yours: --profile NAME \(or AWS_PROFILE=NAME, .*\), with a NAME from ssoenv profiles list; /,
        );
      } finally {
        await writeFile(world.configPath, config);
      }
    },
  );

  // A leftover AWS_PROFILE from another project's shell is the first thing a newcomer meets: the fix is
  // to unset it, not to add the profile it names. Every command says where the name came from.
  it.each([["status"], ["refresh"], ["ensure"], ["env"], ["credential-process"], ["exec", "--", "true"]])(
    "%s with a leftover AWS_PROFILE naming no profile says it came from AWS_PROFILE (exit 2)",
    async (...args) => {
      const result = await world.run(args, { env: { AWS_PROFILE: "gone" } });
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain('Profile "gone" (from AWS_PROFILE) not found in ');
      expect(result.stderr).toContain("unset AWS_PROFILE or set it to a profile that exists");
    },
  );

  it("names the profile it looked for when there is none (exit 2)", async () => {
    const result = await world.run(["credential-process"]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('Profile "default" not found');
  });
});

describe("keys in the environment and no profile named", () => {
  // After `eval "$(ssoenv env --profile dev)"` a shell holds dev's keys and no AWS_PROFILE: every AWS
  // tool there uses those keys (the credential chain starts with the environment). A command that
  // then falls back to profile "default" (another role here) says so instead of swapping the identity.
  const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const keys = {
    AWS_ACCESS_KEY_ID: `ASIA${Array.from({ length: 16 }, () => base32[randomInt(32)]).join("")}`,
    AWS_SECRET_ACCESS_KEY: randomBytes(30).toString("base64"),
    AWS_SESSION_TOKEN: randomBytes(60).toString("base64"),
  };
  let config: string;
  beforeAll(async () => {
    config = join(world.home, "config-with-default");
    await writeFile(
      config,
      `${awsConfig(world.emulator)}\n[default]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n`,
    );
  });
  const WARNING = /AWS_ACCESS_KEY_ID.*AWS tools here use them.*profile "default".*--profile/;

  it.each([[["exec", "--", "true"]], [["env"]], [["ensure"]], [["status"]]])(
    "%j warns once, naming the variables, the profile used and --profile",
    async (args) => {
      const result = await world.run(args, { env: { AWS_CONFIG_FILE: config, ...keys } });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toMatch(WARNING);
      expect(result.stderr.match(/AWS tools here use them/g)).toHaveLength(1);
      for (const value of Object.values(keys)) expect(result.stderr + result.stdout).not.toContain(value);
    },
  );

  it("says nothing when the profile is named to ssoenv (--profile, SSOENV_PROFILE), or without keys in the environment", async () => {
    for (const [args, env] of [
      [["exec", "--profile", "dev", "--", "true"], { AWS_CONFIG_FILE: config, ...keys }],
      [["exec", "--", "true"], { AWS_CONFIG_FILE: config, ...keys, SSOENV_PROFILE: "dev" }],
      [["exec", "--", "true"], { AWS_CONFIG_FILE: config }],
      [["exec", "--", "true"], { AWS_CONFIG_FILE: config, AWS_PROFILE: "dev" }],
    ] as const) {
      const result = await world.run([...args], { env });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toBe("");
    }
  });
});

describe.skipIf(skipWithoutAwsCliV2())(
  "keys in the environment and AWS_PROFILE (or AWS_DEFAULT_PROFILE)",
  () => {
    // botocore skips the keys of the environment only for --profile: with AWS_PROFILE=dev beside stg's
    // keys, the AWS CLI and boto3 are stg, the JS SDK (and ssoenv) dev. The JS SDK does not read
    // AWS_DEFAULT_PROFILE at all: beside it, every tool but ssoenv is stg. ssoenv says which.
    it.each([
      [
        "AWS_PROFILE",
        "111111111111",
        'the AWS CLI and boto3 here use them before AWS_PROFILE (only the JS SDK takes the profile); ssoenv used profile "dev" from AWS_PROFILE: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION so that every tool here is dev',
      ],
      [
        "AWS_DEFAULT_PROFILE",
        "222222222222",
        'AWS tools here use them before AWS_DEFAULT_PROFILE (the JS SDK does not read it); ssoenv used profile "dev" from AWS_DEFAULT_PROFILE: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION and export AWS_PROFILE=dev so that every tool here is dev',
      ],
    ])(
      "%s=dev beside stg's keys: the AWS CLI is stg, the JS SDK %s, status is dev and says which tools use the keys",
      async (variable, jsSdkAccount, says) => {
        const printed = await world.run(["env", "--profile", "stg", "--format", "json"]);
        expect(printed.exitCode, printed.stderr).toBe(0);
        const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = JSON.parse(printed.stdout);
        const env = { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, [variable]: "dev" };
        const aws = await runAwsCli(world, ["sts", "get-caller-identity", "--region", "us-east-1"], env);
        expect(JSON.parse(aws.stdout).Account).toBe("222222222222");
        const jsSdk = await promisify(execFile)(
          process.execPath,
          ["--input-type=module", "-e", JS_SDK_WHO_AM_I],
          { env: { ...world.env, ...env }, cwd: TEST_DIR },
        );
        expect(jsSdk.stdout.trim()).toBe(jsSdkAccount);
        const warning = `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in this environment, and ${says}, or pass --profile to ssoenv to keep both`;
        const status = await world.run(["status", "--json"], { env });
        expect(JSON.parse(status.stdout)).toMatchObject({ accountId: "111111111111", warnings: [warning] });
        const ensure = await world.run(["ensure"], { env });
        expect(ensure.exitCode, ensure.stderr).toBe(0);
        expect(ensure.stderr.split("\n").filter((line) => line.includes("AWS_ACCESS_KEY_ID"))).toEqual([
          `warning: ${warning}`,
        ]);
        for (const value of [AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN]) {
          expect(status.stdout + status.stderr + ensure.stderr).not.toContain(value);
        }
      },
      120_000,
    );
  },
);

describe("ssoenv.toml's profile beside another AWS_PROFILE", () => {
  // A shell's AWS_PROFILE is how AWS users switch accounts; in a project whose ssoenv.toml names a
  // profile, ssoenv takes the file's (documented order), and exec and env drop AWS_PROFILE for the
  // child: `aws …` is dev there while `ssoenv exec -- aws …` is stg. ssoenv says which it used.
  let cwd: string;
  beforeAll(async () => {
    const { mkdir } = await import("node:fs/promises");
    cwd = join(world.project, "toml-stg");
    await mkdir(cwd, { recursive: true });
    await writeFile(join(cwd, "ssoenv.toml"), 'profile = "stg"\n');
  });

  it.each([[["exec", "--", "true"]], [["env"]], [["ensure"]], [["status"]]])(
    "%j with AWS_PROFILE=dev uses stg and says so once, naming the file and --profile dev",
    async (args) => {
      const result = await world.run(args, { cwd, env: { AWS_PROFILE: "dev" } });
      expect(result.exitCode, result.stderr).toBe(0);
      const said = `ssoenv used profile "stg" from ${join(cwd, "ssoenv.toml")}, not AWS_PROFILE=dev (ssoenv.toml's profile comes first): pass --profile dev to use dev`;
      expect(result.stderr.split(said)).toHaveLength(2);
    },
  );

  it("says nothing when AWS_PROFILE names the file's profile, or --profile names one", async () => {
    for (const [args, env] of [
      [["exec", "--", "true"], { AWS_PROFILE: "stg" }],
      [["exec", "--profile", "dev", "--", "true"], { AWS_PROFILE: "stg" }],
      [["exec", "--", "true"], {}],
    ] as const) {
      const result = await world.run([...args], { cwd, env });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toBe("");
    }
  });
});
