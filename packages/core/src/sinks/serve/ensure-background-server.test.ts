import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { isSsoenvError } from "../../errors.js";
import { ensureBackgroundServer } from "./ensure-background-server.js";
import { isAlive } from "./server-state.js";

let root: string | undefined;
let pids: number[] = [];
afterEach(async () => {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  pids = [];
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

// A server that has not answered by the deadline may still be starting (a loaded machine): it served
// later on a port no record named, beside the servers started on the next ports.
it("stops a server that does not answer in time, and starts no other", async () => {
  root = await mkdtemp(join(tmpdir(), "ssoenv-background-"));
  const started = join(root, "started");
  // Stands in for `ssoenv serve --detached` still loading: it never answers, and says it started (a
  // shell, which starts in milliseconds even on a loaded machine, well within the deadline).
  const server = join(root, "never-answers.sh");
  await writeFile(server, `echo $$ >> '${started}'\nexec sleep 600\n`);
  const env = { PATH: process.env.PATH, HOME: join(root, "home") };
  const error = await ensureBackgroundServer({
    profiles: ["dev"],
    command: ["sh", server],
    env,
    startTimeoutMs: 2_000,
  }).catch((caught: unknown) => caught);
  pids = (await readFile(started, "utf8").catch(() => "")).split("\n").filter(Boolean).map(Number);
  expect(isSsoenvError(error, "SERVER_START_FAILED")).toBe(true);
  expect(pids).toHaveLength(1);
  await vi.waitFor(() => expect(isAlive(pids[0] as number)).toBe(false), { timeout: 10_000 });
  expect((error as Error).message).toMatch(/did not answer on port \d+ within 2 s; it was stopped$/);
});
