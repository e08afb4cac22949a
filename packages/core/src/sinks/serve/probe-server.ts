import { setTimeout as sleep } from "node:timers/promises";
import { isAlive, type ServerState } from "./server-state.js";

/** What `GET /_ssoenv/status` answers. */
export interface ServerStatus {
  pid: number;
  port: number;
  profiles: string[];
  startedAt: string;
}

/** Asks a server who it is (token required); `undefined` when nothing, or something else, answers. */
export async function probeServer(
  state: Pick<ServerState, "url" | "token">,
  options: { timeoutMs?: number } = {},
): Promise<ServerStatus | undefined> {
  // node:http without keep-alive: fetch's pooled socket would hold a short-lived CLI open for seconds.
  // Fetched here, not imported at the top: logout reaches this module, and on Node.js 24 an import of
  // node:http loads undici with it (~35 ms of CPU) for every script that imports @ssoenv/core.
  const { request } = process.getBuiltinModule("node:http") as typeof import("node:http");
  const body = await new Promise<string | undefined>((resolve) => {
    const req = request(
      `${state.url}/_ssoenv/status`,
      { headers: { Authorization: state.token }, agent: false, timeout: options.timeoutMs ?? 1_000 },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => resolve(response.statusCode === 200 ? text : undefined));
        response.on("error", () => resolve(undefined));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end();
  });
  if (body === undefined) return undefined;
  try {
    const status = JSON.parse(body) as Partial<ServerStatus>;
    if (typeof status.pid !== "number" || !Array.isArray(status.profiles)) return undefined;
    return status as ServerStatus;
  } catch {
    return undefined;
  }
}

/**
 * Stops a server with SIGTERM, after checking that the process at its port is the one its record
 * names (a pid alone may have been reused), and waits for it to exit.
 * @returns `"stopped"`; `"not-ours"` when the server did not answer as recorded (nothing was
 *   signalled); `"still-running"` when it was signalled but had not exited within `timeoutMs`.
 */
export async function stopServer(
  state: ServerState,
  options: { timeoutMs?: number } = {},
): Promise<"stopped" | "not-ours" | "still-running"> {
  const status = await probeServer(state);
  if (!status || status.pid !== state.pid) return "not-ours";
  try {
    process.kill(state.pid, "SIGTERM");
  } catch {
    return "stopped";
  }
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  while (isAlive(state.pid) && Date.now() < deadline) await sleep(25);
  return isAlive(state.pid) ? "still-running" : "stopped";
}
