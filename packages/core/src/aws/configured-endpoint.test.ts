import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSsoProfile } from "../config/load-sso-profile.js";
import { login } from "../login/login.js";
import { ensureSession } from "../session/ensure-session.js";
import { rejection } from "../test-support/rejection.js";
import { standardConfig } from "../test-support/sso-fixture.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { endpointFor } from "./aws-clients.js";

// AWS's service-specific endpoints, in its order: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the
// [services NAME] section the profile names, the profile's endpoint_url; none of them under
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls = true. Through the real SDK
// against the emulator, with no AWS_ENDPOINT_URL_* unless a case sets one.

const corp = { ssoSession: "corp", startUrl: "", name: "dev" };
const ROLE = "arn:aws:iam::222222222222:role/Deployer";
/** The end-to-end tests' scripted browser: follows /authorize's redirect to the loopback callback. */
const FAKE_BROWSER = fileURLToPath(new URL("../../../../test/cli/support/fake-browser.mjs", import.meta.url));
/** A device login the emulator approves at once. */
const NATIVE_LOGIN = { interactive: true, noBrowser: true, login: "native", onPrompt: () => {} } as const;

/** A loopback URL nothing listens on: a call sent there fails at once with ECONNREFUSED. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("endpoints set in ~/.aws/config", () => {
  const fx = useSsoFixture({ emulator: { roles: [{ arn: ROLE }] } });
  let env: NodeJS.ProcessEnv;
  let dead: string;
  beforeEach(async () => {
    env = { ...fx.env };
    for (const name of Object.keys(env)) if (name.startsWith("AWS_ENDPOINT_URL")) delete env[name];
    dead = await deadUrl();
  });

  /** The standard config, profile dev given `lines`, and the sections in `extra`. */
  const writeConfig = (lines: string, extra = "") =>
    fx.writeConfig(
      `${standardConfig(fx.emulator).replace("[profile dev]\n", `[profile dev]\n${lines}\n`)}\n${extra}`,
    );

  it("reaches SSO and STS through the [services] section the profile names", async () => {
    await writeConfig(
      "services = local",
      `[services local]\nsso =\n  endpoint_url = ${fx.emulator.url}\nsts =\n  endpoint_url = ${fx.emulator.url}\n`,
    );
    await fx.seedToken(corp);
    fx.emulator.resetStats();
    const session = await ensureSession({ profile: "dev", env, interactive: false });
    expect(session.identity.account).toBe("111111111111");
    expect(fx.emulator.stats().byOperation).toEqual({ GetRoleCredentials: 1, GetCallerIdentity: 1 });
  });

  it("logs in through sso_oidc's endpoint_url of the [services] section", async () => {
    await writeConfig(
      "services = local",
      `[services local]\nsso_oidc =\n  endpoint_url = ${fx.emulator.url}\nsso =\n  endpoint_url = ${fx.emulator.url}\nsts =\n  endpoint_url = ${fx.emulator.url}\n`,
    );
    const session = await ensureSession({ profile: "dev", env, ...NATIVE_LOGIN });
    expect(session.identity.account).toBe("111111111111");
    expect(fx.emulator.stats().byOperation).toMatchObject({ StartDeviceAuthorization: 1, CreateToken: 1 });
  });

  it("a browser (PKCE) login opens /authorize at sso_oidc's endpoint_url of the [services] section", async () => {
    await writeConfig(
      "services = local",
      `[services local]\nsso_oidc =\n  endpoint_url = ${fx.emulator.url}\n`,
    );
    const result = await login({
      profile: "dev",
      method: "native",
      env: { ...env, BROWSER: FAKE_BROWSER },
      interactive: true,
      onPrompt: () => {},
    });
    expect(result).toMatchObject({ method: "native", grant: "pkce" });
    expect(fx.emulator.stats().byOperation).toMatchObject({ RegisterClient: 1, CreateToken: 1 });
  });

  it("takes the profile's endpoint_url for every service without an entry of its own", async () => {
    await writeConfig(
      `endpoint_url = ${dead}\nservices = local`,
      `[services local]\nsso =\n  endpoint_url = ${fx.emulator.url}\n`,
    );
    await fx.seedToken(corp);
    // SSO from the [services] entry, STS from the profile's endpoint_url (nothing listens there).
    const error = await rejection(ensureSession({ profile: "dev", env, interactive: false }));
    expect(error.code).toBe("ENDPOINT_UNREACHABLE");
    expect(error.message).toContain(`STS GetCallerIdentity at ${dead}`);
    expect(fx.emulator.stats().byOperation).toEqual({ GetRoleCredentials: 1 });

    await writeConfig(`endpoint_url = ${fx.emulator.url}`);
    const session = await ensureSession({ profile: "dev", env, interactive: false });
    expect(session.identity.account).toBe("111111111111");
  });

  it("AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL win over the config file's", async () => {
    await writeConfig(
      `endpoint_url = ${dead}\nservices = local`,
      `[services local]\nsso =\n  endpoint_url = ${dead}\nsts =\n  endpoint_url = ${dead}\n`,
    );
    await fx.seedToken(corp);
    const viaGlobal = await ensureSession({
      profile: "dev",
      env: { ...env, AWS_ENDPOINT_URL: fx.emulator.url },
      interactive: false,
    });
    expect(viaGlobal.identity.account).toBe("111111111111");
    const error = await rejection(
      ensureSession({
        profile: "dev",
        env: { ...env, AWS_ENDPOINT_URL_SSO: fx.emulator.url },
        interactive: false,
      }),
    );
    expect(error.message).toContain(`STS GetCallerIdentity at ${dead}`);
  });

  it("ignore_configured_endpoint_urls = true turns off the config's and the variables; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false turns them on", async () => {
    await writeConfig(`ignore_configured_endpoint_urls = true\nendpoint_url = ${fx.emulator.url}`);
    const profile = await loadSsoProfile({ profile: "dev", env });
    const withVariable = { ...env, AWS_ENDPOINT_URL_SSO: fx.emulator.url };
    expect(endpointFor("sso", "us-east-1", withVariable, profile)).toBe(
      "https://portal.sso.us-east-1.amazonaws.com",
    );
    expect(endpointFor("sts", "us-east-1", env, profile)).toBe("https://sts.us-east-1.amazonaws.com");
    await fx.seedToken(corp);
    const session = await ensureSession({
      profile: "dev",
      env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" },
      interactive: false,
    });
    expect(session.identity.account).toBe("111111111111");
  });

  it("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns off the config file's endpoints", async () => {
    await writeConfig(`endpoint_url = ${fx.emulator.url}`);
    const profile = await loadSsoProfile({ profile: "dev", env });
    expect(endpointFor("sso", "us-east-1", env, profile)).toBe(fx.emulator.url);
    const ignoring = { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" };
    expect(endpointFor("sso", "us-east-1", ignoring, profile)).toBe(
      "https://portal.sso.us-east-1.amazonaws.com",
    );
  });

  it("a role chain's STS calls take the asked profile's endpoints", async () => {
    await fx.writeConfig(
      `${standardConfig(fx.emulator)}
[profile deployer]
role_arn = ${ROLE}
source_profile = dev
endpoint_url = ${fx.emulator.url}
`,
    );
    await fx.seedToken(corp);
    const session = await ensureSession({ profile: "deployer", env, interactive: false });
    expect(session.identity.arn).toContain("assumed-role/Deployer/");
    expect(fx.emulator.stats().byOperation).toMatchObject({ GetRoleCredentials: 1, AssumeRole: 1 });
  });

  it("services = NAME without a [services NAME] section is CONFIG_INVALID naming the file, before any request", async () => {
    await writeConfig("services = local");
    await fx.seedToken(corp);
    fx.emulator.resetStats();
    const error = await rejection(ensureSession({ profile: "dev", env, interactive: false }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(
      `[profile dev] in ${fx.configPath} names services = local, but the file has no [services local] section`,
    );
    expect(error.hint).toContain("[services local]");
    expect(fx.emulator.stats().total).toBe(0);
  });

  // boto3 (and AWS CLI >= 2.13) splits the header like a shell and reads [services local ] as local;
  // the SDKs skip it. "the file has no [services local] section" would send the user to a section they see.
  it.each([
    ["[services local ]", "[services local]", ""],
    ["[services  local]", "[services local]", ""],
    ["[services local~1]", "[services local-1]", " and services = local-1 in each profile that uses it"],
  ])(
    "a %s header (read by boto3, skipped by the SDKs) is CONFIG_INVALID naming its line and the header to write",
    async (header, fixed, renamed) => {
      const name = header.includes("~") ? "local~1" : "local";
      await writeConfig(`services = ${name}`, `${header}\nsts =\n  endpoint_url = ${fx.emulator.url}\n`);
      await fx.seedToken(corp);
      fx.emulator.resetStats();
      const line = (await readFile(fx.configPath, "utf8")).split("\n").indexOf(header) + 1;
      const error = await rejection(ensureSession({ profile: "dev", env, interactive: false }));
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.message).toBe(
        `[profile dev] in ${fx.configPath} names services = ${name}: line ${line} of ${fx.configPath} ${
          header.includes("~")
            ? "names it with characters the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip in a name (they take A-Z, a-z, 0-9 and - _ @ + . % : / only)"
            : "names it in a way the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip (quotes around a name with spaces, or extra spaces)"
        }`,
      );
      expect(error.hint).toBe(
        `write the header as ${fixed}${renamed} (${header.includes("~") ? "ASCII letters and digits" : 'one space after "services", none in the name'}: the AWS CLI and the SDKs then read the same section)`,
      );
      expect(fx.emulator.stats().total).toBe(0);
    },
  );

  it("an endpoint_url that is not an http(s) URL is CONFIG_INVALID naming where it is written", async () => {
    await writeConfig("services = local", "[services local]\nsso =\n  endpoint_url = localhost:4566\n");
    await fx.seedToken(corp);
    const error = await rejection(ensureSession({ profile: "dev", env, interactive: false }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(
      `sso's endpoint_url under [services local] in ${fx.configPath} is "localhost:4566": not an http:// or https:// URL`,
    );
    expect(error.hint).toContain("http://localhost:4566");
  });
});
