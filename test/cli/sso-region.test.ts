import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ConnectProxy, startConnectProxy } from "../../packages/core/src/test-support/connect-proxy.js";
import { findTool, warnMissing } from "../container/support/find-tool.js";
import { useCliWorld } from "./support/use-cli-world.js";

// SSO and SSO OIDC calls are unsigned: only the host name says which region they go to, and an endpoint
// override (AWS_ENDPOINT_URL_*) hides it. Here ssoenv resolves AWS's own host names, as for real
// (oidc.<sso_region>.amazonaws.com, portal.sso.<sso_region>…, sts.<region>…), and reaches the emulator
// through a CONNECT proxy and a TLS front (certificate made at test time, trusted with AWS_CA_BUNDLE)
// that keeps the Host: the emulator answers a call to another region as that region's Identity Center.

const openssl = findTool("openssl");
if (!openssl) warnMissing("openssl", "the SSO region tests (apt-get install openssl)");

const world = useCliWorld({ loggedIn: true, emulator: { region: "us-east-1" } });
let tls: Server;
let proxy: ConnectProxy;
let bundle: string;

beforeAll(async () => {
  if (!openssl) return;
  const key = join(world.home, "aws-tls.key");
  bundle = join(world.home, "aws-tls.crt");
  const names = ["us-east-1", "eu-west-1"].map(
    (r) => `DNS:*.${r}.amazonaws.com,DNS:portal.sso.${r}.amazonaws.com`,
  );
  execFileSync(openssl, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    key,
    "-out",
    bundle,
    "-days",
    "2",
    "-subj",
    "/CN=amazonaws.com",
    "-addext",
    `subjectAltName=${names.join(",")}`,
  ]);
  const target = new URL(world.emulator.url);
  // Forwards every request to the emulator as it came, its Host (AWS's name) too.
  tls = createServer({ key: readFileSync(key), cert: readFileSync(bundle) }, (req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once("error", () => res.destroy());
    req.pipe(upstream);
  });
  // listen(0) and kept open for the whole file: the port is never handed back.
  await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
  proxy = await startConnectProxy({ upstreamPort: (tls.address() as AddressInfo).port });
});
afterAll(async () => {
  await proxy?.close();
  await new Promise((resolve) => (tls ? tls.close(resolve) : resolve(undefined)));
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
