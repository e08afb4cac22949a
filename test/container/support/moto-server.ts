import { type ChildProcess, spawn } from "node:child_process";
import { freePortOutsideEphemeralRange } from "../../support/free-port.js";

/** A local S3 (moto_server) started by a test: no auth checks, state kept in memory. */
export interface MotoServer {
  /** Base URL, e.g. "http://127.0.0.1:PORT" (path-style bucket addressing). */
  url: string;
  /** Creates a bucket with a plain HTTP PUT. */
  createBucket(name: string): Promise<void>;
  /** The object's body, or undefined when it does not exist. */
  getObject(bucket: string, key: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

/**
 * Starts `moto_server` on a free loopback port and waits until it answers.
 * Plain `moto_server`: INITIAL_NO_AUTH_ACTION_COUNT would make moto check IAM on S3 calls and
 * wrongly refuse terraform's requests; the credentials check happens in STS (the emulator) instead.
 */
export async function startMotoServer(options: { command?: string } = {}): Promise<MotoServer> {
  const port = await freePortOutsideEphemeralRange();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so stop() also ends the python process behind a pyenv shim.
  const child = spawn(options.command ?? "moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: undefined },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: MotoServer = {
    url,
    async createBucket(name) {
      const response = await fetch(`${url}/${name}`, { method: "PUT" });
      if (!response.ok) throw new Error(`moto: PUT /${name} answered ${response.status}`);
    },
    async getObject(bucket, key) {
      // moto refuses anonymous reads of private objects; it checks no signature, so any will do.
      const response = await fetch(`${url}/${bucket}/${key}`, {
        headers: { authorization: FAKE_AUTHORIZATION },
      });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`moto: GET /${bucket}/${key} answered ${response.status}`);
      return response.text();
    },
    async stop() {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitUntilUp(url, child, () => stderr);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

const FAKE_AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitUntilUp(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early: ${stderr()}`);
    try {
      const response = await fetch(`${url}/`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`moto_server did not answer on ${url}: ${stderr()}`);
}
