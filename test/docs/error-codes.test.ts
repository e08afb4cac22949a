import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exitCodeFor, SsoenvError } from "@ssoenv/core";
import { describe, expect, it } from "vitest";

// Two tables tell each error code's exit code: @ssoenv/core's "Error codes" (for library users) and
// @ssoenv/cli's "Exit codes and errors". A new code, or one moved to another exit code, leaves them
// wrong with nothing else noticing; this test reads the codes from core's type and the exit codes from
// exitCodeFor, the function the CLI maps every error through.

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The members of core's `SsoenvErrorCode` union, read from its source (a type has no runtime list). */
function errorCodes(): string[] {
  const source = readFileSync(join(REPO_ROOT, "packages/core/src/errors.ts"), "utf8");
  const union = /export type SsoenvErrorCode =([\s\S]*?);\n/.exec(
    source
      .split("\n")
      .filter((line) => !line.trim().startsWith("//"))
      .join("\n"),
  );
  return [...(union?.[1] ?? "").matchAll(/"([A-Z_]+)"/g)].map((m) => m[1] ?? "");
}

/** For each `CODE` in a Markdown table row, the exit codes of the rows naming it (a cell that is a number). */
function exitCodesInTables(markdown: string): Map<string, Set<number>> {
  const found = new Map<string, Set<number>>();
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) continue;
    const exit = line
      .split("|")
      .map((cell) => cell.trim())
      .find((cell) => /^\d+$/.test(cell));
    if (exit === undefined) continue;
    for (const [, code = ""] of line.matchAll(/`([A-Z][A-Z_]{3,})`/g)) {
      found.set(code, (found.get(code) ?? new Set()).add(Number(exit)));
    }
  }
  return found;
}

/** Each code the tables of `file` leave out or give another exit code than exitCodeFor does. */
function tableDrift(file: string, codes: string[]): string[] {
  const tables = exitCodesInTables(readFileSync(join(REPO_ROOT, file), "utf8"));
  return codes.flatMap((code) => {
    const exit = exitCodeFor(new SsoenvError(code as never, "x"));
    const documented = tables.get(code);
    if (!documented) return [`${file}: ${code} (exit ${exit}) is in no table`];
    if (documented.size !== 1 || !documented.has(exit)) {
      return [`${file}: ${code} is exit ${exit}, the table says ${[...documented].join(" and ")}`];
    }
    return [];
  });
}

describe("the error-code tables", () => {
  const codes = errorCodes();

  it("reads every code of core's SsoenvErrorCode", () => {
    expect(codes.length).toBeGreaterThanOrEqual(28);
    expect(codes).toContain("LOGIN_REQUIRED");
    expect(codes).toContain("CANCELLED");
  });

  it.each(["packages/core/README.md", "packages/cli/README.md"])(
    "%s gives each code its exit code",
    (file) => {
      expect(tableDrift(file, codes)).toEqual([]);
    },
  );

  it("reads a row's codes and its exit code", () => {
    const tables = exitCodesInTables("| `A_CODE`, `B_CODE` | 2 | text `C_CODE` |\n| 3 | `A_CODE` |\n");
    expect([...(tables.get("A_CODE") ?? [])]).toEqual([2, 3]);
    expect([...(tables.get("C_CODE") ?? [])]).toEqual([2]);
  });
});

// `ssoenv --help` is where a newcomer looks first: it names every exit code the README's "Exit codes" does.
describe("ssoenv --help's exit codes", () => {
  it("are the README's: 0, 1, 2, 3, 130, 143 and 129, and exec's 127 and 126", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const section = /\n## Exit codes\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
    const inReadme = section.match(/\b\d+\b/g) ?? [];
    expect(inReadme).toEqual(["0", "1", "2", "3", "130", "143", "129", "127", "126"]);
    const help = execFileSync(process.execPath, [join(REPO_ROOT, "packages/cli/bin/ssoenv.cjs"), "--help"], {
      encoding: "utf8",
    });
    const line = help.slice(help.indexOf("Exit codes:")).replace(/\s+/g, " ");
    for (const code of inReadme) expect(line, `exit ${code}`).toMatch(new RegExp(`\\b${code}\\b`));
  });
});
