/**
 * PiecewiseScan (files over the size limit, scanned in 1 MiB pieces with context) against scanText
 * on the whole text: the labelled corpus laid end to end between filler, so that piece boundaries
 * fall everywhere, pushed in chunks of odd sizes.
 */
import { PiecewiseScan, scanText } from "@ssoenv/secret-scan";
import { describe, expect, it } from "vitest";
import { buildCorpus, corpusSeed, createKeyFactory, createRandom } from "./corpus.js";

const seed = corpusSeed();

describe(`PiecewiseScan (seed ${seed}; replay with SECRET_SCAN_SEED=${seed})`, () => {
  it("reports what a whole-file scan reports, on a 3 MiB text holding the corpus", () => {
    const random = createRandom(seed);
    const texts = buildCorpus(seed)
      .map((c) => c.content)
      .filter((content): content is string => typeof content === "string");
    let text = "";
    while (text.length < 3 * 1024 * 1024) {
      const filler = "ordinary line of text, nothing to see here\n".repeat(Math.floor(random(2000)));
      text += `${filler}${texts[Math.floor(random(texts.length))]}\n`;
    }
    const whole = scanText({ text, path: "big.txt" });
    expect(whole.length).toBeGreaterThan(20);

    const bytes = Buffer.from(text);
    const scan = new PiecewiseScan({ path: "big.txt" });
    for (let at = 0; at < bytes.length; ) {
      const size = 1 + Math.floor(random(300_000));
      scan.push(bytes.subarray(at, at + size));
      at += size;
    }
    const key = (f: { line: number; column: number; rule: string; fingerprint: string }) =>
      `${f.line}:${f.column} ${f.rule} ${f.fingerprint}`;
    expect(scan.end().map(key)).toEqual(whole.map(key));
  });

  it("keeps columns right on a line far longer than a piece (a minified bundle)", () => {
    const key = createKeyFactory(seed).keyId();
    const text = `${"x=1;".repeat(700_000)}var k="${key}";${"y=2;".repeat(10)}\n`;
    const scan = new PiecewiseScan({ path: "bundle.js" });
    scan.push(Buffer.from(text));
    const found = scan.end().map((f) => `${f.line}:${f.column} ${f.rule}`);
    expect(found).toEqual([`1:${4 * 700_000 + 8} aws-access-key-id`]);
    expect(found).toEqual(scanText({ text }).map((f) => `${f.line}:${f.column} ${f.rule}`));
  });
});
