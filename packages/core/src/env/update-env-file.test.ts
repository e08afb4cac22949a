import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import {
  chmod,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { EDGE_CASE_CREDENTIALS, ENV_EDGE_CASES, TWO } from "./test-support/env-edge-cases.js";
import {
  hasPythonDotenv,
  readWithDockerEnvFileRules,
  readWithDotenv,
  readWithNode,
  startPythonDotenvReader,
} from "./test-support/readers.js";
import { updateEnvFile } from "./update-env-file.js";

const cases = ENV_EDGE_CASES;
const ID = EDGE_CASE_CREDENTIALS.AWS_ACCESS_KEY_ID;
const SECRET = EDGE_CASE_CREDENTIALS.AWS_SECRET_ACCESS_KEY;
const pythonReady = hasPythonDotenv();
/** Edge cases whose before/after files went through docker's --env-file rules. */
let dockerChecked = 0;
if (!pythonReady) {
  const message = "python3 with python-dotenv is missing: python-dotenv round-trip checks skipped";
  // CI has every tool: there a missing one fails instead of quietly checking less.
  if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error(`${message} (SSOENV_REQUIRE_TOOLS=1)`);
  console.warn(message);
}

const python = pythonReady ? startPythonDotenvReader() : undefined;
afterAll(() => python?.close());

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssoenv-env-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("updateEnvFile edge cases", () => {
  it("has at least 25 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)("$name", async ({ before, values = TWO, after, latin1, nodeStops }) => {
    const path = join(dir, ".env");
    if (before !== undefined) await writeFile(path, before);
    const beforeBytes = before === undefined ? Buffer.alloc(0) : Buffer.from(before);
    const npmBefore = readWithDotenv(beforeBytes);
    const pyBefore =
      python && before !== undefined ? await python.read(path, latin1 ? "latin-1" : "utf-8") : {};

    const result = await updateEnvFile({ path, values });

    const bytes = await readFile(path);
    expect(bytes.equals(Buffer.from(after))).toBe(true);
    expect(bytes.toString("latin1")).toBe(Buffer.from(after).toString("latin1"));
    expect(result.created).toBe(before === undefined);
    // A second run with the same values changes nothing, byte for byte.
    const again = await updateEnvFile({ path, values });
    expect(again.changedKeys).toEqual([]);
    expect((await readFile(path)).equals(bytes), "second run changed the file").toBe(true);

    // The values every reader sees: ours for our keys, unchanged for every other key.
    const npmAfter = readWithDotenv(bytes);
    for (const [key, value] of Object.entries(values)) expect(npmAfter[key]).toBe(value);
    for (const [key, value] of Object.entries(npmBefore))
      if (!(key in values)) expect(npmAfter[key]).toBe(value);
    // Node.js's --env-file / process.loadEnvFile: our keys read as written; other keys (names a
    // shell takes: not a line glued to the next one) read as before.
    const nodeBefore = readWithNode(beforeBytes, latin1 ? "latin1" : "utf8");
    const nodeAfter = readWithNode(bytes, latin1 ? "latin1" : "utf8");
    if (!nodeStops)
      for (const [key, value] of Object.entries(values)) expect(nodeAfter[key], `node: ${key}`).toBe(value);
    for (const [key, value] of Object.entries(nodeBefore))
      if (!(key in values) && /^[A-Za-z_]\w*$/.test(key)) expect(nodeAfter[key]).toBe(value);
    if (python) {
      const pyAfter = await python.read(path, latin1 ? "latin-1" : "utf-8");
      for (const [key, value] of Object.entries(values)) expect(pyAfter[key]).toBe(value);
      // (a key python-dotenv reads with a BOM in it is not another key: it is ours, misread)
      for (const [key, value] of Object.entries(pyBefore))
        if (!(key in values) && /^[A-Za-z_]\w*$/.test(key)) expect(pyAfter[key]).toBe(value);
    }

    // docker --env-file: a file docker could read stays readable, other keys read the same, and our
    // credential-shaped values read exactly as written wherever docker and dotenv agreed on the old
    // line (ssoenv keeps a line's style: quotes, an inline comment or trailing blanks, which docker
    // takes as part of the value, stay what they were).
    const dockerBefore = tryDocker(beforeBytes);
    if (dockerBefore && !latin1) {
      const dockerAfter = readWithDockerEnvFileRules(bytes);
      for (const [key, value] of Object.entries(dockerBefore))
        if (!(key in values)) expect(dockerAfter[key]).toBe(value);
      for (const [key, value] of Object.entries(values)) {
        const agreed = dockerBefore[key] === undefined || dockerBefore[key] === npmBefore[key];
        if (agreed && /^[A-Za-z0-9+/=:._-]*$/.test(value)) expect(dockerAfter[key]).toBe(value);
      }
      dockerChecked++;
    }
  });
});

