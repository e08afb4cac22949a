import { writeFile } from "node:fs/promises";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { freePortOutsideEphemeralRange } from "../support/free-port.js";
import { runPython, skipWithoutBoto3 } from "./support/boto3.js";
import { awsConfig } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// Endpoints written in ~/.aws/config alone ("service-specific endpoints": a [services NAME] section the
// profile names, or its endpoint_url), with no AWS_ENDPOINT_URL_* set: ssoenv goes where boto3 goes.
// (AWS CLI 2.9, the machine's v2, predates these settings, as it does the variables.)

// Each case starts ssoenv, some boto3 (Python) as well: seconds idle, far more at load 20+ here.
vi.setConfig({ testTimeout: 120_000 });

const world = useCliWorld({ loggedIn: true });
const noBoto3 = skipWithoutBoto3();

/** No endpoint variable: the world's would win over the config file's. */
const NO_ENDPOINT_VARIABLES = {
  AWS_ENDPOINT_URL_SSO: "",
  AWS_ENDPOINT_URL_SSO_OIDC: "",
  AWS_ENDPOINT_URL_STS: "",
  AWS_ENDPOINT_URL_SIGNIN: "",
};

/** Short deadlines: a call that goes to AWS (a sandbox may not reach it) or nowhere fails soon. */
const SHORT_DEADLINES = { SSOENV_CONNECT_TIMEOUT: "2s", SSOENV_NETWORK_BUDGET: "5s" };

/** The world's config, profile dev pointed at the emulator by `services = local` only. */
function configWithServices(url: string): string {
  return `${awsConfig(world.emulator).replace("[profile dev]\n", "[profile dev]\nservices = local\n")}
[services local]
sso =
  endpoint_url = ${url}
sso_oidc =
  endpoint_url = ${url}
sts =
  endpoint_url = ${url}
signin =
  endpoint_url = ${url}
`;
}

/** The account boto3's SSO credential provider and STS reach for `profile` (from the cached sign-in). */
async function boto3Account(profile: string): Promise<string> {
  const env = { ...world.env };
  for (const name of Object.keys(env)) if (name.startsWith("AWS_ENDPOINT_URL")) delete env[name];
  const script = `
import boto3
s = boto3.Session(profile_name=${JSON.stringify(profile)})
print(s.client("sts", region_name="us-east-1").get_caller_identity()["Account"])`;
  return (await runPython(script, env)).trim();
}

describe("endpoints set in ~/.aws/config, no AWS_ENDPOINT_URL_* variable", () => {
  beforeAll(async () => {
    await writeFile(world.configPath, configWithServices(world.emulator.url));
  });

  it.skipIf(noBoto3)("env and status reach the emulator through [services], as boto3 does", async () => {
    expect(await boto3Account("dev")).toBe("111111111111");
    world.emulator.resetStats();
    const env = await world.run(["env", "--profile", "dev", "--format", "json"], {
      env: NO_ENDPOINT_VARIABLES,
    });
    expect(env.exitCode, env.stderr).toBe(0);
    const status = await world.run(["status", "--profile", "dev", "--json"], { env: NO_ENDPOINT_VARIABLES });
    expect(JSON.parse(status.stdout)).toMatchObject({ accountId: "111111111111" });
    expect(world.emulator.stats().byOperation.GetRoleCredentials).toBeGreaterThanOrEqual(1);
  });

  it("console --url signs in at signin's endpoint_url of [services]", async () => {
    const result = await world.run(["console", "--profile", "dev", "--url"], { env: NO_ENDPOINT_VARIABLES });
    expect(result.exitCode, result.stderr).toBe(0);
    const url = result.stdout.trim();
    expect(url.startsWith(`${world.emulator.url}/federation?Action=login&`)).toBe(true);
    // The browser's part: the emulator signs in with the token it issued for these credentials.
    await fetch(url, { redirect: "manual" });
    expect(world.emulator.consoleSignIns()).toMatchObject([{ accountId: "111111111111" }]);
  });

  it.skipIf(noBoto3)(
    "services = NAME without its section: exit 2, one line naming the file and the fix, as boto3 refuses it",
    async () => {
      const config = `${world.home}/missing-services-section`;
      await writeFile(config, configWithServices(world.emulator.url).split("[services local]")[0] ?? "");
      const env = { ...NO_ENDPOINT_VARIABLES, AWS_CONFIG_FILE: config };
      await expect(
        runPython(
          'import boto3\nboto3.Session(profile_name="dev").client("sts", region_name="us-east-1").get_caller_identity()',
          { ...world.env, ...env },
        ),
      ).rejects.toThrow('"local" services configuration does not exist');
      const result = await world.run(["env", "--profile", "dev"], { env });
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(
        `ssoenv: [profile dev] in ${config} names services = local, but the file has no [services local] section`,
      );
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(2); // the message and its hint
    },
  );

  it.skipIf(noBoto3)(
    "[services local ] (a trailing space): boto3 reaches the emulator through it, ssoenv names its line instead of 'no [services local] section'",
    async () => {
      const config = `${world.home}/services-trailing-space`;
      const text = configWithServices(world.emulator.url).replace("[services local]", "[services local ]");
      await writeFile(config, text);
      const line = text.split("\n").indexOf("[services local ]") + 1;
      const env = { ...NO_ENDPOINT_VARIABLES, AWS_CONFIG_FILE: config };
      const boto3 = await runPython(
        'import boto3\nprint(boto3.Session(profile_name="dev").client("sts", region_name="us-east-1").get_caller_identity()["Account"])',
        { ...world.env, ...env },
      );
      expect(boto3.trim()).toBe("111111111111");
      const result = await world.run(["env", "--profile", "dev"], { env });
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `ssoenv: [profile dev] in ${config} names services = local: line ${line} of ${config} names it in a way the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip (quotes around a name with spaces, or extra spaces)\nhint: write the header as [services local] (one space after "services", none in the name: the AWS CLI and the SDKs then read the same section)\n`,
      );
    },
  );
});

