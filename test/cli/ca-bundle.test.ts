import { readFileSync } from "node:fs";
import { appendFile, copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { get } from "node:http";
import { join } from "node:path";
import { parse } from "dotenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool, warnMissing } from "../container/support/find-tool.js";
import { runWithPipes } from "./support/run-with-pipes.js";
import { startTlsFront, type TlsFront } from "./support/start-tls-front.js";
import { useCliWorld } from "./support/use-cli-world.js";

// Behind a TLS-inspecting proxy (or an AWS endpoint under a private CA) the AWS CLI and boto3 trust
// the CA bundle named by AWS_CA_BUNDLE, else by `ca_bundle` in the profile; ssoenv must too (checked
// with the AWS CLI 2.9.19: it signs in and exports credentials through such an endpoint with
// AWS_CA_BUNDLE, and says "SSL validation failed ... self-signed certificate" without it). Here the
// emulator sits behind a TLS server whose certificate is generated at test time.

const openssl = findTool("openssl");
if (!openssl) warnMissing("openssl", "the AWS_CA_BUNDLE tests (apt-get install openssl)");

const world = useCliWorld({ loggedIn: true });
let front: TlsFront | undefined;
let url: string;
let bundle: string;

beforeAll(async () => {
  if (!openssl) return;
  front = await startTlsFront({
    openssl,
    dir: world.home,
    subject: "/CN=127.0.0.1",
    subjectAltName: "IP:127.0.0.1",
    upstreamUrl: world.emulator.url,
  });
  bundle = front.bundle;
  url = `https://127.0.0.1:${front.port}`;
});
afterAll(async () => {
  await front?.close();
});

const throughTls = () => ({
  AWS_ENDPOINT_URL_SSO: url,
  AWS_ENDPOINT_URL_SSO_OIDC: url,
  AWS_ENDPOINT_URL_STS: url,
});

describe.skipIf(!openssl)("a private CA: AWS_CA_BUNDLE and ca_bundle, as the AWS CLI reads them", () => {
  it("AWS_CA_BUNDLE: credentials through the endpoint", async () => {
    const result = await world.run(["env", "--profile", "dev", "--format", "json"], {
      env: { ...throughTls(), AWS_CA_BUNDLE: bundle },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  });

  it("ca_bundle in the profile: the same", async () => {
    const config = join(world.home, "config-with-ca-bundle");
    await writeFile(config, readFileSync(world.configPath, "utf8"));
    await appendFile(
      config,
      `\n[profile tls]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nca_bundle = ${bundle}\n`,
    );
    const result = await world.run(["env", "--profile", "tls", "--format", "json"], {
      env: { ...throughTls(), AWS_CONFIG_FILE: config },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  });

  // Node.js 20: reading the bundle as bytes fstat'ed the pipe into Node's shared stat buffer, and the
  // module loader's next lookup stopped short: "unexpected error: Error: Cannot find module
  // '@aws-sdk/core/client'". Two clients (SSO, STS) trust it: the pipe is read once.
  it("AWS_CA_BUNDLE=<(...): credentials through the endpoint", async () => {
    const result = await runWithPipes(
      world,
      ["env", "--profile", "dev", "--format", "json"],
      { AWS_CA_BUNDLE: bundle },
      { env: throughTls() },
    );
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  });

  it("without it: one line saying the certificate is not trusted and naming AWS_CA_BUNDLE, not retried", async () => {
    world.emulator.resetStats();
    const result = await world.run(["env", "--profile", "dev"], { env: throughTls() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    const [message, hint, ...rest] = result.stderr.trimEnd().split("\n");
    expect(message).toContain(`${url} presented a TLS certificate this machine does not trust`);
    expect(message).toContain("(1 attempt ");
    expect(hint).toContain("AWS_CA_BUNDLE");
    expect(hint).toContain("ca_bundle");
    expect(rest).toEqual([]);
  });

  it("console: the federation call trusts AWS_CA_BUNDLE too", async () => {
    const env = { ...throughTls(), AWS_ENDPOINT_URL_SIGNIN: url, AWS_CA_BUNDLE: bundle };
    const result = await world.run(["console", "--profile", "dev", "--url"], { env });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${url}/federation?Action=login`);
  });

  it("console: the federation call trusts the profile's ca_bundle, as the SSO call before it does", async () => {
    const config = join(world.home, "config-console-ca-bundle");
    await writeFile(config, readFileSync(world.configPath, "utf8"));
    await appendFile(
      config,
      `\n[profile tls]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nca_bundle = ${bundle}\n`,
    );
    const result = await world.run(["console", "--profile", "tls", "--url"], {
      env: { ...throughTls(), AWS_ENDPOINT_URL_SIGNIN: url, AWS_CONFIG_FILE: config },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${url}/federation?Action=login`);
  });

  it("doctor: the clock check trusts AWS_CA_BUNDLE, and without it names the certificate and AWS_CA_BUNDLE", async () => {
    const clockOf = (stdout: string) =>
      (
        JSON.parse(stdout) as {
          findings: Array<{ check: string; status: string; message: string; fix?: string }>;
        }
      ).findings.find((f) => f.check === "clock");
    const trusted = await world.run(["doctor", "--json"], {
      env: { ...throughTls(), AWS_CA_BUNDLE: bundle },
    });
    // ok whatever the second it lands on ("in sync with", or "1 s ahead of" with the Date's rounding)
    const ok = clockOf(trusted.stdout);
    expect(ok?.status, ok?.message).toBe("ok");
    expect(ok?.message).toContain(`STS (${url})`);
    const untrusted = clockOf((await world.run(["doctor", "--json"], { env: throughTls() })).stdout);
    expect(untrusted?.status).toBe("warn");
    expect(untrusted?.message).toContain(`${url} presented a TLS certificate this machine does not trust`);
    expect(untrusted?.fix).toContain("AWS_CA_BUNDLE");
  }, 120_000); // two doctor runs, each starting the AWS CLI: 13-24 s at load 15-20 on 2 cores

  /** refresh of ssoenv.toml's `profile` into an endpoint file, then a GET at that endpoint. */
  async function refreshThroughBackgroundServer(
    profile: string,
    env: NodeJS.ProcessEnv,
  ): Promise<{ status: number; body: string }> {
    await writeFile(
      join(world.project, "ssoenv.toml"),
      `profile = "${profile}"\n[[env_files]]\npath = "api.env"\ncredentials = "endpoint"\n`,
    );
    try {
      const refreshed = await world.run(["refresh"], { env });
      expect(refreshed.exitCode, refreshed.stderr).toBe(0);
      const file = parse(await readFile(join(world.project, "api.env"), "utf8"));
      return await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const uri = file.AWS_CONTAINER_CREDENTIALS_FULL_URI as string;
        const headers = { Authorization: file.AWS_CONTAINER_AUTHORIZATION_TOKEN as string };
        get(uri, { headers, agent: false }, (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => {
            body += chunk.toString();
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        }).once("error", reject);
      });
    } finally {
      await world.run(["serve", "--stop"], { env });
    }
  }

  it('a relative AWS_CA_BUNDLE: the background server of credentials = "endpoint" trusts it too, though it runs in another folder', async () => {
    await mkdir(join(world.project, "certs"), { recursive: true });
    await copyFile(bundle, join(world.project, "certs", "ca.pem"));
    const env = { ...throughTls(), AWS_CA_BUNDLE: join("certs", "ca.pem") };
    const answer = await refreshThroughBackgroundServer("dev", env);
    expect(answer.status, answer.body.slice(0, 300)).toBe(200);
  });

  // The AWS CLI reads a relative ca_bundle from the folder it runs in (checked with 2.9.19: from
  // another folder it says "SSL validation failed ... [Errno 2] No such file or directory"). The
  // background server runs in its state folder: it answered 500 "ca_bundle of the profile names
  // certs/ca.pem, which cannot be read (ENOENT)".
  it("a relative ca_bundle in the profile: the background server reads it from the folder refresh ran in", async () => {
    await mkdir(join(world.project, "certs"), { recursive: true });
    await copyFile(bundle, join(world.project, "certs", "ca.pem"));
    const config = join(world.home, "config-relative-ca-bundle");
    await writeFile(config, readFileSync(world.configPath, "utf8"));
    await appendFile(
      config,
      "\n[profile tls]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nca_bundle = certs/ca.pem\n",
    );
    const answer = await refreshThroughBackgroundServer("tls", { ...throughTls(), AWS_CONFIG_FILE: config });
    expect(answer.status, answer.body.slice(0, 300)).toBe(200);
  });

  it("a bundle that cannot be read: exit 2 naming AWS_CA_BUNDLE and the file", async () => {
    const missing = join(world.home, "no-such-bundle.pem");
    const result = await world.run(["env", "--profile", "dev"], {
      env: { ...throughTls(), AWS_CA_BUNDLE: missing },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`AWS_CA_BUNDLE names ${missing}`);
  });
});
