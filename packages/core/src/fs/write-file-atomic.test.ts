import { spawn } from "node:child_process";
import {
  chmod,
  chown,
  type FileHandle,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atomicTempPrefix, writeFileAtomic } from "./write-file-atomic.js";

const holdTempFile = fileURLToPath(new URL("./test-support/hold-temp-file.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

describe("writeFileAtomic", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssoenv-atomic-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates a new file 0600 by default", async () => {
    const path = join(dir, "a.json");
    await writeFileAtomic(path, "hello");
    expect(await readFile(path, "utf8")).toBe("hello");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("keeps the mode of an existing file unless told otherwise", async () => {
    const path = join(dir, "b");
    await writeFile(path, "old");
    await chmod(path, 0o640);
    await writeFileAtomic(path, "new");
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    await writeFileAtomic(path, "newer", { mode: 0o600 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("replaces the target of a symlink, keeping the link", async () => {
    const target = join(dir, "target");
    const link = join(dir, "link");
    await writeFile(target, "old");
    await symlink(target, link);
    await writeFileAtomic(link, "new");
    expect(await readFile(target, "utf8")).toBe("new");
    expect((await stat(link)).isFile()).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "keeps the owner of a file it replaces when run as root (sudo ssoenv refresh)",
    async () => {
      const path = join(dir, "owned");
      await writeFile(path, "old");
      await chown(path, 4321, 4322);
      await writeFileAtomic(path, "new");
      const info = await stat(path);
      expect([info.uid, info.gid, await readFile(path, "utf8")]).toEqual([4321, 4322, "new"]);
    },
  );

  it("names its temp files so that a lock holder can find a killed writer's leftovers", async () => {
    const path = join(dir, "e.env");
    expect(atomicTempPrefix(path)).toBe(".e.env.ssoenv-");
    await writeFileAtomic(path, "x");
    expect(await readdir(dir)).toEqual(["e.env"]);
  });

  it("writes the data into a temp file only this user may read, also for a file others may read", async () => {
    // A writer killed mid-write leaves its temp file (credentials in it) until the next write.
    const path = join(dir, "shared.env");
    await writeFile(path, "old");
    await chmod(path, 0o644);
    const probe = await open(join(dir, "probe"), "w");
    const fileHandle = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const { writeFile: original } = fileHandle;
    const modes: number[] = [];
    fileHandle.writeFile = async function (this: FileHandle, ...args: Parameters<FileHandle["writeFile"]>) {
      modes.push((await this.stat()).mode & 0o777);
      return original.apply(this, args);
    };
    try {
      await writeFileAtomic(path, "new");
    } finally {
      fileHandle.writeFile = original;
    }
    expect(modes).toEqual([0o600]);
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "removes its temp file when %s ends the process mid-write, which still dies of the signal",
    async (signal) => {
      const path = join(dir, ".env");
      await writeFile(path, "OLD=1\n");
      const child = spawn(process.execPath, ["--import", "tsx", holdTempFile, path], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once("data", () => resolve());
        child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
      });
      // The write is held right before its rename: its temp file is there, whole.
      expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toHaveLength(1);
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once("exit", (_code, how) => resolve(how)),
      );
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(await readdir(dir)).toEqual([".env"]);
      expect(await readFile(path, "utf8")).toBe("OLD=1\n");
    },
  );

  it("leaves a SIGTERM to a program that handles it (a graceful stop), its temp file removed all the same", async () => {
    // Re-raised, the signal found that program's handler spent and killed it mid-stop.
    const path = join(dir, ".env");
    await writeFile(path, "OLD=1\n");
    const child = spawn(process.execPath, ["--import", "tsx", holdTempFile, path, "--graceful"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk;
        if (out.includes("ready")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once("exit", (code, how) => resolve([code, how])),
    );
    child.kill("SIGTERM");
    expect(await exited).toEqual([0, null]);
    expect(out).toBe("ready\nstopping\n");
    expect(await readdir(dir)).toEqual([".env"]);
    expect(await readFile(path, "utf8")).toBe("OLD=1\n");
  });

  it("leaves no temp file behind, and the old content when the folder is gone", async () => {
    const path = join(dir, "c");
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect(await readdir(dir)).toEqual(["c"]);
    await expect(writeFileAtomic(join(dir, "missing", "x"), "data")).rejects.toThrow(/ENOENT/);
  });

  it("readers never see a partial file during concurrent rewrites", async () => {
    const path = join(dir, "d");
    const big = (c: string) => c.repeat(256 * 1024);
    await writeFileAtomic(path, big("a"));
    let stop = false;
    const seen = new Set<string>();
    const reader = (async () => {
      while (!stop) {
        const text = await readFile(path, "utf8");
        seen.add(`${text.length}:${text[0]}${text[text.length - 1]}`);
      }
    })();
    for (const c of ["b", "c", "d", "e", "f"]) await writeFileAtomic(path, big(c));
    stop = true;
    await reader;
    for (const entry of seen) expect(entry).toMatch(/^262144:(\w)\1$/);
  });
});
