import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { updateEnvText } from "./update-env-text.js";

const updateTextChild = fileURLToPath(new URL("./test-support/update-text-stdin.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

const VALUES = { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1" };

/** Files of `lines` lines of each shape that once took quadratic time (a 13 MB .env: minutes). */
const SHAPES: Record<string, (lines: number) => string> = {
  comments: (lines) => lineList(lines, (i) => `# setting ${i} of the app`),
  "indented comments after a key": (lines) => `A=1\n${lineList(lines, (i) => `  # note ${i}`)}`,
  "bare names after a key": (lines) => `A=1\n${lineList(lines, (i) => `NAME_${i}`)}`,
  "KEY: value lines": (lines) => lineList(lines, (i) => `KEY_${i}: value`),
};

function lineList(lines: number, line: (i: number) => string): string {
  return `${Array.from({ length: lines }, (_, i) => line(i)).join("\n")}\n`;
}

/**
 * How many characters String.prototype.indexOf and lastIndexOf read while `run` runs: each call reads
 * from where it starts to what it finds (or to the string's end). Counted, not timed.
 */
function charactersScanned(run: () => void): number {
  const { indexOf, lastIndexOf } = String.prototype;
  let scanned = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number) {
    const start = Math.min(Math.max(Math.trunc(from ?? 0) || 0, 0), this.length);
    const found = indexOf.call(this, search, start);
    scanned += (found === -1 ? this.length : found + search.length) - start;
    return found;
  };
  String.prototype.lastIndexOf = function (this: string, search: string, from?: number) {
    const start = Math.min(from === undefined ? this.length : Math.trunc(from) || 0, this.length);
    const found = lastIndexOf.call(this, search, start);
    scanned += Math.max(0, start - found);
    return found;
  };
  try {
    run();
  } finally {
    String.prototype.indexOf = indexOf;
    String.prototype.lastIndexOf = lastIndexOf;
  }
  return scanned;
}

describe("updateEnvText's work grows linearly with the file (counted, not timed)", () => {
  for (const [shape, file] of Object.entries(SHAPES)) {
    it(`reads a file of ${shape} a bounded number of times`, () => {
      const scanned = (lines: number) =>
        charactersScanned(() => updateEnvText({ text: file(lines), values: VALUES }));
      const small = scanned(2_000);
      const large = scanned(8_000);
      // 4 times the lines: about 4 times the reading when linear, 16 times when quadratic
      expect(large / small).toBeLessThan(5);
    });
  }

  it("backtracks no regexp through a line padded with 100,000 blanks", () => {
    // V8 counts each regexp's backtracks; past 10,000 it hands the regexp to its linear engine and,
    // traced, says so. A regexp retrying from every blank of the run backtracks billions of times.
    const child = spawnSync(
      process.execPath,
      [
        "--enable-experimental-regexp-engine-on-excessive-backtracks",
        "--regexp-backtracks-before-fallback=10000",
        "--trace-experimental-regexp-engine",
        "--import",
        "tsx",
        updateTextChild,
      ],
      {
        cwd: repoRoot,
        input: `A=1${" ".repeat(100_000)}x\nB=2${"\t ".repeat(50_000)}# note\n`,
        encoding: "utf8",
      },
    );
    // V8 traces on stdout: the fallback ("Experimental execution ... of regexp"), and on Node.js 24
    // also every pattern its linear engine cannot run, which is no backtracking.
    const lines = child.stdout.split("\n");
    expect(lines.filter((line) => line.startsWith("Experimental execution"))).toEqual([]);
    expect(lines, child.stderr).toContain("done");
  });
});
