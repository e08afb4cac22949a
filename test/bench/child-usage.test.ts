/**
 * The bench's CPU column: a child that burns a known amount of CPU must show it, one that sleeps
 * must show ~0, and the processes a command waits for (a hook's sh running node) count too.
 */
import { describe, expect, it } from "vitest";
import { runMeasured, runMeasuredAsync } from "../../bench/child-usage.js";

const BURN_MS = 200;
// Spins until its own CPU (all threads, user + system) passes BURN_MS, whatever the machine's load,
// then prints that CPU as it sees it.
const burn = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  while (cpu() < ${BURN_MS});
  process.stdout.write(String(cpu()));`;

describe("runMeasured", () => {
  it("gives a child that burns CPU its CPU time, close to what the child counts itself", () => {
    const r = runMeasured(process.execPath, ["-e", burn]);
    expect(r.status).toBe(0);
    const selfCounted = Number(r.stdout);
    expect(selfCounted).toBeGreaterThanOrEqual(BURN_MS);
    expect(r.cpuMs).toBeGreaterThanOrEqual(selfCounted);
    expect(r.cpuMs - selfCounted).toBeLessThan(50); // only its exit is left to count
    expect(r.wallMs).toBeGreaterThanOrEqual(r.cpuMs / 2); // at most two cores ran it
  });

  it("gives a child that sleeps its wall time and next to no CPU", () => {
    const r = runMeasured("sleep", ["0.3"]);
    expect(r.status).toBe(0);
    expect(r.wallMs).toBeGreaterThanOrEqual(300);
    expect(r.cpuMs).toBeLessThan(20);
  });

  it("counts the CPU of the processes the command waited for (a hook: sh running node)", () => {
    const r = runMeasured("sh", ["-c", `"${process.execPath}" -e '${burn}'; true`]);
    expect(r.status).toBe(0);
    expect(r.cpuMs).toBeGreaterThanOrEqual(BURN_MS);
  });

  it("passes the command's exit code, stdout and stderr through untouched", () => {
    const r = runMeasured("sh", ["-c", "echo out; echo err >&2; exit 3"]);
    expect(r).toMatchObject({ status: 3, stdout: "out\n", stderr: "err\n" });
  });
});

describe("runMeasuredAsync", () => {
  it("measures burning and sleeping children the same way, without blocking the event loop", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const [burning, sleeping] = await Promise.all([
      runMeasuredAsync(process.execPath, ["-e", burn]),
      runMeasuredAsync("sleep", ["0.3"]),
    ]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(burning.cpuMs).toBeGreaterThanOrEqual(BURN_MS);
    expect(sleeping.wallMs).toBeGreaterThanOrEqual(300);
    expect(sleeping.cpuMs).toBeLessThan(20);
  });
});
