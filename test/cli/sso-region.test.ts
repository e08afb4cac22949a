import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ConnectProxy, startConnectProxy } from "../../packages/core/src/test-support/connect-proxy.js";
import { findTool, warnMissing } from "../container/support/find-tool.js";
import { startTlsFront, type TlsFront } from "./support/start-tls-front.js";
import { useCliWorld } from "./support/use-cli-world.js";

// SSO and SSO OIDC calls are unsigned: only the host name says which region they go to, and an endpoint
// override (AWS_ENDPOINT_URL_*) hides it. Here ssoenv resolves AWS's own host names, as for real
// (oidc.<sso_region>.amazonaws.com, portal.sso.<sso_region>…, sts.<region>…), and reaches the emulator
// through a CONNECT proxy and a TLS front (certificate made at test time, trusted with AWS_CA_BUNDLE)
// that keeps the Host: the emulator answers a call to another region as that region's Identity Center.

const openssl = findTool("openssl");
if (!openssl) warnMissing("openssl", "the SSO region tests (apt-get install openssl)");

const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";
const AUDITOR = "arn:aws:iam::333333333333:role/Auditor";
const world = useCliWorld({
  loggedIn: true,
  emulator: { region: "us-east-1", roles: [{ arn: DEPLOYER }, { arn: AUDITOR }] },
});
let front: TlsFront | undefined;
let proxy: ConnectProxy;
let bundle: string;

beforeAll(async () => {
  if (!openssl) return;
  const names = ["us-east-1", "eu-west-1", "ap-southeast-2"].map(
    (r) =>
      `DNS:*.${r}.amazonaws.com,DNS:portal.sso.${r}.amazonaws.com,DNS:portal.sso-fips.${r}.amazonaws.com,DNS:*.${r}.api.aws,DNS:portal.sso.${r}.api.aws`,
  );
  front = await startTlsFront({
    openssl,
    dir: world.home,
    subject: "/CN=amazonaws.com",
    subjectAltName: names.join(","),
    upstreamUrl: world.emulator.url,
  });
  bundle = front.bundle;
  proxy = await startConnectProxy({ upstreamPort: front.port });
});
afterAll(async () => {
  await proxy?.close();
  await front?.close();
});
beforeEach(() => {
  if (proxy) proxy.tunnels.length = 0;
});

/** AWS's own endpoints, reached through the proxy: no endpoint override. */
const asForReal = () => ({
  AWS_ENDPOINT_URL_SSO: "",
  AWS_ENDPOINT_URL_SSO_OIDC: "",
  AWS_ENDPOINT_URL_STS: "",
  HTTPS_PROXY: proxy.url,
  AWS_CA_BUNDLE: bundle,
});

describe.skipIf(!openssl)(
  "the region of each call: sso_region for SSO and SSO OIDC, the profile's for STS",
  () => {
    it("credentials of a profile whose region is not its sso-session's", async () => {
      // dev: sso_region us-east-1 (the emulator's), region eu-west-1
      const result = await world.run(["env", "--profile", "dev", "--format", "json"], { env: asForReal() });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      expect(proxy.tunnels).toEqual([
        "portal.sso.us-east-1.amazonaws.com:443",
        "sts.eu-west-1.amazonaws.com:443",
      ]);
    });

    it("a login to an sso_region that is not the Identity Center's is refused there, and names the config", async () => {
      const config = join(world.home, ".aws", "config");
      const before = await readFile(config, "utf8");
      try {
        await writeFile(config, before.replaceAll("sso_region = us-east-1", "sso_region = eu-west-1"));
        const result = await world.run(["login", "--profile", "dev", "--no-browser", "--method", "native"], {
          env: asForReal(),
        });
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toContain("IAM Identity Center (eu-west-1) refused the start URL");
        expect(result.stderr).toContain("check sso_start_url and sso_region of [sso-session corp]");
        expect(new Set(proxy.tunnels)).toEqual(new Set(["oidc.eu-west-1.amazonaws.com:443"]));
      } finally {
        await writeFile(config, before);
      }
    });
  },
);

// botocore makes every client of a role chain (SSO's, and STS's for each hop) in the profile asked for:
// its use_dualstack_endpoint and region, whatever the profiles the chain passes through say (boto3
// 1.43, seen with a before-send hook: portal.sso.us-east-1.api.aws, then sts.<asked region>.api.aws
// for each hop).
describe.skipIf(!openssl)("a role chain's endpoints are the asked profile's, as in botocore", () => {
  beforeAll(async () => {
    const config = join(world.home, ".aws", "config");
    await writeFile(
      config,
      `${await readFile(config, "utf8")}
[profile dualstack-root]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
use_dualstack_endpoint = true

[profile mid]
role_arn = ${DEPLOYER}
source_profile = dev
region = ap-southeast-2

[profile top-dualstack]
role_arn = ${AUDITOR}
source_profile = mid
region = eu-west-1
use_dualstack_endpoint = true

[profile fips]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = eu-west-1
use_fips_endpoint = true

[profile fips-chain]
role_arn = ${DEPLOYER}
source_profile = dev
region = eu-west-1
use_fips_endpoint = true

[profile on-dualstack-root]
role_arn = ${DEPLOYER}
source_profile = dualstack-root
region = eu-west-1
`,
    );
  });

  it.each([
    [
      "top-dualstack",
      "dual-stack from the asked profile, every hop in its region",
      ["portal.sso.us-east-1.api.aws:443", "sts.eu-west-1.api.aws:443"],
    ],
    [
      "fips",
      "use_fips_endpoint = true: SSO's and STS's FIPS endpoints (boto3: portal.sso-fips, sts-fips)",
      ["portal.sso-fips.us-east-1.amazonaws.com:443", "sts-fips.eu-west-1.amazonaws.com:443"],
    ],
    [
      "fips-chain",
      "use_fips_endpoint = true of the asked profile, for SSO and every hop",
      ["portal.sso-fips.us-east-1.amazonaws.com:443", "sts-fips.eu-west-1.amazonaws.com:443"],
    ],
    [
      "on-dualstack-root",
      "the root's use_dualstack_endpoint left aside",
      ["portal.sso.us-east-1.amazonaws.com:443", "sts.eu-west-1.amazonaws.com:443"],
    ],
  ])("%s: %s", async (profile, _why, tunnels) => {
    const result = await world.run(["env", "--profile", profile, "--format", "json"], { env: asForReal() });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(new Set(proxy.tunnels)).toEqual(new Set(tunnels));
  });
});

describe.skipIf(!openssl)("AWS_USE_FIPS_ENDPOINT, as the AWS CLI reads it", () => {
  it("true: the FIPS endpoints for a profile that does not ask for them", async () => {
    const result = await world.run(["env", "--profile", "dev", "--format", "json"], {
      env: { ...asForReal(), AWS_USE_FIPS_ENDPOINT: "true" },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(new Set(proxy.tunnels)).toEqual(
      new Set(["portal.sso-fips.us-east-1.amazonaws.com:443", "sts-fips.eu-west-1.amazonaws.com:443"]),
    );
  });
});
