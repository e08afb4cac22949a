import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import {
  fakeCredentials,
  hasPythonDotenv,
  readWithDockerEnvFileRules,
  readWithDotenv,
  readWithPythonDotenv,
} from "./test-support/readers.js";
import { updateEnvFile } from "./update-env-file.js";

const creds = fakeCredentials();
const ID = creds.AWS_ACCESS_KEY_ID;
const SECRET = creds.AWS_SECRET_ACCESS_KEY;
const TWO = { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET };
const pythonReady = hasPythonDotenv();
/** Edge cases whose before/after files went through docker's --env-file rules. */
let dockerChecked = 0;
if (!pythonReady) {
  const message = "python3 with python-dotenv is missing: python-dotenv round-trip checks skipped";
  // CI has every tool: there a missing one fails instead of quietly checking less.
  if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error(`${message} (SSOENV_REQUIRE_TOOLS=1)`);
  console.warn(message);
}

interface EdgeCase {
  name: string;
  before: string | Buffer | undefined;
  values?: Record<string, string>;
  after: string | Buffer;
  /** The file is not UTF-8: python-dotenv reads it as latin-1. */
  latin1?: boolean;
}

const L = (...lines: string[]) => lines.join("");

// `before` undefined = no file yet. `after` is the exact expected content, byte for byte.
const cases: EdgeCase[] = [
  {
    name: "creates a missing file with our keys",
    before: undefined,
    after: L(`AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "fills an empty existing file",
    before: "",
    after: L(`AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps comments and order when updating keys",
    before: L(
      "# top\n",
      "FOO=1\n",
      "AWS_ACCESS_KEY_ID=old\n",
      "# middle\n",
      "AWS_SECRET_ACCESS_KEY=old2\n",
      "BAR=2\n",
    ),
    after: L(
      "# top\n",
      "FOO=1\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      "# middle\n",
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      "BAR=2\n",
    ),
  },
  {
    name: "keeps blank lines and indentation",
    before: L("\n\n  AWS_ACCESS_KEY_ID=old\n\n\tAWS_SECRET_ACCESS_KEY=old\n\n"),
    after: L("\n\n", `  AWS_ACCESS_KEY_ID=${ID}\n\n`, `\tAWS_SECRET_ACCESS_KEY=${SECRET}\n\n`),
  },
  {
    name: "keeps an export prefix on an updated line",
    before: L("FOO=1\n", "export AWS_ACCESS_KEY_ID=old\n"),
    after: L("FOO=1\n", `export AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "appends with export when every line uses export",
    before: L("export FOO=1\n", "export AWS_ACCESS_KEY_ID=old\n"),
    after: L(
      "export FOO=1\n",
      `export AWS_ACCESS_KEY_ID=${ID}\n`,
      `export AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "keeps single quotes of an existing line",
    before: L("AWS_ACCESS_KEY_ID='old'\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L(`AWS_ACCESS_KEY_ID='${ID}'\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps double quotes of an existing line",
    before: L('AWS_ACCESS_KEY_ID="old"\n', 'AWS_SECRET_ACCESS_KEY="old"\n'),
    after: L(`AWS_ACCESS_KEY_ID="${ID}"\n`, `AWS_SECRET_ACCESS_KEY="${SECRET}"\n`),
  },
  {
    name: "leaves a # inside another key's quotes alone",
    before: L('NOTE="a # not a comment"\n', "HASH='#x'\n", "AWS_ACCESS_KEY_ID=old\n"),
    after: L(
      'NOTE="a # not a comment"\n',
      "HASH='#x'\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "keeps an inline comment after an unquoted value",
    before: L("AWS_ACCESS_KEY_ID=old   # from the portal\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L(`AWS_ACCESS_KEY_ID=${ID}   # from the portal\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps an inline comment after a quoted value",
    before: L("AWS_ACCESS_KEY_ID='old' # quoted\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L(`AWS_ACCESS_KEY_ID='${ID}' # quoted\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps CRLF line ends and appends with CRLF",
    before: L("FOO=1\r\n", "AWS_ACCESS_KEY_ID=old\r\n"),
    after: L("FOO=1\r\n", `AWS_ACCESS_KEY_ID=${ID}\r\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\r\n`),
  },
  {
    name: "updates every occurrence of a duplicated key",
    before: L(
      "AWS_ACCESS_KEY_ID=first\n",
      "FOO=1\n",
      "AWS_ACCESS_KEY_ID=second\n",
      "AWS_SECRET_ACCESS_KEY=x\n",
    ),
    after: L(
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      "FOO=1\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "fills an empty value",
    before: L("AWS_ACCESS_KEY_ID=\n", "AWS_SECRET_ACCESS_KEY=\n", "EMPTY=\n"),
    after: L(`AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`, "EMPTY=\n"),
  },
  {
    name: "fills an empty value followed by a comment and keeps the comment",
    before: L("AWS_ACCESS_KEY_ID= # set by ssoenv\n", "AWS_SECRET_ACCESS_KEY=x\n"),
    after: L(`AWS_ACCESS_KEY_ID=${ID} # set by ssoenv\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps an unparseable line byte for byte",
    before: L("this is not valid\n", "AWS_ACCESS_KEY_ID=old\n", "=nokey\n", "AWS_SECRET_ACCESS_KEY=x\n"),
    after: L(
      "this is not valid\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      "=nokey\n",
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "keeps a missing final newline when updating in place",
    before: L("AWS_ACCESS_KEY_ID=old\n", "AWS_SECRET_ACCESS_KEY=old"),
    after: L(`AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}`),
  },
  {
    name: "keeps a missing final newline when appending",
    before: "FOO=1",
    after: L("FOO=1\n", `AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}`),
  },
  {
    name: "keeps a byte order mark",
    before: L("\ufeffFOO=1\n", "AWS_ACCESS_KEY_ID=old\n"),
    after: L("\ufeffFOO=1\n", `AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "does not touch a key-like line inside a multi-line double-quoted value",
    before: L('CERT="line one\n', "AWS_ACCESS_KEY_ID=inside\n", 'line three"\n'),
    after: L(
      'CERT="line one\n',
      "AWS_ACCESS_KEY_ID=inside\n",
      'line three"\n',
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "does not touch a key-like line inside a multi-line single-quoted value",
    before: L(
      "KEY_PEM='-----BEGIN-----\n",
      "AWS_SECRET_ACCESS_KEY=inside\n",
      "-----END-----'\n",
      "AWS_ACCESS_KEY_ID=old\n",
    ),
    after: L(
      "KEY_PEM='-----BEGIN-----\n",
      "AWS_SECRET_ACCESS_KEY=inside\n",
      "-----END-----'\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "keeps spaces around the equals sign",
    before: L("AWS_ACCESS_KEY_ID = old\n", "AWS_SECRET_ACCESS_KEY=  old\n"),
    after: L(`AWS_ACCESS_KEY_ID = ${ID}\n`, `AWS_SECRET_ACCESS_KEY=  ${SECRET}\n`),
  },
  {
    name: "leaves keys with similar names alone",
    before: L("MY_AWS_ACCESS_KEY_ID=x\n", "AWS_ACCESS_KEY_ID_OLD=y\n", "AWS_ACCESS_KEY_ID=old\n"),
    after: L(
      "MY_AWS_ACCESS_KEY_ID=x\n",
      "AWS_ACCESS_KEY_ID_OLD=y\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "leaves a commented-out key alone and appends the real one",
    before: L("# AWS_ACCESS_KEY_ID=commented\n", "#AWS_SECRET_ACCESS_KEY=x\n"),
    after: L(
      "# AWS_ACCESS_KEY_ID=commented\n",
      "#AWS_SECRET_ACCESS_KEY=x\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "appends a value for a key listed without an equals sign",
    before: L("AWS_ACCESS_KEY_ID\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L("AWS_ACCESS_KEY_ID\n", `AWS_SECRET_ACCESS_KEY=${SECRET}\n`, `AWS_ACCESS_KEY_ID=${ID}\n`),
  },
  {
    name: "updates our key after a line with an unterminated quote",
    before: L('BROKEN="abc\n', "AWS_ACCESS_KEY_ID=old\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L('BROKEN="abc\n', `AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "writes the session token and an ISO expiration unquoted",
    before: "FOO=1\n",
    values: {
      AWS_SESSION_TOKEN: creds.AWS_SESSION_TOKEN,
      AWS_CREDENTIAL_EXPIRATION: creds.AWS_CREDENTIAL_EXPIRATION,
    },
    after: L(
      "FOO=1\n",
      `AWS_SESSION_TOKEN=${creds.AWS_SESSION_TOKEN}\n`,
      `AWS_CREDENTIAL_EXPIRATION=${creds.AWS_CREDENTIAL_EXPIRATION}\n`,
    ),
  },
  {
    name: "quotes a value only when it needs quotes",
    before: "",
    values: { GREETING: "hello world", HASHED: "a#b", DOLLAR: "$HOME", PLAIN: "eu-west-1" },
    after: L("GREETING='hello world'\n", "HASHED='a#b'\n", "DOLLAR='$HOME'\n", "PLAIN=eu-west-1\n"),
  },
  {
    name: "keeps bytes that are not UTF-8",
    before: Buffer.concat([
      Buffer.from("# caf"),
      Buffer.from([0xe9]),
      Buffer.from(" \n"),
      Buffer.from("AWS_ACCESS_KEY_ID=old\n"),
    ]),
    after: Buffer.concat([
      Buffer.from("# caf"),
      Buffer.from([0xe9]),
      Buffer.from(" \n"),
      Buffer.from(`AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`),
    ]),
    latin1: true,
  },
  {
    name: "keeps trailing spaces and a last line of only whitespace",
    before: L("FOO=1   \n", "AWS_ACCESS_KEY_ID=old\t\n", "   "),
    after: L("FOO=1   \n", `AWS_ACCESS_KEY_ID=${ID}\t\n`, "   \n", `AWS_SECRET_ACCESS_KEY=${SECRET}`),
  },
];

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

  it.each(cases)("$name", async ({ before, values = TWO, after, latin1 }) => {
    const path = join(dir, ".env");
    if (before !== undefined) await writeFile(path, before);
    const beforeBytes = before === undefined ? Buffer.alloc(0) : Buffer.from(before);
    const npmBefore = readWithDotenv(beforeBytes);
    const pyBefore =
      pythonReady && before !== undefined ? readWithPythonDotenv(path, latin1 ? "latin-1" : "utf-8") : {};

    const result = await updateEnvFile({ path, values });

    const bytes = await readFile(path);
    expect(bytes.equals(Buffer.from(after))).toBe(true);
    expect(bytes.toString("latin1")).toBe(Buffer.from(after).toString("latin1"));
    expect(result.created).toBe(before === undefined);

    // The values every reader sees: ours for our keys, unchanged for every other key.
    const npmAfter = readWithDotenv(bytes);
    for (const [key, value] of Object.entries(values)) expect(npmAfter[key]).toBe(value);
    for (const [key, value] of Object.entries(npmBefore))
      if (!(key in values)) expect(npmAfter[key]).toBe(value);
    if (pythonReady) {
      const pyAfter = readWithPythonDotenv(path, latin1 ? "latin-1" : "utf-8");
      for (const [key, value] of Object.entries(values)) expect(pyAfter[key]).toBe(value);
      for (const [key, value] of Object.entries(pyBefore))
        if (!(key in values)) expect(pyAfter[key]).toBe(value);
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

  it("refuses an invalid key name and writes nothing", async () => {
    const path = join(dir, ".env");
    const error = await updateEnvFile({ path, values: { "BAD KEY": "x" } }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "ENV_FILE_INVALID")).toBe(true);
    await expect(stat(path)).rejects.toThrow();
  });

  it("leaves no temp or lock files behind", async () => {
    const path = join(dir, ".env");
    await updateEnvFile({ path, values: TWO });
    const { readdir } = await import("node:fs/promises");
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
