import { readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type CliResult, startCliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// Answers that are not AWS's, from stub servers standing in for the SSO portal endpoint
// (AWS_ENDPOINT_URL_SSO): the emulator keeps serving SSO OIDC and STS, and the token cache is valid,
// so every command's first network call (SSO GetRoleCredentials) meets the stub.

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const world = useCliWorld({ loggedIn: true });
const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

async function stub(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => handler(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Short deadlines so a black hole costs about a second. */
const FAST = {
  SSOENV_CONNECT_TIMEOUT: "300ms",
  SSOENV_RESPONSE_TIMEOUT: "300ms",
  SSOENV_NETWORK_BUDGET: "1s",
};

function runAgainst(endpoint: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return world.run(args, { env: { AWS_ENDPOINT_URL_SSO: endpoint, ...FAST, ...extra } });
}

/** One message line and one hint line, no stack trace, no "unexpected error". */
function expectOneLine(result: CliResult): string {
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines.length, result.stderr).toBeLessThanOrEqual(2);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /);
  expect(result.stderr).not.toContain("unexpected error");
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return lines[0] as string;
}

/** Control characters other than the newlines that end lines (ESC, BEL, C1, ...). */
function controlCharacters(text: string): number[] {
  return [...text]
    .map((char) => char.codePointAt(0) as number)
    .filter((code) => code !== 10 && (code < 32 || (code >= 127 && code < 160)));
}

async function accessToken(): Promise<string> {
  const { readdir } = await import("node:fs/promises");
  const dir = join(world.home, ".aws", "sso", "cache");
  const [file] = await readdir(dir);
  return (JSON.parse(await readFile(join(dir, file as string), "utf8")) as { accessToken: string })
    .accessToken;
}

describe("every network call has a deadline", () => {
  let blackHole: string;
  // When each connection to the black hole opened and closed (ssoenv giving up closes it): the time
  // ssoenv waited on the endpoint, apart from its own start, which takes seconds on a loaded machine.
  let connections: { openedAt: number; closedAt?: number }[] = [];
  beforeAll(async () => {
    // Accepts the connection, reads the request, never answers.
    blackHole = await stub(() => {});
    servers.at(-1)?.on("connection", (socket) => {
      const connection: { openedAt: number; closedAt?: number } = { openedAt: Date.now() };
      connections.push(connection);
      socket.once("close", () => {
        connection.closedAt = Date.now();
      });
    });
  });

  for (const args of [
    ["credential-process", "--profile", "dev"],
    ["env", "--profile", "dev"],
    ["refresh", "--profile", "dev", "--env-file", "black-hole.env"],
  ]) {
    it(`${args[0]} gives up on an endpoint that never answers, naming it`, async () => {
      connections = [];
      const result = await runAgainst(blackHole, args);
      // Its connections close with it, but their "close" may come after the process's.
      await vi.waitFor(() => expect(connections.every((c) => c.closedAt !== undefined)).toBe(true), {
        timeout: 10_000,
      });
      expect(connections.length).toBeGreaterThan(0);
      const firstOpened = Math.min(...connections.map((c) => c.openedAt));
      const lastClosed = Math.max(...connections.map((c) => c.closedAt as number));
      expect(lastClosed - firstOpened).toBeLessThan(10_000);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
      const line = args[0] === "credential-process" ? result.stderr.trimEnd() : expectOneLine(result);
      expect(line).toContain(`SSO GetRoleCredentials at ${blackHole} did not answer within 300 ms`);
      expect(result.stderr).toContain("SSOENV_RESPONSE_TIMEOUT");
    });
  }

  it("refuses a deadline that is not a duration, naming the variable (exit 2)", async () => {
    const result = await runAgainst(blackHole, ["env", "--profile", "dev"], {
      SSOENV_RESPONSE_TIMEOUT: "soon",
    });
    expect(result.exitCode).toBe(2);
    expect(expectOneLine(result)).toContain('SSOENV_RESPONSE_TIMEOUT "soon" is not a duration');
  });
});

describe("answers that are not AWS's are one line, exit 1", () => {
  it("a proxy's HTML 407", async () => {
    const proxy = await stub((_req, _body, res) => {
      res.writeHead(407, { "content-type": "text/html", "proxy-authenticate": "Basic" });
      res.end("<html><body><h1>Proxy Authentication Required</h1></body></html>");
    });
    const result = await runAgainst(proxy, ["env", "--profile", "dev"]);
    expect(result.exitCode).toBe(1);
    const line = expectOneLine(result);
    expect(line).toContain(`SSO GetRoleCredentials at ${proxy} answered HTTP 407`);
    expect(result.stderr).toContain("HTTPS_PROXY");
  });

  it("a 200 that is not JSON", async () => {
    const portal = await stub((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("<html>Sign in to the hotel Wi-Fi</html>");
    });
    const result = await runAgainst(portal, ["refresh", "--profile", "dev", "--env-file", "portal.env"]);
    expect(result.exitCode).toBe(1);
    expect(expectOneLine(result)).toContain(`SSO GetRoleCredentials at ${portal} answered HTTP 200`);
  });

  it("an AWS-shaped error of a type ssoenv does not know, its text cleaned", async () => {
    const odd = await stub((_req, _body, res) => {
      res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "WeirdException" });
      res.end(JSON.stringify({ message: "weird \u001b[31mred\u001b[0m \u001b]0;owned\u0007 \u009b2J" }));
    });
    const result = await runAgainst(odd, ["credential-process", "--profile", "dev"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(`SSO GetRoleCredentials at ${odd} answered HTTP 400`);
    expect(result.stderr).toContain("WeirdException: weird red");
    expect(controlCharacters(result.stderr)).toEqual([]);
  });
});

describe("server text is untrusted", () => {
  it("a server echoing the request does not make ssoenv print the access token or escapes", async () => {
    const echo = await stub((req, body, res) => {
      res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "EchoException" });
      res.end(
        JSON.stringify({
          message: `\u001b]0;owned\u0007echo ${JSON.stringify(req.headers)}${body}\u001b[2J`,
        }),
      );
    });
    const token = await accessToken();
    expect(token.length).toBeGreaterThan(8);
    const result = await runAgainst(echo, ["env", "--profile", "dev"]);
    expect(result.exitCode).toBe(1);
    expectOneLine(result);
    // The echo reached us (the header name is there), the token did not.
    expect(result.stderr).toContain("x-amz-sso_bearer_token");
    expect(result.stderr).toContain("[redacted]");
    expect(result.stderr).not.toContain(token);
    expect(controlCharacters(result.stderr)).toEqual([]);
  });
});

