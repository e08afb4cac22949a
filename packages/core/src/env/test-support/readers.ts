import { execFileSync, spawn } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { parseEnv } from "node:util";

// dotenv (npm) is a dependency of the test workspace, not of core: resolve it from there.
const requireFromTests = createRequire(new URL("../../../../../test/package.json", import.meta.url));
const dotenv = requireFromTests("dotenv") as { parse: (src: Buffer | string) => Record<string, string> };

/** What dotenv (npm) reads from a file's bytes. */
export function readWithDotenv(content: Buffer): Record<string, string> {
  return dotenv.parse(content);
}

/**
 * What Node.js reads with `node --env-file` and `process.loadEnvFile` (`util.parseEnv` is the same
 * parser): a line without `=` that does not start with `#` is glued to the next line's key, a BOM stays
 * in the first key (nodejs/node#56686).
 */
export function readWithNode(content: Buffer, encoding: "utf8" | "latin1" = "utf8"): Record<string, string> {
  return parseEnv(content.toString(encoding)) as Record<string, string>;
}

/** What python-dotenv reads from a file (no interpolation: ssoenv never writes `$`). */
export type PythonDotenvRead = (path: string, encoding?: string) => Promise<Record<string, string | null>>;

/**
 * Starts one python3 that reads .env files with python-dotenv's `dotenv_values`, a request per line:
 * a python3 start with python-dotenv is ~0.5 s of CPU, which a start per read paid ~80 times in
 * update-env-file.test.ts. Each read gets what a fresh `dotenv_values(path)` returns (it keeps no state
 * between calls). `close()` ends it.
 */
export function startPythonDotenvReader(): { read: PythonDotenvRead; close: () => Promise<void> } {
  const script = [
    "import json, logging, sys",
    "logging.disable(logging.CRITICAL)",
    "from dotenv import dotenv_values",
    "for line in sys.stdin:",
    "    path, encoding = json.loads(line)",
    "    try:",
    "        answer = {'values': dict(dotenv_values(path, interpolate=False, encoding=encoding))}",
    "    except Exception as error:",
    "        answer = {'error': repr(error)}",
    "    print(json.dumps(answer), flush=True)",
  ].join("\n");
  const child = spawn("python3", ["-c", script], { stdio: ["pipe", "pipe", "inherit"] });
  const waiting: {
    resolve: (values: Record<string, string | null>) => void;
    reject: (error: Error) => void;
  }[] = [];
  let ended: Error | undefined;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const answer = JSON.parse(line) as { values?: Record<string, string | null>; error?: string };
    const next = waiting.shift();
    if (answer.values) next?.resolve(answer.values);
    else next?.reject(new Error(`python-dotenv: ${answer.error}`));
  });
  const exited = new Promise<void>((resolve) =>
    child.once("close", (code) => {
      ended = new Error(`python3 (python-dotenv) exited (${code})`);
      for (const pending of waiting.splice(0)) pending.reject(ended);
      resolve();
    }),
  );
  child.once("error", (error) => {
    ended = error;
    for (const pending of waiting.splice(0)) pending.reject(error);
  });
  return {
    read: (path, encoding = "utf-8") =>
      new Promise((resolve, reject) => {
        if (ended) return reject(ended);
        waiting.push({ resolve, reject });
        child.stdin.write(`${JSON.stringify([path, encoding])}\n`);
      }),
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * What `docker run --env-file` reads, by docker's rules: lines split like Go's bufio.ScanLines (a
 * `\r` before `\n` dropped), a UTF-8 BOM dropped, leading whitespace trimmed, blank and `#` lines
 * skipped, the value taken literally after the first `=` (quotes and `#` are part of it). A name
 * with whitespace in it (`export KEY=`) is an error: docker refuses the whole file, so this throws.
 * Lines without `=` take the value from docker's own environment: left out here.
 */
export function readWithDockerEnvFileRules(content: Buffer): Record<string, string> {
  let text = content.toString("utf8");
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const values: Record<string, string> = {};
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const raw of lines) {
    const line = (raw.endsWith("\r") ? raw.slice(0, -1) : raw).replace(/^[ \t\n\v\f\r]+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    const name = eq === -1 ? line : line.slice(0, eq);
    if (/[ \t\n\v\f\r]/.test(name)) throw new Error(`docker: variable '${name}' contains whitespaces`);
    if (eq !== -1) values[name] = line.slice(eq + 1);
  }
  return values;
}

/**
 * What python-dotenv reads from each of `texts` (one python3 for all: a start is ~0.5 s of CPU). Line
 * ends are kept as they are (`newline=''`), as when python-dotenv reads the file.
 */
export function readManyWithPythonDotenv(texts: readonly string[]): Record<string, string | null>[] {
  const script = [
    "import io, json, logging, sys",
    "logging.disable(logging.CRITICAL)",
    "from dotenv import dotenv_values",
    "texts = json.load(sys.stdin)",
    "print(json.dumps([dict(dotenv_values(stream=io.StringIO(t, newline=''), interpolate=False)) for t in texts]))",
  ].join("\n");
  return JSON.parse(
    execFileSync("python3", ["-c", script], {
      input: JSON.stringify(texts),
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** True when python3 has python-dotenv. */
export function hasPythonDotenv(): boolean {
  try {
    execFileSync("python3", ["-c", "import dotenv"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";

/** Key-shaped test credentials, generated at test time (never committed). */
export function fakeCredentials(): {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
  AWS_CREDENTIAL_EXPIRATION: string;
} {
  const pick = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");
  return {
    AWS_ACCESS_KEY_ID: `ASIA${pick(BASE32, 16)}`,
    AWS_SECRET_ACCESS_KEY: pick(SECRET_CHARS, 40),
    AWS_SESSION_TOKEN: `${randomBytes(300).toString("base64")}`,
    AWS_CREDENTIAL_EXPIRATION: "2026-11-29T05:00:00.000Z",
  };
}
