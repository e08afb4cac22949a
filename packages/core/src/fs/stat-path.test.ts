import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { statPath } from "./stat-path.js";

describe("statPath", () => {
  it("is undefined for a missing path and for one through a file (ENOTDIR), on Node.js 20 and 24 alike", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stat-path-"));
    await writeFile(join(dir, "file"), "x");
    expect(statPath(join(dir, "missing"))).toBeUndefined();
    expect(statPath(join(dir, "file", "below"))).toBeUndefined();
    expect(statPath(join(dir, "file"))?.size).toBe(1n);
  });

  it("names a FIFO as one", async () => {
    const fifo = join(await mkdtemp(join(tmpdir(), "stat-path-")), "fifo");
    execFileSync("mkfifo", [fifo]);
    expect(statPath(fifo)?.isFIFO()).toBe(true);
  });
});
