import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyBaseline, createBaseline, formatBaseline, loadBaseline } from "./baseline.js";
import type { Finding } from "./types.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ssoenv-baseline-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const finding = (fingerprint: string, line = 1): Finding => ({
  rule: "aws-access-key-id",
  path: "a.env",
  line,
  column: 1,
  redacted: "AKIA…",
  fingerprint,
});

describe("baseline", () => {
  it("round-trips, sorted, and drops findings by fingerprint whatever their line", async () => {
    const path = join(dir, ".ssoenv-scan-baseline.json");
    writeFileSync(
      path,
      formatBaseline({ baseline: createBaseline({ findings: [finding("bb"), finding("aa")] }) }),
    );
    expect(Object.keys(JSON.parse(readFileSync(path, "utf8")).secrets)).toEqual(["aa", "bb"]);
    const baseline = await loadBaseline({ path });
    const kept = applyBaseline({ findings: [finding("aa", 99), finding("cc")], baseline });
    expect(kept.map((f) => f.fingerprint)).toEqual(["cc"]);
  });

  it("treats a missing optional baseline as empty, a missing explicit one as an error", async () => {
    const path = join(dir, "missing.json");
    expect(await loadBaseline({ path, optional: true })).toEqual({ version: 1, secrets: {} });
    await expect(loadBaseline({ path })).rejects.toMatchObject({ code: "PATH_UNREADABLE" });
  });

  it("rejects a file that is not a baseline, naming it", async () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, "{not json");
    await expect(loadBaseline({ path })).rejects.toMatchObject({
      code: "BASELINE_INVALID",
      message: expect.stringContaining(path),
    });
    writeFileSync(path, JSON.stringify({ version: 2, secrets: {} }));
    await expect(loadBaseline({ path })).rejects.toMatchObject({ code: "BASELINE_INVALID" });
  });

  // CRLF: the work tree's line ends on Windows with core.autocrlf, conflict markers included.
  for (const eol of ["\n", "\r\n"]) {
    it(`reads a merge conflict (diff3 style too) as both sides when asked, and names its line otherwise (${JSON.stringify(eol)})`, async () => {
      const path = join(dir, "conflicted.json");
      const entry = (fp: string, comma = ",") =>
        [
          `    "${fp}": {`,
          '      "rule": "aws-access-key-id",',
          '      "path": "a.env"',
          `    }${comma}`,
        ].join(eol);
      writeFileSync(
        path,
        [
          "{",
          '  "version": 1,',
          '  "secrets": {',
          entry("aa"),
          "<<<<<<< HEAD",
          entry("bb"),
          "||||||| base",
          "=======",
          entry("bc"),
          ">>>>>>> feature",
          entry("cc", ""),
          "  }",
          "}",
          "",
        ].join(eol),
      );
      await expect(loadBaseline({ path })).rejects.toMatchObject({
        code: "BASELINE_INVALID",
        message: `baseline ${path} has an unresolved merge conflict (line 8)`,
      });
      const merged = await loadBaseline({ path, mergeConflict: true });
      expect(Object.keys(merged.secrets).sort()).toEqual(["aa", "bb", "bc", "cc"]);
      expect(merged.mergedConflict).toBe(true);
      expect(formatBaseline({ baseline: merged })).not.toContain("mergedConflict");
    });
  }
});
