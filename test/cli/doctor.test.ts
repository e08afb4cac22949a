import { execFileSync } from "node:child_process";
import { createHash, randomBytes, randomInt } from "node:crypto";
import { constants, existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signInRecordPath, writeSignInRecord } from "@ssoenv/core/internal";
import { describe, expect, it } from "vitest";
import { skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { awsConfig, startCliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

const world = useCliWorld({ per: "test" });

interface Finding {
  check: string;
  status: "ok" | "warn" | "fail";
  message: string;
  fix?: string;
}

// A doctor run starts every `aws` on PATH with --version (Python: 7 s each at load 20), 12-20 s in all on
// a loaded 2-core machine (load 17-26), so a case that runs doctor twice or more gets 120 s.
async function doctor(): Promise<{ exitCode: number | null; ok: boolean; findings: Finding[]; raw: string }> {
  const result = await world.run(["doctor", "--json"]);
  const parsed = JSON.parse(result.stdout) as { ok: boolean; findings: Finding[] };
  return { exitCode: result.exitCode, ...parsed, raw: result.stdout + result.stderr };
}

/** A long-lived key id generated at test time (never a committed literal). */
function fakeLongLivedKeyId(): string {
  const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return `AKIA${Array.from({ length: 16 }, () => base32[randomInt(32)]).join("")}`;
}

/** Whether `check()` comes true, asking every 20 ms for up to `ms` milliseconds. */
async function becomes(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 20) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/** Whether the process is gone within `ms` (it must be one that someone reaps). */
function exited(pid: number, ms: number): Promise<boolean> {
  return becomes(() => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }, ms);
}

describe("ssoenv doctor", () => {
  it("passes on a clean setup and checks every area", async () => {
    const report = await doctor();
    expect(report.exitCode).toBe(0);
    expect(report.ok).toBe(true);
    const checks = new Set(report.findings.map((finding) => finding.check));
    for (const check of ["aws-cli", "config", "profile", "long-lived-keys", "mise", "clock"])
      expect(checks).toContain(check);
    const profiles = report.findings.filter((finding) => finding.check === "profile");
    expect(profiles.map((p) => p.message.split(":")[0]).sort()).toEqual(["dev", "legacy", "stg"]);
    const clock = report.findings.find((finding) => finding.check === "clock");
    expect(clock?.status).toBe("ok");
  });

  it.each([
    { skewMs: 2 * 60_000, status: "warn" },
    { skewMs: -10 * 60_000, status: "fail" },
  ])("judges a clock $skewMs ms off AWS's as $status, with the fix", async ({ skewMs, status }) => {
    const skewed = await startCliWorld({ dateSkewMs: skewMs });
    try {
      const result = await skewed.run(["doctor", "--json"]);
      const report = JSON.parse(result.stdout) as { ok: boolean; findings: Finding[] };
      const clock = report.findings.find((finding) => finding.check === "clock");
      expect(clock?.status).toBe(status);
      // The Date header has whole seconds: allow one either way.
      const said = /clock (\d+) s (behind|ahead of) STS/.exec(clock?.message ?? "");
      expect(Math.abs(Number(said?.[1]) - Math.abs(skewMs) / 1000)).toBeLessThanOrEqual(1);
      expect(said?.[2]).toBe(skewMs > 0 ? "behind" : "ahead of");
      expect(clock?.fix).toContain("clock");
      expect(result.exitCode).toBe(status === "fail" ? 1 : 0);
    } finally {
      await skewed.stop();
    }
  });

  it("asks for the clock at the STS endpoint of the profile's region, where ssoenv's STS calls go", async () => {
    // AWS's own host (no AWS_ENDPOINT_URL_STS), through a proxy nobody answers at: the warning names it.
    const result = await world.run(["doctor", "--json"], {
      env: { AWS_PROFILE: "dev", AWS_ENDPOINT_URL_STS: "", HTTPS_PROXY: "http://127.0.0.1:9" },
    });
    const clock = (JSON.parse(result.stdout) as { findings: Finding[] }).findings.find(
      (f) => f.check === "clock",
    );
    expect(clock?.status).toBe("warn");
    expect(clock?.message).toContain(
      "STS (clock check) at https://sts.eu-west-1.amazonaws.com could not be reached",
    );
  }, 120_000);

  it("fails the clock by SSOENV_MAX_CLOCK_SKEW, the limit ssoenv's AWS calls use", async () => {
    const skewed = await startCliWorld({ dateSkewMs: 2 * 60_000 });
    try {
      const result = await skewed.run(["doctor", "--json"], { env: { SSOENV_MAX_CLOCK_SKEW: "90s" } });
      const report = JSON.parse(result.stdout) as { ok: boolean; findings: Finding[] };
      const clock = report.findings.find((finding) => finding.check === "clock");
      expect(clock?.status).toBe("fail");
      expect(result.exitCode).toBe(1);
      // and a value that is no duration is named, as every AWS call would refuse it
      const bad = await skewed.run(["doctor", "--json"], { env: { SSOENV_MAX_CLOCK_SKEW: "soon" } });
      const badClock = (JSON.parse(bad.stdout) as { findings: Finding[] }).findings.find(
        (f) => f.check === "clock",
      );
      expect(badClock?.status).toBe("fail");
      expect(badClock?.message).toContain('SSOENV_MAX_CLOCK_SKEW "soon" is not a duration');
    } finally {
      await skewed.stop();
    }
  }, 120_000); // two doctor runs, each starting the AWS CLI

  it("fails on a bad SSOENV_* variable that every AWS command refuses (exit 2), naming it and the fix", async () => {
    const env = { SSOENV_CONNECT_TIMEOUT: "5", SSOENV_NETWORK_BUDGET: "-1s", SSOENV_MIN_VALIDITY: "soon" };
    // What the user met first: a command that refuses the variable.
    await world.logIn();
    const status = await world.run(["status", "--profile", "dev"], { env });
    expect(status.exitCode).toBe(2);
    expect(status.stderr).toContain('SSOENV_CONNECT_TIMEOUT "5" has no unit');
    const result = await world.run(["doctor", "--json"], { env });
    const report = JSON.parse(result.stdout) as { ok: boolean; findings: Finding[] };
    expect(result.exitCode).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.check === "environment")).toEqual([
      {
        check: "environment",
        status: "fail",
        message: 'SSOENV_CONNECT_TIMEOUT "5" has no unit',
        fix: expect.stringContaining('set SSOENV_CONNECT_TIMEOUT to e.g. "500ms", "5s" or "1m"'),
      },
      {
        check: "environment",
        status: "fail",
        message: 'SSOENV_NETWORK_BUDGET "-1s" is negative',
        fix: expect.stringContaining("SSOENV_NETWORK_BUDGET"),
      },
      {
        check: "environment",
        status: "fail",
        message: 'SSOENV_MIN_VALIDITY "soon" is not a duration',
        fix: expect.stringContaining("1h30m"),
      },
    ]);
    // Valid values (or none) add no finding.
    const fine = await world.run(["doctor", "--json"], {
      env: { SSOENV_CONNECT_TIMEOUT: "3s", SSOENV_MIN_VALIDITY: "2h" },
    });
    const fineReport = JSON.parse(fine.stdout) as { findings: Finding[] };
    expect(fineReport.findings.filter((f) => f.check === "environment")).toEqual([]);
  }, 120_000); // three runs, two of them doctor starting the AWS CLI

  it("fails on an AWS_MAX_ATTEMPTS that is no number, which the AWS CLI and every ssoenv call to AWS refuse", async () => {
    const env = { AWS_MAX_ATTEMPTS: "three" };
    await world.logIn();
    const keys = await world.run(["env", "--profile", "dev"], { env });
    expect(keys.exitCode).toBe(2);
    expect(keys.stderr).toContain('AWS_MAX_ATTEMPTS "three" is not a whole number of at least 1');
    const result = await world.run(["doctor", "--json"], { env });
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(result.exitCode).toBe(1);
    expect(report.findings.filter((f) => f.check === "environment")).toEqual([
      {
        check: "environment",
        status: "fail",
        message: 'AWS_MAX_ATTEMPTS "three" is not a whole number of at least 1',
        fix: "set it to the attempts each AWS call makes, e.g. AWS_MAX_ATTEMPTS=5, or unset it",
      },
    ]);
  }, 120_000);

  it("fails when AWS_PROFILE names a profile the config does not have, which every command refuses (exit 2)", async () => {
    const status = await world.run(["status"], { env: { AWS_PROFILE: "nosuch" } });
    expect(status.exitCode).toBe(2);
    const result = await world.run(["doctor", "--json"], { env: { AWS_PROFILE: "nosuch" } });
    const report = JSON.parse(result.stdout) as { ok: boolean; findings: Finding[] };
    expect(report.findings.filter((f) => f.check === "environment")).toEqual([
      {
        check: "environment",
        status: "fail",
        message: `Profile "nosuch" (from AWS_PROFILE) not found in ${world.configPath} (profiles there: dev, stg, legacy)`,
        fix: expect.stringMatching(/^unset AWS_PROFILE or set it to a profile that exists/),
      },
    ]);
    expect(result.exitCode).toBe(1);
    // A profile that exists adds no finding.
    const fine = await world.run(["doctor", "--json"], { env: { SSOENV_PROFILE: "stg" } });
    expect(
      (JSON.parse(fine.stdout) as { findings: Finding[] }).findings.filter((f) => f.check === "environment"),
    ).toEqual([]);
  }, 120_000); // two doctor runs, each starting the AWS CLI

  it.skipIf(skipWithoutAwsCliV2())(
    "warns about AWS_PROFILE or AWS_CONFIG_FILE set but empty, which the AWS CLI reads as they are",
    async () => {
      // What the user meets: `export AWS_PROFILE=` (to clear it) and the AWS CLI refuses every command.
      await expect(runAwsCli(world, ["configure", "get", "region"], { AWS_PROFILE: "" })).rejects.toThrow(
        "The config profile () could not be found",
      );
      const result = await world.run(["doctor", "--json"], { env: { AWS_PROFILE: "", AWS_CONFIG_FILE: "" } });
      const report = JSON.parse(result.stdout) as { findings: Finding[] };
      expect(report.findings.filter((f) => f.check === "environment")).toEqual([
        {
          check: "environment",
          status: "warn",
          message: `AWS_PROFILE is set but empty: the AWS CLI and boto3 read that as a profile named "" and refuse every command ('The config profile () could not be found'), while ssoenv and the JS SDK take it as unset`,
          fix: "unset AWS_PROFILE",
        },
        {
          check: "environment",
          status: "warn",
          message:
            "AWS_CONFIG_FILE is set but empty: the AWS CLI and boto3 read that as no config file at all, while ssoenv and the JS SDK read ~/.aws/config",
          fix: "unset AWS_CONFIG_FILE",
        },
      ]);
    },
    120_000,
  );

  it.skipIf(skipWithoutAwsCliV2())(
    "warns about AWS_REGION or AWS_DEFAULT_REGION set but empty, which fail every call of the AWS CLI",
    async () => {
      // `export AWS_REGION=` to "clear" it: the AWS CLI takes the region "" (boto3 too, for AWS_DEFAULT_REGION).
      for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION"]) {
        await expect(
          runAwsCli(world, ["sts", "get-caller-identity", "--profile", "dev"], { [name]: "" }),
        ).rejects.toThrow("Invalid endpoint: https://sts..amazonaws.com");
      }
      const result = await world.run(["doctor", "--json"], {
        env: { AWS_REGION: "", AWS_DEFAULT_REGION: "" },
      });
      const report = JSON.parse(result.stdout) as { findings: Finding[] };
      expect(report.findings.filter((f) => f.check === "environment")).toEqual([
        {
          check: "environment",
          status: "warn",
          message: `AWS_REGION is set but empty: the AWS CLI reads that as a region "" and fails every call ('Invalid endpoint: https://sts..amazonaws.com'), while ssoenv, boto3 and the JS SDK take it as unset`,
          fix: "unset AWS_REGION",
        },
        {
          check: "environment",
          status: "warn",
          message: `AWS_DEFAULT_REGION is set but empty: the AWS CLI and boto3 read that as a region "" and fail every call ('Invalid endpoint: https://sts..amazonaws.com'), while ssoenv takes it as unset`,
          fix: "unset AWS_DEFAULT_REGION",
        },
      ]);
    },
    120_000,
  );

  it("names keys left in the environment, which the AWS CLI and boto3 take before AWS_PROFILE's profile, never their values", async () => {
    const environment = async (env: NodeJS.ProcessEnv) => {
      const result = await world.run(["doctor", "--json"], { env });
      expect(result.stdout + result.stderr).not.toContain(env.AWS_SECRET_ACCESS_KEY as string);
      expect(result.stdout + result.stderr).not.toContain(env.AWS_ACCESS_KEY_ID as string);
      const report = JSON.parse(result.stdout) as { findings: Finding[] };
      return { exitCode: result.exitCode, found: report.findings.filter((f) => f.check === "environment") };
    };
    const secret = randomBytes(30).toString("base64");
    // What `eval "$(ssoenv env --profile stg)"` left in a shell yesterday.
    const stale = await environment({
      AWS_ACCESS_KEY_ID: `ASIA${fakeLongLivedKeyId().slice(4)}`,
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_SESSION_TOKEN: randomBytes(60).toString("base64"),
      AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() - 3_600_000).toISOString(),
      AWS_PROFILE: "dev",
    });
    expect(stale.found).toEqual([
      {
        check: "environment",
        status: "warn",
        message: expect.stringMatching(
          /^AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in this environment, expired at .+ \(AWS_CREDENTIAL_EXPIRATION\): the AWS CLI, boto3 and most tools use them before any profile, even with AWS_PROFILE set \(only the JS SDK v3 then takes the profile\)$/,
        ),
        fix: "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION (for one command, ssoenv exec -- CMD sets fresh ones)",
      },
    ]);
    expect(stale.exitCode).toBe(0);
    const longLived = await environment({
      AWS_ACCESS_KEY_ID: fakeLongLivedKeyId(),
      AWS_SECRET_ACCESS_KEY: secret,
    });
    expect(longLived.found).toMatchObject([
      {
        status: "fail",
        message:
          "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in this environment, a long-lived IAM user key (AKIA…): the AWS CLI, boto3 and most tools use them before any profile",
      },
    ]);
    expect(longLived.exitCode).toBe(1);
  }, 120_000); // two doctor runs, each starting the AWS CLI

  it("names an AWS_ENDPOINT_URL left in the environment and the calls it sends away from AWS, without its password", async () => {
    // A LocalStack-style leftover that answers: the clock check alone passes against it.
    const url = new URL(world.env.AWS_ENDPOINT_URL_STS as string);
    const result = await world.run(["doctor", "--json"], {
      env: {
        AWS_ENDPOINT_URL_SSO: "",
        AWS_ENDPOINT_URL_SSO_OIDC: "",
        AWS_ENDPOINT_URL_STS: "",
        AWS_ENDPOINT_URL_SIGNIN: "",
        AWS_ENDPOINT_URL: `http://me:hunter2@${url.host}`,
      },
    });
    expect(result.stdout + result.stderr).not.toContain("hunter2");
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(report.findings.filter((f) => f.check === "endpoint")).toEqual([
      {
        check: "endpoint",
        status: "warn",
        message: `AWS_ENDPOINT_URL=http://…@${url.host} is set: ssoenv's SSO, SSO OIDC, STS, console sign-in calls go there, not to AWS`,
        fix: "unset AWS_ENDPOINT_URL if it is left over (LocalStack, a test); to keep it for other tools, run ssoenv with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true",
      },
    ]);
    expect(result.exitCode).toBe(0);
  });

  it("names endpoints the profile's config sets ([services] section, endpoint_url) and asks STS there", async () => {
    const url = world.env.AWS_ENDPOINT_URL_STS as string;
    await writeFile(
      world.configPath,
      `${awsConfig(world.emulator).replace("[profile dev]\n", `[profile dev]\nservices = local\nendpoint_url = ${url}\n`)}
[services local]
sts =
  endpoint_url = ${url}
`,
    );
    const result = await world.run(["doctor", "--json"], {
      env: {
        AWS_PROFILE: "dev",
        AWS_ENDPOINT_URL_SSO: "",
        AWS_ENDPOINT_URL_SSO_OIDC: "",
        AWS_ENDPOINT_URL_STS: "",
        AWS_ENDPOINT_URL_SIGNIN: "",
      },
    });
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    const keep =
      "if it is left over (LocalStack, a test); to keep it for other tools, run ssoenv with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true";
    expect(report.findings.filter((f) => f.check === "endpoint")).toEqual([
      {
        check: "endpoint",
        status: "warn",
        message: `endpoint_url of [profile dev] in ${world.configPath} is ${url}: ssoenv's SSO, SSO OIDC, console sign-in calls for profile dev go there, not to AWS`,
        fix: `remove endpoint_url of [profile dev] from ${world.configPath} ${keep}`,
      },
      {
        check: "endpoint",
        status: "warn",
        message: `sts's endpoint_url under [services local] in ${world.configPath} is ${url}: ssoenv's STS calls for profile dev go there, not to AWS`,
        fix: `remove sts's endpoint_url under [services local] from ${world.configPath} ${keep}`,
      },
    ]);
    const clock = report.findings.find((f) => f.check === "clock");
    expect(clock?.status).toBe("ok");
    expect(clock?.message).toContain(`STS (${url})`);
    expect(result.exitCode).toBe(0);
  });

  it("asks STS where ssoenv's calls go: an empty AWS_ENDPOINT_URL_STS falls back to AWS_ENDPOINT_URL", async () => {
    const url = world.env.AWS_ENDPOINT_URL_STS as string;
    const result = await world.run(["doctor", "--json"], {
      env: { AWS_ENDPOINT_URL_STS: "", AWS_ENDPOINT_URL: url },
    });
    const clock = (JSON.parse(result.stdout) as { findings: Finding[] }).findings.find(
      (f) => f.check === "clock",
    );
    expect(clock?.status).toBe("ok");
    expect(clock?.message).toContain(`STS (${url})`);
  });

  it("flags long-lived AKIA keys in ~/.aws/credentials without printing them", async () => {
    const keyId = fakeLongLivedKeyId();
    await writeFile(
      world.env.AWS_SHARED_CREDENTIALS_FILE as string,
      `[old-admin]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${"x".repeat(40)}\n`,
    );
    const report = await doctor();
    expect(report.exitCode).toBe(1);
    const finding = report.findings.find((f) => f.check === "long-lived-keys");
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("old-admin");
    expect(finding?.fix).toBeTruthy();
    expect(report.raw).not.toContain(keyId);
  });

  it("says Node tools run as the IAM user when ~/.aws/credentials holds keys under an SSO profile's name", async () => {
    // [dev] is an SSO profile in ~/.aws/config: the AWS CLI and boto3 use SSO for it, the JS SDK v3
    // (fromIni, and the default chain) takes the static keys first.
    const keyId = fakeLongLivedKeyId();
    const credentials = world.env.AWS_SHARED_CREDENTIALS_FILE as string;
    await writeFile(
      credentials,
      `[dev]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${"x".repeat(40)}\n`,
    );
    const report = await doctor();
    expect(report.exitCode).toBe(1);
    expect(report.findings.filter((f) => f.check === "long-lived-keys" && f.message.includes("SSO"))).toEqual(
      [
        {
          check: "long-lived-keys",
          status: "fail",
          message: `[dev] in ${credentials} holds a long-lived key under the name of SSO [profile dev]: the AWS CLI and boto3 use SSO for it, but Node tools (JS SDK v3) use the key and run as that IAM user, not the SSO role`,
          fix: `remove aws_access_key_id and aws_secret_access_key from [dev] in ${credentials}`,
        },
      ],
    );
    expect(report.raw).not.toContain(keyId);
  });

  it("says Node tools run as the IAM user when an SSO profile of ~/.aws/config holds keys beside its SSO settings", async () => {
    // The AWS CLI and boto3 use SSO before a config file's keys; the JS SDK v3 takes the keys first.
    const keyId = fakeLongLivedKeyId();
    const config = world.env.AWS_CONFIG_FILE as string;
    await writeFile(
      config,
      awsConfig(world.emulator).replace(
        "region = eu-west-1\n",
        `region = eu-west-1\naws_access_key_id = ${keyId}\naws_secret_access_key = ${"x".repeat(40)}\n`,
      ),
    );
    const report = await doctor();
    expect(report.exitCode).toBe(1);
    expect(report.findings.filter((f) => f.check === "long-lived-keys" && f.message.includes("SSO"))).toEqual(
      [
        {
          check: "long-lived-keys",
          status: "fail",
          message: `[profile dev] in ${config} holds a long-lived key beside its SSO settings: the AWS CLI and boto3 use SSO for it, but Node tools (JS SDK v3) use the key and run as that IAM user, not the SSO role`,
          fix: `remove aws_access_key_id and aws_secret_access_key from [profile dev] in ${config}`,
        },
      ],
    );
    expect(report.raw).not.toContain(keyId);
  });

  // The AWS CLI and the SDKs read [profile default] as the default profile, as [default]: a finding
  // names the header the file has, or the user looks for a section that is not there.
  it.for(["[profile default]", "[default]"])(
    "names the default profile by the header the config file has (%s), for keys in it and under its name in ~/.aws/credentials",
    async (header) => {
      const keyId = fakeLongLivedKeyId();
      const config = world.env.AWS_CONFIG_FILE as string;
      const credentials = world.env.AWS_SHARED_CREDENTIALS_FILE as string;
      await writeFile(
        config,
        `${awsConfig(world.emulator)}\n${header}\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\naws_access_key_id = ${keyId}\naws_secret_access_key = ${"x".repeat(40)}\n`,
      );
      await writeFile(
        credentials,
        `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${"x".repeat(40)}\n`,
      );
      const report = await doctor();
      const messages = report.findings
        .filter((f) => f.check === "long-lived-keys" && f.message.includes("SSO"))
        .map((f) => [f.message.split(":")[0], f.fix]);
      expect(messages).toEqual([
        [
          `[default] in ${credentials} holds a long-lived key under the name of SSO ${header}`,
          `remove aws_access_key_id and aws_secret_access_key from [default] in ${credentials}`,
        ],
        [
          `${header} in ${config} holds a long-lived key beside its SSO settings`,
          `remove aws_access_key_id and aws_secret_access_key from ${header} in ${config}`,
        ],
      ]);
      expect(report.raw).not.toContain(keyId);
    },
  );

  it("warns when ~/.aws/credentials holds temporary keys under an SSO profile's name, which Node tools use instead of SSO", async () => {
    const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const keyId = `ASIA${Array.from({ length: 16 }, () => base32[randomInt(32)]).join("")}`;
    const credentials = world.env.AWS_SHARED_CREDENTIALS_FILE as string;
    await writeFile(
      credentials,
      `[dev]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${"x".repeat(40)}\naws_session_token = ${"y".repeat(60)}\n`,
    );
    const report = await doctor();
    expect(report.findings.filter((f) => f.check === "long-lived-keys")).toEqual([
      { check: "long-lived-keys", status: "ok", message: "no long-lived keys in the AWS files" },
      {
        check: "long-lived-keys",
        status: "warn",
        message: `[dev] in ${credentials} holds static keys under the name of SSO [profile dev]: the AWS CLI and boto3 use SSO for it, but Node tools (JS SDK v3) use those keys, another identity (and they fail once they expire)`,
        fix: `remove aws_access_key_id, aws_secret_access_key and aws_session_token from [dev] in ${credentials}`,
      },
    ]);
    expect(report.raw).not.toContain(keyId);
  });

  it("flags a long-lived key whose key name is in upper case, which the AWS CLI and boto3 use all the same", async () => {
    const keyId = fakeLongLivedKeyId();
    await writeFile(
      world.env.AWS_SHARED_CREDENTIALS_FILE as string,
      `[shouting]\nAWS_ACCESS_KEY_ID = ${keyId}\nAWS_SECRET_ACCESS_KEY = ${"x".repeat(40)}\n`,
    );
    const report = await doctor();
    const finding = report.findings.find((f) => f.check === "long-lived-keys");
    expect(finding?.status).toBe("fail");
    expect(finding?.message).toContain("shouting");
    expect(report.raw).not.toContain(keyId);
  });

  it("does not call the AWS files free of long-lived keys when it could not read ~/.aws/credentials", async () => {
    // A folder where the file should be: unreadable even for root (the SDKs skip it without a word).
    const credentials = world.env.AWS_SHARED_CREDENTIALS_FILE as string;
    await mkdir(credentials);
    const report = await doctor();
    const findings = report.findings.filter((f) => f.check === "long-lived-keys");
    expect(findings).toEqual([
      {
        check: "long-lived-keys",
        status: "warn",
        message: `${credentials} was not checked for long-lived keys: it is a directory, not a file`,
        // chmod alone cannot make a directory a file
        fix: `make ${credentials} a file you can read (ls -ld ${credentials}; chmod 600 a file, move a directory aside)`,
      },
    ]);
    expect(report.exitCode).toBe(0);
  });

  it("warns about an SSO token cache file it cannot use, with the login that replaces it", async () => {
    await world.logIn();
    const file = join(
      world.home,
      ".aws",
      "sso",
      "cache",
      `${createHash("sha1").update("corp").digest("hex")}.json`,
    );
    await writeFile(file, '{"startUrl": "x", ');
    const report = await doctor();
    expect(report.findings.filter((f) => f.check === "token-cache")).toEqual([
      {
        check: "token-cache",
        status: "warn",
        message: `sso-session corp: the SSO token cache file ${file} is unusable: it is not valid JSON; every command on it needs a login`,
        fix: "ssoenv login --sso-session corp (the login replaces the file)",
      },
    ]);
    expect(report.exitCode).toBe(0);
    // Run by a mise task that found ssoenv off PATH (plugins/mise/lib/exec-ssoenv.sh): the fix on
    // stdout is a command the user's shell has, as the hints on stderr are.
    const text = await world.run(["doctor"], {
      env: { SSOENV_LOGIN_COMMAND: "mise run aws:login", SSOENV_COMMAND: "/p/node_modules/.bin/ssoenv" },
    });
    expect(text.stdout).toContain(
      "  fix: mise run aws:login --sso-session corp (the login replaces the file)\n",
    );
    const json = await world.run(["doctor", "--json"], {
      env: { SSOENV_LOGIN_COMMAND: "mise run aws:login", SSOENV_COMMAND: "/p/node_modules/.bin/ssoenv" },
    });
    expect(
      (JSON.parse(json.stdout) as { findings: { check: string; fix?: string }[] }).findings.find(
        (f) => f.check === "token-cache",
      )?.fix,
    ).toBe("mise run aws:login --sso-session corp (the login replaces the file)");
    // A sound token cache adds no finding.
    await world.logIn();
    expect((await doctor()).findings.filter((f) => f.check === "token-cache")).toEqual([]);
  }, 120_000); // four doctor runs, each starting the AWS CLI

  it("says which sign-in has ended or never began, with the login that fixes it; a live one is ok", async () => {
    const signIns = (report: { findings: Finding[] }) => report.findings.filter((f) => f.check === "sign-in");
    const never = await doctor();
    expect(signIns(never)).toEqual([
      {
        check: "sign-in",
        status: "warn",
        message: "sso-session corp: not signed in; commands on its 2 profiles (dev, stg) need a login",
        fix: "ssoenv login --sso-session corp",
      },
      {
        check: "sign-in",
        status: "warn",
        message: `start URL ${world.emulator.startUrl}: not signed in; commands on profile legacy need a login`,
        fix: "ssoenv login --profile legacy",
      },
    ]);
    expect(never.exitCode).toBe(0);

    // The morning after: logged in 9 h ago (8 h sessions), the last access token expired 70 min ago.
    await world.logIn({ expiresInMs: -70 * 60_000 });
    const corp = { profile: { ssoSession: "corp", startUrl: world.emulator.startUrl }, env: world.env };
    await writeSignInRecord({ ...corp, signedInAt: new Date(Date.now() - 9 * 3_600_000) });
    const ended = signIns(await doctor())[0];
    expect(ended?.status).toBe("warn");
    expect(ended?.message).toMatch(
      /^sso-session corp: not signed in \(the sign-in ended (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d\); commands on its 2 profiles \(dev, stg\) need a login$/,
    );
    expect(ended?.fix).toBe("ssoenv login --sso-session corp");

    await rm(signInRecordPath(corp));
    await world.logIn();
    expect(signIns(await doctor())[0]).toEqual({
      check: "sign-in",
      status: "ok",
      message: "sso-session corp: signed in (end unknown: not logged in by ssoenv)",
    });
  }, 120_000); // three doctor runs, each starting the AWS CLI

  it("warns in the sign-in's last hour, as status does, with the login that renews it", async () => {
    // Logged in 7.5 h ago with ssoenv (8 h sessions): half an hour left.
    await world.logIn();
    const corp = { profile: { ssoSession: "corp", startUrl: world.emulator.startUrl }, env: world.env };
    await writeSignInRecord({ ...corp, signedInAt: new Date(Date.now() - 7.5 * 3_600_000) });
    const report = await doctor();
    const signIn = report.findings.find((f) => f.check === "sign-in");
    expect(signIn?.status).toBe("warn");
    expect(signIn?.message).toMatch(
      /^sso-session corp: signed in until (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \((29|30)m( \d\ds)? left\): log in again before long jobs$/,
    );
    expect(signIn?.fix).toBe("ssoenv login --sso-session corp");
    expect(report.exitCode).toBe(0);
    await rm(signInRecordPath(corp));
  }, 120_000);

  it("warns about region names with a typo, which AWS answers from no host: the sso-session's once, the fix it likely meant", async () => {
    const config = awsConfig(world.emulator)
      .replace(
        `sso_region = ${world.emulator.region}\nsso_registration`,
        "sso_region = us-east1\nsso_registration",
      )
      .replace("region = eu-west-1", "region = Frankfurt");
    await writeFile(world.configPath, config);
    const report = await doctor();
    expect(report.findings.filter((f) => f.check === "profile" && f.status === "warn")).toEqual([
      {
        check: "profile",
        status: "warn",
        message: `sso_region = us-east1 in [sso-session corp] of ${world.configPath} is not an AWS region name (such as us-east-1): calls to it fail as 'could not be reached' (no such host)`,
        fix: `set sso_region in [sso-session corp] of ${world.configPath} to us-east-1, if that is the one meant`,
      },
      {
        check: "profile",
        status: "warn",
        message: `region = Frankfurt in [profile dev] of ${world.configPath} is not an AWS region name (such as us-east-1): calls to it fail as 'could not be reached' (no such host)`,
        fix: `set region in [profile dev] of ${world.configPath} to an AWS region (e.g. eu-west-1)`,
      },
    ]);
    expect(report.exitCode).toBe(0);
  });

  it("warns about a retry_mode (or AWS_RETRY_MODE) the AWS CLI v2 refuses for every command, naming where and the fix", async () => {
    await writeFile(
      world.configPath,
      awsConfig(world.emulator).replace("region = eu-west-1", "region = eu-west-1\nretry_mode = fast"),
    );
    // What the user met: every AWS CLI command of the profile refused (boto3 too; `legacy` only the AWS
    // CLI). Only this needs the AWS CLI: doctor's findings below are checked on every machine.
    if (!skipWithoutAwsCliV2()) {
      await expect(
        runAwsCli(world, ["sts", "get-caller-identity", "--profile", "dev"]),
      ).rejects.toMatchObject({
        stderr: expect.stringContaining('"fast" must be one of: "standard" or "adaptive"'),
      });
    }
    const report = await doctor();
    expect(report.findings.filter((f) => f.status === "warn" && /retry/i.test(f.message))).toEqual([
      {
        check: "profile",
        status: "warn",
        message: `retry_mode = fast in [profile dev] of ${world.configPath} is refused by the AWS CLI v2 for every command of profile dev ('must be one of: "standard" or "adaptive"'); ssoenv retries on its own and does not read it`,
        fix: `set retry_mode in [profile dev] of ${world.configPath} to standard (or adaptive), or remove the line`,
      },
    ]);
    expect(report.exitCode).toBe(0);
    // AWS_RETRY_MODE wins over the profile's in the AWS CLI: it is the one named, `legacy` too (boto3 takes it).
    const result = await world.run(["doctor", "--json"], { env: { AWS_RETRY_MODE: "legacy" } });
    const withVariable = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(withVariable.findings.filter((f) => f.status === "warn" && /retry/i.test(f.message))).toEqual([
      {
        check: "environment",
        status: "warn",
        message: `AWS_RETRY_MODE=legacy is refused by the AWS CLI v2 for every command ('must be one of: "standard" or "adaptive"'; boto3 takes legacy); ssoenv retries on its own and does not read it`,
        fix: "set AWS_RETRY_MODE=standard (or adaptive), or unset AWS_RETRY_MODE",
      },
    ]);
  }, 120_000); // the AWS CLI once, doctor twice

  it("fails a region that cannot be a host name (eu_west_1), which the AWS CLI and every command refuse", async () => {
    await writeFile(
      world.configPath,
      awsConfig(world.emulator).replace(
        "sso_role_name = ReadOnly\n",
        "sso_role_name = ReadOnly\nregion = eu_west_1\n",
      ),
    );
    const report = await doctor();
    const stg = report.findings.filter((f) => f.check === "profile" && f.message.includes("stg"));
    expect(stg).toEqual([
      {
        check: "profile",
        status: "fail",
        message: `region = eu_west_1 in [profile stg] of ${world.configPath} is not a region name: the AWS CLI and ssoenv refuse profile stg (letters, digits and - only)`,
        fix: `set region in [profile stg] of ${world.configPath} to eu-west-1, if that is the one meant`,
      },
    ]);
    expect(report.exitCode).toBe(1);
  });

  it("flags a profile that does not resolve, with its fix", async () => {
    await writeFile(
      world.configPath,
      "[profile broken]\nsso_session = missing\nsso_account_id = 1\nsso_role_name = R\n",
    );
    const report = await doctor();
    expect(report.exitCode).toBe(1);
    const finding = report.findings.find((f) => f.check === "profile" && f.status === "fail");
    expect(finding?.message).toContain("missing");
    expect(finding?.fix).toBeTruthy();
  });

  it("names AWS_CONFIG_FILE when the file it names does not exist", async () => {
    const typo = join(world.home, "aws-confg");
    const result = await world.run(["doctor", "--json"], { env: { AWS_CONFIG_FILE: typo } });
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(report.findings.find((f) => f.check === "config")).toEqual({
      check: "config",
      status: "fail",
      message: `no AWS config file at ${typo}, the file AWS_CONFIG_FILE names`,
      fix: "fix AWS_CONFIG_FILE, or unset it to use ~/.aws/config (or create the file: aws configure sso)",
    });
    expect(result.exitCode).toBe(1);
  });

  it("flags a malformed config file", async () => {
    await writeFile(world.configPath, "[profile dev\n");
    const report = await doctor();
    expect(report.exitCode).toBe(1);
    expect(report.findings.find((f) => f.check === "config")?.status).toBe("fail");
  });

  it("names a malformed config line by file, line and key only: no value from it is printed", async () => {
    // Generated at test time: shapes a secret could have on a mistyped line.
    const secret = randomBytes(30).toString("base64");
    const token = randomBytes(40).toString("hex");
    await writeFile(
      world.configPath,
      `aws_secret_access_key = ${secret}\n${awsConfig(world.emulator)}[profile dev2]\naws_session_token: ${token}\n`,
    );
    // One run (doctor starts every AWS CLI on PATH: keep it to the system's, for speed).
    const text = await world.run(["doctor"], { env: { PATH: "/usr/bin:/bin" } });
    expect(text.exitCode).toBe(1);
    const output = text.stdout + text.stderr;
    expect(output).not.toContain(secret);
    expect(output).not.toContain(token);
    const tokenLine = awsConfig(world.emulator).split("\n").length + 2;
    // Line 1 the AWS CLI refuses; `key: value` it reads, but the SDKs skip: a warning of its own.
    expect(text.stdout).toContain(`${world.configPath} is malformed: line 1 is refused by the AWS CLI`);
    expect(text.stdout).toContain(
      `line 1 of ${world.configPath} sets the key aws_secret_access_key before any [section]`,
    );
    expect(text.stdout).toContain(
      `line ${tokenLine} of ${world.configPath} writes aws_session_token as key: value, which the AWS CLI reads but the AWS SDKs (and ssoenv) skip`,
    );
  });

  it("warns about credentials-file lines the AWS CLI reads otherwise than ssoenv, by file, line and key only", async () => {
    const secret = randomBytes(30).toString("base64");
    const credentials = world.env.AWS_SHARED_CREDENTIALS_FILE as string;
    await writeFile(
      credentials,
      `[dev]\nregion = eu-west-2 # London\n\n[other]\naws_secret_access_key = ${secret} ; old key\naws_access_key_id: x\n`,
    );
    const report = await doctor();
    expect(report.raw).not.toContain(secret);
    const warnings = report.findings.filter((f) => f.check === "config" && f.status === "warn");
    expect(warnings.map((f) => f.message)).toEqual([
      `line 2 of ${credentials} has a comment after the value of region, which the AWS CLI and boto3 read as part of the value (the AWS SDKs and ssoenv drop it): put the comment on a line of its own`,
      `line 5 of ${credentials} has a comment after the value of aws_secret_access_key, which the AWS CLI and boto3 read as part of the value (the AWS SDKs and ssoenv drop it): put the comment on a line of its own`,
      `line 6 of ${credentials} writes aws_access_key_id as key: value, which the AWS CLI reads but the AWS SDKs (and ssoenv) skip (write key = value)`,
    ]);
    expect(warnings[0]?.fix).toBe(`edit line 2 of ${credentials}`);
  });

  it("on a malformed config, finds the AWS CLI v2 all the same", async () => {
    if (!existsSync("/usr/bin/aws")) {
      if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error("/usr/bin/aws (AWS CLI v2) is required");
      console.warn("skipping: /usr/bin/aws (AWS CLI v2, Debian's awscli) is not installed");
      return;
    }
    await writeFile(world.configPath, "[profile dev\nsso_session = corp\n");
    // The same AWS CLI by two paths, as /bin -> /usr/bin on a merged-/usr system.
    const bin = join(world.home, "bin");
    await mkdir(bin);
    await symlink("/usr/bin/aws", join(bin, "aws"));
    const result = await world.run(["doctor", "--json"], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    const cli = report.findings.find((f) => f.check === "aws-cli");
    expect(cli?.status).toBe("ok");
    expect(cli?.message).toMatch(/^AWS CLI 2\.\d+\.\d+ at /);
    expect(cli?.message).not.toContain("first");
    const config = report.findings.find((f) => f.check === "config");
    expect(config?.status).toBe("fail");
    // Line 2 is skipped too: the SDK reads no section from a header without its "]".
    expect(config?.message).toContain("malformed: lines 1, 2 are");
    expect(config?.fix).toContain("closing ]");
  });

  it("SSOENV_AWS_CLI naming no file: says so, not 'only old AWS CLIs'", async () => {
    const missing = join(world.home, "no-such-aws");
    const result = await world.run(["doctor", "--json"], { env: { SSOENV_AWS_CLI: missing } });
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    const cli = report.findings.find((f) => f.check === "aws-cli");
    expect(cli?.status).toBe("warn");
    expect(cli?.message).toBe(`SSOENV_AWS_CLI=${missing} does not exist`);
    expect(cli?.fix).toContain("unset SSOENV_AWS_CLI");
  });

  it("asks a remembered AWS CLI for its version once, as login does, and a v1 script first on PATH each time", async () => {
    if (!existsSync("/usr/bin/aws")) {
      if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error("/usr/bin/aws (AWS CLI v2) is required");
      console.warn("skipping: /usr/bin/aws (AWS CLI v2, Debian's awscli) is not installed");
      return;
    }
    // First on PATH: a shell-script v1 (as pyenv's shim of a pip-installed v1); then the real v2
    // behind a Node script. Both count their runs.
    const calls = join(world.home, "aws-calls");
    const v1 = join(world.home, "bin-v1");
    const v2 = join(world.home, "bin-v2");
    await mkdir(v1);
    await mkdir(v2);
    await writeFile(
      join(v1, "aws"),
      `#!/bin/sh\necho v1 >> ${JSON.stringify(calls)}\necho "aws-cli/1.29.0 Python/3.11.2 Linux/6.1 botocore/1.31.0" >&2\n`,
      { mode: 0o755 },
    );
    await writeFile(
      join(v2, "aws"),
      [
        `#!${process.execPath}`,
        `require("node:fs").appendFileSync(${JSON.stringify(calls)}, "v2\\n");`,
        `const r = require("node:child_process").spawnSync("/usr/bin/aws", process.argv.slice(2), { stdio: "inherit" });`,
        "process.exit(r.status ?? 1);",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const env = { PATH: `${v1}:${v2}:/bin` };
    const counts = async () => {
      const lines = (await readFile(calls, "utf8").catch(() => "")).split("\n");
      return { v1: lines.filter((l) => l === "v1").length, v2: lines.filter((l) => l === "v2").length };
    };
    for (const run of [1, 2]) {
      const report = JSON.parse((await world.run(["doctor", "--json"], { env })).stdout) as {
        findings: Finding[];
      };
      const cli = report.findings.find((f) => f.check === "aws-cli");
      expect(cli?.status, `run ${run}`).toBe("warn");
      expect(cli?.message, `run ${run}`).toMatch(
        new RegExp(
          `^AWS CLI 2\\.\\d+\\.\\d+ at ${join(v2, "aws")} .*; but \`aws\` runs ${join(v1, "aws")} \\(1\\.29\\.0\\) first$`,
        ),
      );
      expect(await counts(), `run ${run}`).toEqual({ v1: run, v2: 1 });
    }
  }, 120_000); // two doctor runs, the first starting the AWS CLI

  it("lists an AWS CLI reached by two paths once", async () => {
    // Only the list of old AWS CLIs shows every one found (a usable v2 ends the search at the first),
    // so an old one, reached by two symlinks on PATH, is what shows whether duplicates are dropped.
    const real = join(world.home, "aws-v1");
    await writeFile(real, '#!/bin/sh\necho "aws-cli/1.29.0 Python/3.11.2 Linux/6.1 botocore/1.31.0" >&2\n', {
      mode: 0o755,
    });
    const first = join(world.home, "bin-a");
    const second = join(world.home, "bin-b");
    for (const dir of [first, second]) {
      await mkdir(dir);
      await symlink(real, join(dir, "aws"));
    }
    const result = await world.run(["doctor", "--json"], { env: { PATH: `${first}:${second}` } });
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    const cli = report.findings.find((f) => f.check === "aws-cli");
    expect(cli?.message).toBe(
      `only old AWS CLIs without sso-session support: ${join(first, "aws")} (1.29.0)`,
    );
  });

  it("does not wait for the child of a wrapper around an aws it no longer needs", async () => {
    // PATH: a v2 that is enough, then a wrapper script whose child (as `aws` behind a wrapper that
    // does not exec) holds the wrapper's stdout while it blocks on a pipe nobody writes to.
    // Not in the world's home, which goes when a test times out: the child must be released first.
    const dir = await mkdtemp(join(tmpdir(), "ssoenv-doctor-wrapper-"));
    const log = join(dir, "aws.log");
    const never = join(dir, "never");
    await writeFile(log, "");
    execFileSync("mkfifo", [never]);
    const picked = join(dir, "bin-picked");
    const wrapper = join(dir, "bin-wrapper");
    await mkdir(picked);
    await mkdir(wrapper);
    // No bound of its own (on a loaded machine the wrapper's child may start seconds later): if it
    // never does, doctor's 15 s timeout for aws --version ends the wait, and the test fails.
    const waitForChild = `while ! grep -q '^child' '${log}'; do sleep 0.02; done`;
    await writeFile(
      join(picked, "aws"),
      `#!/bin/sh\nPATH=/usr/bin:/bin\n${waitForChild}\necho "aws-cli/2.31.4 Python/3.11.2 Linux/6.1"\n`,
      { mode: 0o755 },
    );
    await writeFile(
      join(wrapper, "aws"),
      [
        "#!/bin/sh",
        `echo "wrapper $$" >> '${log}'`,
        `/bin/sh -c 'echo "child $$" >> "$0"; read line < "$1"; echo late >> "$0"' '${log}' '${never}'`,
        `echo "wrapper end" >> '${log}'`,
        'echo "aws-cli/2.31.5 Python/3.11.2 Linux/6.1"',
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    /** Whether a line went to the child: non-blocking, false (ENXIO) while no one has the pipe open to read. */
    const release = async (): Promise<boolean> => {
      const fifo = await open(never, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
      if (!fifo) return false;
      await fifo.write("\n");
      await fifo.close();
      return true;
    };
    const childPid = () => Number(/^child (\d+)$/m.exec(readFileSync(log, "utf8"))?.[1]);
    try {
      const result = await world.run(["doctor", "--json"], { env: { PATH: `${picked}:${wrapper}` } });
      const report = JSON.parse(result.stdout) as { findings: Finding[] };
      const cli = report.findings.find((f) => f.check === "aws-cli");
      expect(cli).toMatchObject({ status: "ok", message: expect.stringContaining(join(picked, "aws")) });
      const lines = () => readFileSync(log, "utf8");
      // ssoenv is done while the child still blocks: it neither waited for it nor kept its pipes.
      expect(lines(), "the wrapper's child started").toMatch(/^child /m);
      expect(lines()).not.toContain("late");
      const wrapperPid = Number(/^wrapper (\d+)$/m.exec(lines())?.[1]);
      // Under 15 s (doctor's timeout would stop it too): a bound for the failing case only.
      expect(await exited(wrapperPid, 10_000), "the wrapper was stopped").toBe(true);
      expect(lines()).not.toContain("wrapper end");
      // It logs "child" before it opens the pipe: write once it has.
      expect(await becomes(release, 30_000), "the child opened the pipe").toBe(true);
      expect(
        await becomes(() => lines().includes("late"), 30_000),
        "the child ran to its end once released",
      ).toBe(true);
    } finally {
      // A failed case must not leave the child blocked on the pipe for ever.
      const blocked = childPid();
      if (blocked > 0 && !readFileSync(log, "utf8").includes("late")) {
        try {
          process.kill(blocked);
        } catch {
          // already gone
        }
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("after a profiles sync, the text sums up the profiles that resolve in one line; --json keeps each", async () => {
    const generated = Array.from(
      { length: 40 },
      (_, i) =>
        `[profile gen-${i}]\nsso_session = corp\nsso_account_id = 1000000000${String(i).padStart(2, "0")}\nsso_role_name = ReadOnly\n`,
    ).join("\n");
    await writeFile(
      world.configPath,
      `${awsConfig(world.emulator)}\n${generated}\n[profile broken]\nsso_session = missing\nsso_account_id = 1\nsso_role_name = R\n`,
    );
    const text = await world.run(["doctor"]);
    const profileLines = text.stdout.split("\n").filter((line) => /^. profile /.test(line));
    expect(profileLines).toEqual([
      "✔ profile         43 SSO profiles resolve (dev, stg, legacy and 40 more: ssoenv doctor --json lists each)",
      expect.stringMatching(/^✖ profile {9}Profile "broken" .*missing/),
    ]);
    // Profile names are shortened one way everywhere: three, then how many more.
    expect(text.stdout).toContain("commands on its 42 profiles (dev, stg, gen-0 and 39 more) need a login");
    const report = await doctor();
    expect(report.findings.filter((f) => f.check === "profile" && f.status === "ok")).toHaveLength(43);
  }, 120_000); // two doctor runs, each starting the AWS CLI

  it("says a .env file is not git-ignored, and the fix without repeating it", async () => {
    execFileSync("git", ["init", "-q"], { cwd: world.project });
    await writeFile(join(world.project, ".env"), "FOO=1\n", { mode: 0o600 });
    const finding = (await doctor()).findings.find((f) => f.check === "env-file");
    expect(finding).toEqual({
      check: "env-file",
      status: "fail",
      message: `${join(world.project, ".env")} is not git-ignored`,
      fix: `add it to .gitignore (echo .env >> ${world.project}/.gitignore)`,
    });
  });

  it("flags a .env file tracked by git", async () => {
    execFileSync("git", ["init", "-q"], { cwd: world.project });
    await writeFile(join(world.project, ".env"), "FOO=1\n", { mode: 0o600 });
    execFileSync("git", ["add", ".env"], { cwd: world.project });
    const report = await doctor();
    const finding = report.findings.find((f) => f.check === "env-file");
    expect(finding?.status).toBe("fail");
    expect(finding?.fix).toBe(
      `untrack it and list it in .gitignore (git -C ${world.project} rm --cached -- .env && echo .env >> ${world.project}/.gitignore)`,
    );
  });

  it("says a tracked .env file that .gitignore lists is still committed, and only to untrack it", async () => {
    execFileSync("git", ["init", "-q"], { cwd: world.project });
    await writeFile(join(world.project, ".gitignore"), ".env\n");
    await writeFile(join(world.project, ".env"), "FOO=1\n", { mode: 0o600 });
    execFileSync("git", ["add", "-f", ".env"], { cwd: world.project });
    const finding = (await doctor()).findings.find((f) => f.check === "env-file");
    expect(finding).toEqual({
      check: "env-file",
      status: "fail",
      message: `${join(world.project, ".env")} is tracked by git although .gitignore lists it (git keeps committing a tracked file), so its credentials will be committed`,
      fix: `untrack it (git -C ${world.project} rm --cached -- .env)`,
    });
  });

  it("checks the pre-commit hook ssoenv wrote: this ssoenv's, or another's to reinstall", async () => {
    execFileSync("git", ["init", "-q"], { cwd: world.project });
    expect((await world.run(["hook", "install"])).exitCode).toBe(0);
    const current = (await doctor()).findings.find((f) => f.check === "git-hook");
    expect(current?.status).toBe("ok");
    // A hook as an ssoenv from before the single entry wrote it: it ran the scan's own bundle.
    const hook = join(world.project, ".git", "hooks", "pre-commit");
    const installed = await readFile(hook, "utf8");
    await writeFile(
      hook,
      installed.replace(/^ssoenv_bin=.*$/m, "ssoenv_scan_js='/old/ssoenv/packages/cli/dist/scan-hook.cjs'"),
    );
    const stale = await doctor();
    const finding = stale.findings.find((f) => f.check === "git-hook");
    expect(finding).toMatchObject({ status: "warn", fix: expect.stringContaining("ssoenv hook install") });
    expect(stale.exitCode).toBe(0);
    // The fix it names puts this ssoenv's hook back.
    expect((await world.run(["hook", "install"])).exitCode).toBe(0);
    expect(await readFile(hook, "utf8")).toBe(installed);
  }, 120_000); // two doctor runs, each starting the AWS CLI

  // Seen: `ssoenv hook install` on Node.js 20, then `ssoenv doctor` on Node.js 24 (nvm use 24) warned
  // "written by another or an older ssoenv": the hook names the Node.js it was installed with, and runs.
  it("a hook this ssoenv wrote from another Node.js is this ssoenv's", async () => {
    execFileSync("git", ["init", "-q"], { cwd: world.project });
    expect((await world.run(["hook", "install"])).exitCode).toBe(0);
    const hook = join(world.project, ".git", "hooks", "pre-commit");
    const installed = await readFile(hook, "utf8");
    expect(installed).toContain(`ssoenv_node='${process.execPath}'`);
    const otherNode = join(world.home, "node-24", "bin", "node");
    await mkdir(join(world.home, "node-24", "bin"), { recursive: true });
    await symlink(process.execPath, otherNode);
    await writeFile(hook, installed.replaceAll(process.execPath, otherNode));
    const finding = (await doctor()).findings.find((f) => f.check === "git-hook");
    expect(finding).toEqual({ check: "git-hook", status: "ok", message: `${hook} runs this ssoenv's scan` });
  }, 120_000);

  it("warns when an ssoenv pre-commit hook has no pre-merge-commit beside it (an install from before)", async () => {
    execFileSync("git", ["init", "-q"], { cwd: world.project });
    expect((await world.run(["hook", "install"])).exitCode).toBe(0);
    const mergeHook = join(world.project, ".git", "hooks", "pre-merge-commit");
    await rm(mergeHook);
    const old = await doctor();
    const hookFindings = old.findings.filter((f) => f.check === "git-hook");
    expect(hookFindings).toContainEqual(
      expect.objectContaining({
        status: "warn",
        message: expect.stringContaining("pre-merge-commit"),
        fix: expect.stringContaining("ssoenv hook install"),
      }),
    );
    expect(old.exitCode).toBe(0);
    // The fix it names adds the missing hook, and the warning goes.
    expect((await world.run(["hook", "install"])).exitCode).toBe(0);
    expect(await readFile(mergeHook, "utf8")).toContain("# ssoenv-hook: pre-merge-commit");
    const fixed = (await doctor()).findings.filter((f) => f.check === "git-hook");
    expect(fixed.map((f) => f.status)).toEqual(["ok"]);
  }, 120_000); // two doctor runs, each starting the AWS CLI

  it("warns when another tool wrote over ssoenv's pre-commit hook (git secrets --install -f), and its fix puts it back", async () => {
    execFileSync("git", ["init", "-q"], { cwd: world.project });
    expect((await world.run(["hook", "install"])).exitCode).toBe(0);
    const hook = join(world.project, ".git", "hooks", "pre-commit");
    // What `git secrets --install -f` writes there.
    const other = '#!/usr/bin/env bash\ngit secrets --pre_commit_hook -- "$@"\n';
    await writeFile(hook, other, { mode: 0o755 });
    const replaced = await doctor();
    expect(replaced.findings.filter((f) => f.check === "git-hook")).toEqual([
      {
        check: "git-hook",
        status: "warn",
        message: `${hook} is no longer ssoenv's (another tool wrote over it), while ${hook.replace(/pre-commit$/, "pre-merge-commit")} is: commits go unscanned`,
        fix: "ssoenv hook install (puts it back; a hook there now is kept as pre-commit.local and runs first)",
      },
    ]);
    expect((await world.run(["hook", "install"])).exitCode).toBe(0);
    expect(await readFile(`${hook}.local`, "utf8")).toBe(other);
    const fixed = (await doctor()).findings.filter((f) => f.check === "git-hook");
    expect(fixed.map((f) => f.status)).toEqual(["ok"]);
  }, 120_000); // two doctor runs, each starting the AWS CLI

  it("warns when mise is not on PATH (a folder named mise there is not it)", async () => {
    const bin = join(world.home, "bin");
    await mkdir(join(bin, "mise"), { recursive: true });
    const result = await world.run(["doctor", "--json"], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    const mise = report.findings.find((f) => f.check === "mise");
    expect(mise?.status).toBe("warn");
    expect(mise?.fix).toContain("mise");
  });

  it("prints a readable report with fixes", async () => {
    await writeFile(
      world.configPath,
      "[profile broken]\nsso_session = missing\nsso_account_id = 1\nsso_role_name = R\n",
    );
    const result = await world.run(["doctor"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✖ profile/);
    expect(result.stdout).toContain("fix:");
  });
});
