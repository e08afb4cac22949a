import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { type ConnectProxy, startConnectProxy } from "../../packages/core/src/test-support/connect-proxy.js";
import { runAwsCli } from "./support/aws-cli-v2.js";
import { useCliWorld } from "./support/use-cli-world.js";

// On a network where only a proxy reaches AWS, the AWS CLI and boto3 go through HTTPS_PROXY /
// HTTP_PROXY unless NO_PROXY names the host; ssoenv's SSO and STS clients do too (52f9a4b). Here the
// commands that make their own HTTP calls (doctor's clock check, console's getSigninToken) are held
// to the same: their endpoints are under .invalid, which never resolves (RFC 6761), so only a real
// CONNECT proxy that knows where they are (the emulator) can reach them.

const world = useCliWorld({ loggedIn: true });
let proxy: ConnectProxy;
let proxyUrl: string;

beforeAll(async () => {
  proxy = await startConnectProxy({ upstreamPort: Number(new URL(world.emulator.url).port) });
  proxyUrl = proxy.url;
});
afterAll(async () => {
  await proxy?.close();
});
beforeEach(() => {
  proxy.tunnels.length = 0;
});

/** Every AWS endpoint under a host only the proxy can reach. */
function hidden(): { host: string; env: NodeJS.ProcessEnv } {
  const host = `aws.proxied.invalid:${new URL(world.emulator.url).port}`;
  const url = `http://${host}`;
  return {
    host,
    env: {
      AWS_ENDPOINT_URL_SSO: url,
      AWS_ENDPOINT_URL_SSO_OIDC: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_SIGNIN: url,
    },
  };
}

interface Finding {
  check: string;
  status: string;
  message: string;
  fix?: string;
}

const clockOf = (stdout: string) =>
  (JSON.parse(stdout) as { findings: Finding[] }).findings.find((f) => f.check === "clock");

describe("HTTP_PROXY / HTTPS_PROXY and NO_PROXY, as the AWS CLI reads them", () => {
  it("doctor's clock check asks STS through the proxy", async () => {
    const { host, env } = hidden();
    const result = await world.run(["doctor", "--json"], { env: { ...env, HTTP_PROXY: proxyUrl } });
    const clock = clockOf(result.stdout);
    expect(clock?.status, clock?.message).toBe("ok");
    expect(clock?.message).toContain(`STS (http://${host})`);
    expect(proxy.tunnels).toContain(host);
  });

  it("doctor's clock check goes direct when NO_PROXY names the host: it cannot reach it, and says why", async () => {
    const { env } = hidden();
    const result = await world.run(["doctor", "--json"], {
      env: { ...env, HTTP_PROXY: proxyUrl, NO_PROXY: ".invalid" },
    });
    const clock = clockOf(result.stdout);
    expect(clock?.status).toBe("warn");
    expect(clock?.message).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(clock?.fix).toContain("HTTPS_PROXY");
    expect(proxy.tunnels).toEqual([]);
  });

  it("console's sign-in URL: getSigninToken goes through the proxy too", async () => {
    const { host, env } = hidden();
    const result = await world.run(["console", "--profile", "dev", "--url"], {
      env: { ...env, HTTP_PROXY: proxyUrl },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`http://${host}/federation?Action=login`);
  });
  it("a proxy that does not answer: the error names it (without its password), as the AWS CLI's 'Failed to connect to proxy URL' does", async () => {
    const { host, env } = hidden();
    // A password generated at test time: it must not appear anywhere in the output.
    const password = `pw${Date.now().toString(36)}x`;
    const result = await world.run(["env", "--profile", "dev"], {
      env: { ...env, HTTP_PROXY: `http://someone:${password}@127.0.0.1:9` },
    });
    expect(result.exitCode).toBe(1);
    const [message, hint] = result.stderr.trimEnd().split("\n");
    expect(message).toContain(
      `at http://${host} could not be reached through the proxy http://127.0.0.1:9 (ECONNREFUSED)`,
    );
    expect(hint).toContain("HTTPS_PROXY");
    expect(result.stdout + result.stderr).not.toContain(password);
  });
});

// ALL_PROXY (curl's, often a SOCKS proxy: socks5://127.0.0.1:1080) is read by neither the AWS CLI v2
// nor boto3 (botocore takes getproxies()'s entry for the URL's scheme only) nor the JS SDK: they go
// direct, and so does ssoenv.
describe("ALL_PROXY, which the AWS CLI and boto3 do not read", () => {
  it.skipIf(skipWithoutAwsCliV2())(
    "the AWS CLI v2 goes direct: a dead proxy in ALL_PROXY stops nothing",
    async () => {
      const dead = "http://127.0.0.1:9";
      const { stdout } = await runAwsCli(
        world,
        ["sts", "get-caller-identity", "--profile", "dev", "--query", "Account", "--output", "text"],
        { ALL_PROXY: dead, all_proxy: dead },
      );
      expect(stdout.trim()).toBe("111111111111");
    },
  );

  it("ssoenv goes direct too: the host only the proxy knows is not found, and no tunnel is asked for", async () => {
    const { host, env } = hidden();
    const result = await world.run(["env", "--profile", "dev"], { env: { ...env, ALL_PROXY: proxyUrl } });
    expect(proxy.tunnels).toEqual([]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`at http://${host} could not be reached`);
    expect(result.stderr).not.toContain("through the proxy");
  });
});

// NO_PROXY as botocore reads it (Python's urllib proxy_bypass_environment): `*` alone, else a
// comma-separated list of hosts or domains (a leading dot ignored) matched with their subdomains; no
// `*.domain` (Go's), no space-separated list. Where it names no host, the proxy is used.
describe("NO_PROXY as the AWS CLI reads it: no *.domain, no space-separated list", () => {
  const dead = "http://127.0.0.1:9";
  const account = [
    "sts",
    "get-caller-identity",
    "--profile",
    "dev",
    "--query",
    "Account",
    "--output",
    "text",
  ];

  it.skipIf(skipWithoutAwsCliV2())(
    "the AWS CLI v2 uses the proxy for them, and goes direct for a listed host",
    async () => {
      // AWS CLI 2.9 matches NO_PROXY against the AWS host it would call (its endpoint rule set, from
      // AWS_DATA_PATH, then sends the call to the emulator): *.amazonaws.com here.
      for (const noProxy of ["*.amazonaws.com", "localhost .amazonaws.com"]) {
        await expect(
          runAwsCli(world, account, { HTTP_PROXY: dead, NO_PROXY: noProxy }),
          `NO_PROXY=${noProxy}`,
        ).rejects.toThrow(/Failed to connect to proxy URL/);
      }
      const { stdout } = await runAwsCli(world, account, {
        HTTP_PROXY: dead,
        NO_PROXY: "localhost,.amazonaws.com",
      });
      expect(stdout.trim()).toBe("111111111111");
    },
  );

  it("ssoenv goes through the proxy for them too", async () => {
    const { host, env } = hidden();
    for (const noProxy of ["*.invalid", "localhost .invalid"]) {
      proxy.tunnels.length = 0;
      const result = await world.run(["env", "--profile", "dev"], {
        env: { ...env, HTTP_PROXY: proxyUrl, NO_PROXY: noProxy },
      });
      expect(result.exitCode, `NO_PROXY=${noProxy}: ${result.stderr}`).toBe(0);
      expect(proxy.tunnels).toContain(host);
    }
  });
});
