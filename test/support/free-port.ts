import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * A TCP port free on 127.0.0.1, for a child process that takes its port as a number (a README's
 * `--port 4599`, moto_server). Not one from listen(0): that port goes back to the kernel's ephemeral
 * pool once closed, where another test's server or any outgoing connection could take it before
 * the child binds it. This one lies below that pool (ip_local_port_range), which only a process
 * asking for that very number can take.
 */
export async function freePortOutsideEphemeralRange(): Promise<number> {
  const low = ephemeralLow();
  for (let tries = 0; tries < 100; tries++) {
    const port = 10_000 + randomInt(low - 10_000);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port found in 10000-${low - 1}`);
}

/** The first port of the ephemeral range (Linux's default: 32768). */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    const n = Number(low);
    return Number.isInteger(n) && n > 11_000 ? n : 32_768;
  } catch {
    return 32_768;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