describe("updateEnvFile and docker", () => {
  it("checked docker's reading in most of the edge cases above (the rest have lines docker refuses)", () => {
    expect(dockerChecked).toBeGreaterThanOrEqual(20);
  });
});

describe("updateEnvFile files", () => {
  it("creates new files with mode 0600", async () => {
    const path = join(dir, ".env");
    await updateEnvFile({ path, values: TWO });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("keeps the mode of an existing file", async () => {
    const path = join(dir, ".env");
    await writeFile(path, "FOO=1\n");
    await chmod(path, 0o640);
    await updateEnvFile({ path, values: TWO });
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it("reports changed keys and leaves the file alone when nothing changes", async () => {
    const path = join(dir, ".env");
    const first = await updateEnvFile({ path, values: TWO });
    expect(first.changedKeys).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    const mtime = (await stat(path)).mtimeMs;
    const second = await updateEnvFile({ path, values: TWO });
    expect(second.changedKeys).toEqual([]);
    expect((await stat(path)).mtimeMs).toBe(mtime);
  });

  it("writes the target of a symlink and keeps the symlink", async () => {
    await mkdir(join(dir, "shared"));
    const target = join(dir, "shared", "real.env");
    await writeFile(target, "FOO=1\n");
    const link = join(dir, ".env");
    await symlink("shared/real.env", link);
    const result = await updateEnvFile({ path: link, values: TWO });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe("shared/real.env");
    expect(result.path).toBe(target);
    expect(await readFile(target, "utf8")).toBe(
      `FOO=1\nAWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    );
  });

  it("writes a file with another hard link in place, so both names get the keys (as editors do)", async () => {
    const path = join(dir, ".env");
    const other = join(dir, "apps.env");
    await writeFile(path, "FOO=1\n");
    await chmod(path, 0o640);
    await link(path, other);
    await updateEnvFile({ path, values: TWO });
    const expected = `FOO=1\nAWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`;
    expect(await readFile(other, "utf8")).toBe(expected);
    const [one, two] = [await stat(path), await stat(other)];
    expect([one.ino, one.nlink, one.mode & 0o777]).toEqual([two.ino, 2, 0o640]);
    expect(await readdir(dir)).toEqual([".env", "apps.env"].sort());
    // Shorter content next time: nothing of the old one is left at the end.
    await updateEnvFile({ path: other, values: { AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" } });
    expect(await readFile(path, "utf8")).toBe("FOO=1\nAWS_ACCESS_KEY_ID=x\nAWS_SECRET_ACCESS_KEY=y\n");
  });

  it("writes a file bind-mounted over another (a container's single-file volume) in place", async (ctx) => {
    const host = join(dir, "host.env");
    const mounted = join(dir, "app.env");
    await writeFile(host, "FOO=1\n");
    await writeFile(mounted, "");
    try {
      execFileSync("mount", ["--bind", host, mounted], { stdio: "ignore" });
    } catch {
      return ctx.skip("cannot bind-mount a file here (needs root in a mount namespace)");
    }
    try {
      // rename(2) cannot replace a mount point (EBUSY)
      await updateEnvFile({ path: mounted, values: TWO });
      expect(await readFile(host, "utf8")).toBe(
        `FOO=1\nAWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      );
    } finally {
      execFileSync("umount", [mounted]);
    }
    expect(await readdir(dir)).toEqual(["app.env", "host.env"]);
  });

  it("finishes an in-place write whose writer was killed, from the whole copy it left, before writing", async () => {
    // What a writer killed while writing a hard-linked file in place leaves: the file cut short, and
    // the whole new content beside it (written and fsynced before the file was touched).
    const path = join(dir, ".env");
    await writeFile(path, "FOO=1\nAWS_ACCESS_KEY_ID=new\nBAR=2\nAWS_SECRE");
    await writeFile(join(dir, "..env.ssoenv-unfinished.tmp"), "FOO=1\nAWS_ACCESS_KEY_ID=new\nBAR=2\n");
    await link(path, join(dir, "other.env"));
    await updateEnvFile({ path, values: { AWS_SECRET_ACCESS_KEY: "s" } });
    expect(await readFile(join(dir, "other.env"), "utf8")).toBe(
      "FOO=1\nAWS_ACCESS_KEY_ID=new\nBAR=2\nAWS_SECRET_ACCESS_KEY=s\n",
    );
    expect(await readdir(dir)).toEqual([".env", "other.env"]);
  });

  it("creates the target of a dangling symlink", async () => {
    const link = join(dir, ".env");
    await symlink("target.env", link);
    await updateEnvFile({ path: link, values: TWO });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, "target.env"), "utf8")).toContain(`AWS_ACCESS_KEY_ID=${ID}`);
  });

  it("refuses a read-only file with ENV_FILE_INVALID and leaves it unchanged", async () => {
    const path = join(dir, ".env");
    await writeFile(path, "AWS_ACCESS_KEY_ID=old\n");
    await chmod(path, 0o444);
    const error = await updateEnvFile({ path, values: TWO }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "ENV_FILE_INVALID")).toBe(true);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).not.toContain("\n");
    expect(await readFile(path, "utf8")).toBe("AWS_ACCESS_KEY_ID=old\n");
  });

  it("refuses a missing folder with ENV_FILE_INVALID naming the file and creates nothing", async () => {
    const path = join(dir, "nope", ".env");
    const error = await updateEnvFile({ path, values: TWO }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "ENV_FILE_INVALID")).toBe(true);
    expect((error as Error).message).toContain(path);
    expect((error as { hint?: string }).hint).toContain("mkdir -p");
    await expect(stat(join(dir, "nope"))).rejects.toThrow();
  });

  it("refuses a folder in place of the file", async () => {
    const path = join(dir, ".env");
    await mkdir(path);
    const error = await updateEnvFile({ path, values: TWO }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "ENV_FILE_INVALID")).toBe(true);
  });

  it("refuses a key line inside another key's backtick-quoted value (dotenv and Node.js read it so) and writes nothing", async () => {
    const path = join(dir, ".env");
    // python-dotenv reads two lines here; dotenv (npm) and Node.js read one multi-line NOTE
    const before = "NOTE=`first\nAWS_ACCESS_KEY_ID=in the note`\nFOO=1\n";
    await writeFile(path, before);
    expect(readWithDotenv(Buffer.from(before)).NOTE).toBe("first\nAWS_ACCESS_KEY_ID=in the note");
    const error = await updateEnvFile({ path, values: TWO }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "ENV_FILE_INVALID"), String(error)).toBe(true);
    expect((error as Error).message).toContain("NOTE");
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).not.toContain("\n");
    expect(await readFile(path, "utf8")).toBe(before);
  });

  it("refuses a UTF-16 file (Windows PowerShell 5's > writes one), which no .env reader reads, and writes nothing", async () => {
    const path = join(dir, ".env");
    for (const before of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("A=1\r\nB=2\r\n", "utf16le")]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("A=1\n", "utf16le").swap16()]),
    ]) {
      await writeFile(path, before);
      const error = await updateEnvFile({ path, values: TWO }).catch((e: unknown) => e);
      expect(isSsoenvError(error, "ENV_FILE_INVALID"), String(error)).toBe(true);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain("UTF-16");
      expect((error as { hint?: string }).hint).toContain(`iconv -f UTF-16 -t UTF-8 ${path}`);
      expect((await readFile(path)).equals(before)).toBe(true);
    }
  });

  it("refuses a file whose lines end in a lone CR, which Node.js and docker read as one line, and writes nothing", async () => {
    const path = join(dir, ".env");
    for (const before of ["A=1\rAWS_ACCESS_KEY_ID=old\rB=2\r", "# app\rAWS_ACCESS_KEY_ID=old\r"]) {
      await writeFile(path, before);
      const error = await updateEnvFile({ path, values: TWO }).catch((e: unknown) => e);
      expect(isSsoenvError(error, "ENV_FILE_INVALID"), String(error)).toBe(true);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain("lone CR");
      expect((error as Error).message).not.toContain("\n");
      // The hint's command runs as printed: it names the file.
      expect((error as { hint?: string }).hint).toContain(`s/\\r\\n?/\\n/g' ${path})`);
      expect(await readFile(path, "utf8")).toBe(before);
    }
  });

  it("writes a file with a stray lone CR that keeps no reader from our keys", async () => {
    const path = join(dir, ".env");
    await writeFile(path, "# pasted\rnote\nA=1\n");
    await updateEnvFile({ path, values: TWO });
    expect(readWithNode(await readFile(path))).toMatchObject(TWO);
  });

  it("refuses an invalid key name and writes nothing", async () => {
    const path = join(dir, ".env");
    const error = await updateEnvFile({ path, values: { "BAD KEY": "x" } }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "ENV_FILE_INVALID")).toBe(true);
    await expect(stat(path)).rejects.toThrow();
  });

  it("leaves no temp or lock files behind", async () => {
    const path = join(dir, ".env");
    await updateEnvFile({ path, values: TWO });
    expect(await readdir(dir)).toEqual([".env"]);
  });

  it("keeps a line another program writes between ssoenv's read and its rename", async () => {
    const path = join(dir, ".env");
    await writeFile(path, "# user file\nKEEP=me\n");
    // The values are read after the file is: the first read of them stands for another program
    // (an editor saving, a `>>` from a script) writing the file while ssoenv computes its new text.
    let othersWrote = false;
    const values = {
      AWS_ACCESS_KEY_ID: ID,
      get AWS_SECRET_ACCESS_KEY() {
        if (!othersWrote) {
          othersWrote = true;
          appendFileSync(path, "ADDED_BY_EDITOR=1\n");
        }
        return SECRET;
      },
    };
    const result = await updateEnvFile({ path, values });
    expect(othersWrote).toBe(true);
    expect(await readFile(path, "utf8")).toBe(
      `# user file\nKEEP=me\nADDED_BY_EDITOR=1\nAWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    );
    expect(result.changedKeys).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    expect(await readdir(dir)).toEqual([".env"]);
  });

  it("gives up with ENV_FILE_WRITE_FAILED, its lines all kept, when another program changes the file every time", async () => {
    const path = join(dir, ".env");
    await writeFile(path, "KEEP=me\n");
    let writes = 0;
    const values = {
      get AWS_ACCESS_KEY_ID() {
        appendFileSync(path, `LINE_${++writes}=1\n`);
        return ID;
      },
    };
    const error = await updateEnvFile({ path, values }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "ENV_FILE_WRITE_FAILED"), String(error)).toBe(true);
    expect((error as Error).message).toContain(path);
    expect(writes).toBe(10);
    const lines = Array.from({ length: writes }, (_, i) => `LINE_${i + 1}=1\n`).join("");
    expect(await readFile(path, "utf8")).toBe(`KEEP=me\n${lines}`);
    expect(await readdir(dir)).toEqual([".env"]);
  });

  it("loses nothing when 10 writers update the same file at once", async () => {
    const path = join(dir, ".env");
    await writeFile(path, "# shared\nKEEP=me\n");
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        updateEnvFile({ path, values: { [`WRITER_${i}`]: `v${i}`, SHARED: `w${i}` } }),
      ),
    );
    const values = readWithDotenv(await readFile(path));
    expect(values.KEEP).toBe("me");
    for (let i = 0; i < 10; i++) expect(values[`WRITER_${i}`]).toBe(`v${i}`);
    expect(values.SHARED).toMatch(/^w\d$/);
    expect((await readFile(path, "utf8")).startsWith("# shared\nKEEP=me\n")).toBe(true);
  });
});

/** docker's view of a file, or undefined when docker would refuse it (an `export` line, say). */
function tryDocker(content: Buffer): Record<string, string> | undefined {
  try {
    return readWithDockerEnvFileRules(content);
  } catch {
    return undefined;
  }
}

describe("updateEnvFile remove", () => {
  it("removes every line of the keys asked, keeping comments, blank lines and CRLF", async () => {
    const path = join(dir, ".env");
    await writeFile(
      path,
      "# top\r\nA=1\r\nexport AWS_ACCESS_KEY_ID=x # old\r\n\r\nAWS_SESSION_TOKEN='t'\r\nB=2\r\nAWS_ACCESS_KEY_ID=y\r\n",
    );
    const result = await updateEnvFile({
      path,
      values: { C: "3" },
      remove: ["AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "NOT_THERE"],
    });
    expect(await readFile(path, "utf8")).toBe("# top\r\nA=1\r\n\r\nB=2\r\nC=3\r\n");
    expect(result.changedKeys.sort()).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "C"]);
  });

  it("leaves the file alone when there is nothing to remove", async () => {
    const path = join(dir, ".env");
    await writeFile(path, "A=1\n");
    const result = await updateEnvFile({ path, values: { A: "1" }, remove: ["AWS_ACCESS_KEY_ID"] });
    expect(result.changedKeys).toEqual([]);
    expect(await readFile(path, "utf8")).toBe("A=1\n");
  });
});
