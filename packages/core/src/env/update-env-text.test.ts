import { parseEnv as readWithNodeParser } from "node:util";
import { describe, expect, it } from "vitest";
import { parseEnvLikeNode20 } from "./parse-env-like-node20.js";
import {
  fakeCredentials,
  hasPythonDotenv,
  readManyWithPythonDotenv,
  readWithDotenv,
} from "./test-support/readers.js";
import { updateEnvText } from "./update-env-text.js";

const pythonReady = hasPythonDotenv();
if (!pythonReady) {
  const message = "python3 with python-dotenv is missing: python-dotenv checks of the corpus skipped";
  // CI has every tool: there a missing one fails instead of quietly checking less.
  if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error(`${message} (SSOENV_REQUIRE_TOOLS=1)`);
  console.warn(message);
}

const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = fakeCredentials();
const VALUES = { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN };

/**
 * Lines users' .env files hold, ours among them (bare names docker fills from the host, a BOM, a tab, an
 * open quote, `KEY: value` which only dotenv (npm) reads).
 */
const POOL = [
  "A=1",
  "  ",
  "",
  "# c",
  "  # c",
  "FLAG",
  "export B=2",
  "AWS_ACCESS_KEY_ID=old",
  "\tAWS_SECRET_ACCESS_KEY=o",
  "AWS_ACCESS_KEY_ID",
  "AWS_SESSION_TOKEN",
  'N="x',
  'y"',
  "K='a'",
  "AWS_SECRET_ACCESS_KEY='q' # c",
  "\ufeffAWS_SESSION_TOKEN=z",
  "AWS_ACCESS_KEY_ID: old",
];

/** Every file of three lines from the pool (a BOM only first), with LF and with CRLF. */
function corpus(): string[] {
  const files: string[] = [];
  for (const a of POOL)
    for (const b of POOL)
      for (const c of POOL)
        for (const newline of ["\n", "\r\n"])
          if (!`${b}${c}`.includes("\ufeff")) files.push([a, b, c].join(newline) + newline);
  return files;
}

describe("updateEnvText on every three-line file of a pool", () => {
  const files = corpus();
  const written = files.map((text) => updateEnvText({ text, values: VALUES }).text);

  it(`writes each of the ${files.length} files so that a second run changes nothing`, () => {
    const unstable = files.filter(
      (_, i) => updateEnvText({ text: written[i] as string, values: VALUES }).text !== written[i],
    );
    expect(unstable).toEqual([]);
  });

  it("writes our keys where Node.js's parser and dotenv (npm) read them", () => {
    const misread = (read: (text: string) => Record<string, string | undefined>) =>
      files.filter((_, i) => {
        const values = read(written[i] as string);
        return Object.entries(VALUES).some(([key, value]) => values[key] !== value);
      });
    expect(misread((text) => readWithNodeParser(text) as Record<string, string>)).toEqual([]);
    // whichever Node.js runs ssoenv, an app on Node.js 20 (the strictest parser) reads them too
    expect(misread(parseEnvLikeNode20)).toEqual([]);
    expect(misread((text) => readWithDotenv(Buffer.from(text)))).toEqual([]);
  });

  it.skipIf(!pythonReady)("writes our keys where python-dotenv reads them", () => {
    const read = readManyWithPythonDotenv(written);
    const misread = files.filter((_, i) =>
      Object.entries(VALUES).some(([key, value]) => read[i]?.[key] !== value),
    );
    expect(misread).toEqual([]);
  });
});
