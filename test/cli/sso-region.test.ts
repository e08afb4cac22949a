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

const world = useCliWorld({ loggedIn: true, emulator: { region: "us-east-1" } });
let front: TlsFront | undefined;
let proxy: ConnectProxy;
let bundle: string;

beforeAll(async () => {
  if (!openssl) return;
  const names = ["us-east-1", "eu-west-1"].map(
    (r) => `DNS:*.${r}.amazonaws.com,DNS:portal.sso.${r}.amazonaws.com`,
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
