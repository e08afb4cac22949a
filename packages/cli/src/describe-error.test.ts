import { readFileSync } from "node:fs";
import { SsoenvError, type SsoenvErrorCode } from "@ssoenv/core";
import { SecretScanError, type SecretScanErrorCode } from "@ssoenv/secret-scan";
import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error.js";

// The CLI README's "Exit codes and errors" table is where a script author looks up what a code means:
// each error code must sit in the row of the exit code describeError gives it, and in no other.

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

/** The string literals of `export type <name> = | "A" | "B" …` in a source file. */
function codesOf(source: string, name: string): string[] {
  const union = source.split(`export type ${name} =`)[1]?.split(/;$/m)[0] ?? "";
  return [...union.matchAll(/"([A-Z][A-Z_]+)"/g)].map((match) => match[1] as string);
}

/** The table's rows: exit code (first cell) -> the rest of the row. */
function exitCodeRows(): Map<string, string> {
  const section = README.split(/^## Exit codes and errors$/m)[1]?.split(/^## /m)[0] ?? "";
  const rows = new Map<string, string>();
  for (const line of section.split("\n")) {
    const [, first = "", ...rest] = line.split(/(?<!\\)\|/);
    if (/^\s*\d+\s*$/.test(first)) rows.set(first.trim(), rest.join("|"));
  }
  return rows;
}

/** Whether `row` names `code`, as itself or through a `PREFIX_*` written for a family of codes. */
function names(row: string, code: string): boolean {
  return [...row.matchAll(/`([A-Z][A-Z_]*)(\*?)`/g)].some(([, word = "", star]) =>
    star ? code.startsWith(word) : word === code,
  );
}

describe("the CLI README's exit-code table", () => {
  const coreCodes = codesOf(read("../../core/src/errors.ts"), "SsoenvErrorCode") as SsoenvErrorCode[];
  const scanCodes = codesOf(
    read("../../secret-scan/src/secret-scan-error.ts"),
    "SecretScanErrorCode",
  ) as SecretScanErrorCode[];
  const errors = [
    ...coreCodes.map((code) => new SsoenvError(code, "x")),
    ...scanCodes.map((code) => new SecretScanError(code, "x")),
  ];

  it("names every error code in the row of the exit code it maps to, and in no other row", () => {
    expect(coreCodes.length).toBeGreaterThan(20);
    expect(scanCodes.length).toBeGreaterThan(2);
    const rows = exitCodeRows();
    // 143 and 129 are CANCELLED by SIGTERM and SIGHUP: their rows name no code (CANCELLED is in 130's).
    expect([...rows.keys()]).toEqual(["0", "1", "2", "3", "126", "127", "130", "143", "129"]);
    const misplaced = errors.flatMap((error) => {
      const expected = String(describeError(error).exitCode);
      const where = [...rows].filter(([, row]) => names(row, error.code)).map(([exit]) => exit);
      return where.length === 1 && where[0] === expected
        ? []
        : [`${error.code}: maps to ${expected}, named in row(s) [${where.join(", ")}]`];
    });
    expect(misplaced).toEqual([]);
  });
});
