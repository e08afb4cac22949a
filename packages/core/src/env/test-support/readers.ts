import { execFileSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { createRequire } from "node:module";

// dotenv (npm) is a dependency of the test workspace, not of core: resolve it from there.
const requireFromTests = createRequire(new URL("../../../../../test/package.json", import.meta.url));
const dotenv = requireFromTests("dotenv") as { parse: (src: Buffer | string) => Record<string, string> };

/** What dotenv (npm) reads from a file's bytes. */
export function readWithDotenv(content: Buffer): Record<string, string> {
  return dotenv.parse(content);
}

/** What python-dotenv reads from a file (no interpolation: ssoenv never writes `$`). */
export function readWithPythonDotenv(path: string, encoding = "utf-8"): Record<string, string | null> {
  const script =
    "import json,sys,logging\nlogging.disable(logging.CRITICAL)\nfrom dotenv import dotenv_values\n" +
    "print(json.dumps(dict(dotenv_values(sys.argv[1], interpolate=False, encoding=sys.argv[2]))))";
  return JSON.parse(execFileSync("python3", ["-c", script, path, encoding], { encoding: "utf8" })) as Record<
    string,
    string | null
  >;
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
