import { afterEach, describe, expect, it } from "vitest";
import { ensureSession } from "../session/ensure-session.js";
import { type ConnectProxy, startConnectProxy } from "../test-support/connect-proxy.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { proxyFor } from "./proxy-for.js";

describe("proxyFor reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY as curl and the AWS CLI do", () => {
  const url = "https://oidc.eu-west-1.amazonaws.com/token";

  it("takes the variable of the URL's scheme, in either case, and adds http:// when it has no scheme", () => {
    expect(proxyFor(url, { HTTPS_PROXY: "http://proxy:3128" })).toBe("http://proxy:3128");
    expect(proxyFor(url, { https_proxy: "proxy:3128" })).toBe("http://proxy:3128");
    expect(proxyFor(url, { HTTP_PROXY: "http://proxy:3128" })).toBeUndefined();
    expect(proxyFor("http://sso.internal:4599/", { HTTP_PROXY: "http://proxy:3128" })).toBe(
      "http://proxy:3128",
    );
    expect(proxyFor(url, {})).toBeUndefined();
  });

  it("reads no ALL_PROXY, as the AWS CLI and boto3 (botocore takes only the URL's scheme's proxy)", () => {
    expect(proxyFor(url, { ALL_PROXY: "socks5://127.0.0.1:1080", all_proxy: "proxy:1080" })).toBeUndefined();
    expect(proxyFor(url, { all_proxy: "http://all:1080", HTTPS_PROXY: "http://proxy:3128" })).toBe(
      "http://proxy:3128",
    );
  });

  it("leaves out loopback hosts and those NO_PROXY names as botocore reads it: *, a domain and its subdomains", () => {
    const local = { HTTP_PROXY: "http://proxy:3128", HTTPS_PROXY: "http://proxy:3128" };
    expect(proxyFor("http://127.0.0.1:4599/", local)).toBeUndefined();
    expect(proxyFor("http://localhost:4599/", local)).toBeUndefined();
    expect(proxyFor("https://[::1]:4599/", local)).toBeUndefined();
    const env = { HTTPS_PROXY: "http://proxy:3128" };
    expect(proxyFor(url, { ...env, NO_PROXY: "*" })).toBeUndefined();
    expect(proxyFor(url, { ...env, NO_PROXY: "localhost, amazonaws.com" })).toBeUndefined();
    expect(proxyFor(url, { ...env, no_proxy: ".amazonaws.com" })).toBeUndefined();
    expect(proxyFor(url, { ...env, NO_PROXY: "amazonaws.com:8443" })).toBe("http://proxy:3128");
    expect(proxyFor(url, { ...env, NO_PROXY: "notamazonaws.com,::1" })).toBe("http://proxy:3128");
    expect(proxyFor("https://sso.internal:8443/", { ...env, NO_PROXY: "sso.internal:8443" })).toBeUndefined();
    expect(proxyFor("https://[fd00::1]:8443/", env)).toBe("http://proxy:3128");
    // Not read by urllib (botocore), so the proxy is used: Go's *.domain, a list split by spaces, a
    // port the URL does not write.
    expect(proxyFor(url, { ...env, NO_PROXY: "*.amazonaws.com" })).toBe("http://proxy:3128");
    expect(proxyFor(url, { ...env, NO_PROXY: "localhost amazonaws.com" })).toBe("http://proxy:3128");
    expect(proxyFor(url, { ...env, NO_PROXY: "oidc.eu-west-1.amazonaws.com:443" })).toBe("http://proxy:3128");
  });
});

describe("SSO, SSO OIDC and STS through an HTTP proxy", () => {
  const fx = useSsoFixture();
  let proxy: ConnectProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  /** A CONNECT proxy that alone knows where `*.proxied.invalid` is (the emulator); records each tunnel. */
  async function startProxy(emulatorPort: number): Promise<ConnectProxy> {
    proxy = await startConnectProxy({ upstreamPort: emulatorPort });
    return proxy;
  }

  it("reaches endpoints only the proxy can reach, as the AWS CLI does with HTTPS_PROXY", async () => {
    const port = new URL(fx.emulator.url).port;
    const hidden = `http://aws.proxied.invalid:${port}`; // .invalid never resolves (RFC 6761)
    const { url, tunnels } = await startProxy(Number(port));
    await fx.seedToken({ ssoSession: "corp", startUrl: "" });
    const env = {
      ...fx.env,
      AWS_ENDPOINT_URL_SSO: hidden,
      AWS_ENDPOINT_URL_SSO_OIDC: hidden,
      AWS_ENDPOINT_URL_STS: hidden,
      HTTP_PROXY: url,
    };
    const session = await ensureSession({ profile: "dev", env, interactive: false });
    expect(session.identity.account).toBe("111111111111");
    expect(tunnels).toContain(`aws.proxied.invalid:${port}`);
    expect(fx.emulator.stats().byOperation).toMatchObject({ GetRoleCredentials: 1, GetCallerIdentity: 1 });
  });

  it("goes straight to a loopback endpoint (the emulator), whatever HTTP_PROXY says", async () => {
    await fx.seedToken({ ssoSession: "corp", startUrl: "" });
    const { url, tunnels } = await startProxy(1); // a proxy that could not reach the emulator
    const env = { ...fx.env, HTTP_PROXY: url };
    const session = await ensureSession({ profile: "dev", env, interactive: false });
    expect(session.identity.account).toBe("111111111111");
    expect(tunnels).toEqual([]);
  });
});