// `aws sso login --sso-session corp` makes its SSO OIDC client in the CLI's current profile (AWS_PROFILE,
// else [default]): botocore's session.create_client reads that profile's endpoint_url, services,
// ca_bundle and use_dualstack_endpoint (aws-cli v2, awscli/customizations/sso/utils.py do_sso_login).
describe("--sso-session commands take the endpoints of the current profile, as the AWS CLI does", () => {
  /** No endpoint variables, and a config whose [default] reaches the emulator only through `services = emu`. */
  async function envWithDefaultServices(): Promise<NodeJS.ProcessEnv> {
    return {
      ...NO_ENDPOINT_VARIABLES,
      ...SHORT_DEADLINES,
      AWS_CONFIG_FILE: await configWithDefaultServices(),
    };
  }

  /** The world's config plus a [default] that reaches the emulator only through `services = emu`. */
  async function configWithDefaultServices(): Promise<string> {
    const path = `${world.home}/config-default-services`;
    const url = world.emulator.url;
    await writeFile(
      path,
      `${awsConfig(world.emulator)}
[default]
services = emu

[services emu]
sso =
  endpoint_url = ${url}
sso_oidc =
  endpoint_url = ${url}
`,
    );
    return path;
  }

  it("login --sso-session signs in at [default]'s services = emu", async () => {
    const env = await envWithDefaultServices();
    world.emulator.resetStats();
    const result = await world.run(["login", "--sso-session", "corp", "--method", "native", "--no-browser"], {
      env,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(world.emulator.stats().byOperation.CreateToken).toBeGreaterThanOrEqual(1);
  });

  it("profiles sync --sso-session lists accounts at [default]'s services = emu", async () => {
    await world.logIn();
    const env = await envWithDefaultServices();
    world.emulator.resetStats();
    const result = await world.run(["profiles", "sync", "--sso-session", "corp", "--dry-run"], { env });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(world.emulator.stats().byOperation.ListAccounts).toBeGreaterThanOrEqual(1);
  });

  it("logout --sso-session ends the sign-in at [default]'s services = emu", async () => {
    await world.logIn();
    const env = await envWithDefaultServices();
    world.emulator.resetStats();
    const result = await world.run(["logout", "--sso-session", "corp"], { env });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(world.emulator.stats().byOperation.Logout).toBe(1);
  });
});

// A leftover override (the emulator walk-through's AWS_ENDPOINT_URL_SSO_OIDC, a [services] entry) that
// nothing listens at any more: the error says which setting sent the call there, not just "the network".
describe("an override nothing answers at is named in the error", () => {
  it("AWS_ENDPOINT_URL_SSO_OIDC: the login's error names the variable and the URL", async () => {
    const closed = `http://127.0.0.1:${await freePortOutsideEphemeralRange()}`;
    const result = await world.run(["login", "--profile", "dev", "--method", "native", "--no-browser"], {
      env: { ...SHORT_DEADLINES, AWS_ENDPOINT_URL_SSO_OIDC: closed },
    });
    expect(result.exitCode, result.stderr).not.toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(
        `^ssoenv: SSO OIDC \\w+ at ${closed} could not be reached \\(ECONNREFUSED\\) .*: AWS_ENDPOINT_URL_SSO_OIDC sent it there, not to AWS\\n`,
        "m",
      ),
    );
    expect(result.stderr).toContain("unset AWS_ENDPOINT_URL_SSO_OIDC if it is left over");
  });

  it("[services emu] in the config: env's error names the entry and the file", async () => {
    const closed = `http://127.0.0.1:${await freePortOutsideEphemeralRange()}`;
    await world.logIn();
    // stg: no credentials of it are cached in this file, so env asks SSO for them.
    const config = `${world.home}/config-closed-services`;
    await writeFile(
      config,
      `${awsConfig(world.emulator).replace("[profile stg]\n", "[profile stg]\nservices = emu\n")}
[services emu]
sso =
  endpoint_url = ${closed}
`,
    );
    const result = await world.run(["env", "--profile", "stg"], {
      env: { ...NO_ENDPOINT_VARIABLES, ...SHORT_DEADLINES, AWS_CONFIG_FILE: config },
    });
    expect(result.exitCode, result.stderr).not.toBe(0);
    expect(result.stderr).toContain(`at ${closed} could not be reached (ECONNREFUSED)`);
    expect(result.stderr).toContain(
      `: sso's endpoint_url under [services emu] in ${config} sent it there, not to AWS`,
    );
  });
});
