import { spawn } from "node:child_process";
import { link, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { finishUnfinishedWrite } from "../fs/write-file-atomic.js";
import { parseEnv } from "./parse-env.js";
import { updateEnvFile } from "./update-env-file.js";

const writeLoop = fileURLToPath(new URL("./test-support/write-loop.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const KEYS = 200;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssoenv-crash-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The generation every KEY_i holds, or throws when the keys disagree (a torn file). */
function generationOf(text: string): number {
  const values = parseEnv(text);
  const generations = new Set<number>();
  for (let i = 0; i < KEYS; i++) {
    const value = values[`KEY_${i}`];
    generations.add(value === undefined ? 0 : Number(/^gen(\d+)-x+$/.exec(value)?.[1] ?? Number.NaN));
  }
  if (generations.size !== 1) throw new Error(`torn file: generations ${[...generations].join(",")}`);
  return [...generations][0] as number;
}

describe("updateEnvFile under kill -9", () => {
  // A hard-linked file is written in place: a kill in the middle of that may leave it cut short until
  // the next write finishes it from the whole copy left beside it, so there the file is read after that.
  it.each([
    { name: "a file", linked: false },
    { name: "a file with another hard link", linked: true },
  ])(
    "leaves the old or the new content of $name, never a torn one, when the writer is killed mid-write",
    async ({ linked }) => {
      const path = join(dir, ".env");
      const original = "# keep me\nOTHER=1\n";
      await writeFile(path, original);
      if (linked) await link(path, join(dir, "linked.env"));
      let lastGeneration = 0;
      for (let round = 0; round < 3; round++) {
        const child = spawn(process.execPath, ["--import", "tsx", writeLoop, path, String(KEYS)], {
          cwd: repoRoot,
          stdio: ["ignore", "pipe", "inherit"],
        });
        await new Promise<void>((resolve, reject) => {
          child.stdout.once("data", () => resolve());
          child.once("exit", (code) => reject(new Error(`writer exited early (${code})`)));
        });
        // Let it write a few more generations, then kill it wherever it is.
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(Math.random() * 200)));
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;

        // The killed writer's lock is stale 5 s after it was last touched. The next round's writer would
        // wait that out, so the lock is aged instead (proper-lockfile judges it by its mtime alone); the
        // last round's lock is left as it is, and the write below waits it out for real.
        if (round < 2) {
          const aged = new Date(Date.now() - 10_000);
          await utimes(`${path}.lock`, aged, aged).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== "ENOENT") throw error; // killed between two writes: no lock left
          });
        }

        // What the next write does first (not updateEnvFile itself: its folder listing, cached 10 s, would
        // then miss a temp file this round's writer left, which the last write below must remove)
        if (linked) await finishUnfinishedWrite(path);
        const text = await readFile(path, "utf8");
        if (linked) {
          expect(await readFile(join(dir, "linked.env"), "utf8")).toBe(text);
          expect((await stat(path)).nlink).toBe(2);
        }
        expect(text.startsWith(original)).toBe(true);
        const generation = generationOf(text);
        expect(generation).toBeGreaterThanOrEqual(1);
        expect(parseEnv(text).OTHER).toBe("1");
        lastGeneration = generation;
      }
      expect(lastGeneration).toBeGreaterThan(0);
      // The next normal write takes over the stale lock and clears the killed writer's temp files.
      await updateEnvFile({ path, values: { OTHER: "2" } });
      expect(await readdir(dir)).toEqual(linked ? [".env", "linked.env"] : [".env"]);
    },
    // ~6 s idle: three writer processes (node + tsx each) and a 5 s stale lock waited out; 27-50 s
    // measured at load 20 on 2 cores, too near a 60 s limit. A hang still fails.
    180_000,
  );
});