describe("a clock far from AWS's", () => {
  it("refuses, naming the skew, instead of writing credentials that look expired", async () => {
    const twoHours = 2 * 3_600_000;
    // AWS's clock (its Date header and the expiries it hands out) two hours behind this machine's; an
    // idle connection kept open for 10 minutes, so a refused answer's connection left open shows.
    const skewed = await startCliWorld({
      now: Date.now() - twoHours,
      dateSkewMs: -twoHours,
      keepAliveMs: 600_000,
    });
    try {
      await skewed.logIn();
      await writeFile(join(skewed.project, ".env"), "KEEP=1\n");
      // Stopped after 45 s (it ends in a second or two, 10 at most on a loaded machine): a refresh still
      // running then waits for AWS to close the connection of the answer it refused (or for the response
      // deadline, here as long as a user on a slow link might set it, to abort it).
      const result = await skewed.run(["refresh", "--profile", "dev"], {
        env: { SSOENV_RESPONSE_TIMEOUT: "5m", SSOENV_NETWORK_BUDGET: "5m" },
        onSpawn: (child) => {
          const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
          child.once("close", () => clearTimeout(timer));
        },
      });
      expect(result.signal, "still running 45 s on: waiting for the refused answer's connection").toBeNull();
      expect(result.exitCode).toBe(1);
      const line = expectOneLine(result);
      expect(line).toContain("clock is 2h 0m ahead of");
      expect(result.stderr).toContain("SSOENV_MAX_CLOCK_SKEW");
      expect(result.stdout).not.toContain("expired");
      expect(await readFile(join(skewed.project, ".env"), "utf8")).toBe("KEEP=1\n");

      // Allowed on purpose, it goes through: STS refuses a signature 2 h off its clock (as AWS: more
      // than 15 min), the SDK sets its clock offset from that answer's Date, and the call is signed again.
      skewed.emulator.resetStats();
      const allowed = await skewed.run(["refresh", "--profile", "dev"], {
        env: { SSOENV_MAX_CLOCK_SKEW: "3h" },
      });
      expect(allowed.exitCode, allowed.stderr).toBe(0);
      expect(await readFile(join(skewed.project, ".env"), "utf8")).toMatch(/^AWS_ACCESS_KEY_ID=ASIA/m);
      expect(skewed.emulator.stats().byOperation.GetCallerIdentity).toBe(2);
    } finally {
      await skewed.stop();
    }
  }, 120_000);
});
