import { describe, expect, it } from "vitest";
import { decodeBase64Text } from "./find-candidates.js";
import { mayHoldCredential } from "./may-hold-credential.js";

describe("mayHoldCredential", () => {
  // For these runs (no key ID shape, not 40 long, under 68) the base64 test is the only one left,
  // so the prefilter must answer exactly as the scanner's decodeBase64Text: looser would do, but
  // stricter would drop files the scanner decodes.
  it("passes a run of base64 exactly when the scanner would decode it (every length mod 4, 0-25% unprintable)", () => {
    let seed = 1;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const answers = { decoded: 0, not: 0 };
    for (let n = 0; n < 4000; n++) {
      const raw = Buffer.alloc(16 + random(36));
      const unprintable = random(26);
      for (let i = 0; i < raw.length; i++) raw[i] = random(100) < unprintable ? random(256) : 32 + random(95);
      const encoded = raw.toString("base64").replace(/=+$/, "");
      const run = encoded.slice(0, encoded.length - random(4));
      if (run.length < 20 || run.length === 40 || run.length >= 68 || /A[A-Z0-9]{19}/.test(run)) continue;
      const decoded = decodeBase64Text(run) !== undefined;
      answers[decoded ? "decoded" : "not"]++;
      expect(mayHoldCredential(Buffer.from(`,${run},`)), run).toBe(decoded);
    }
    // Both answers, many times each: the test can tell a stricter or looser prefilter.
    expect(Math.min(answers.decoded, answers.not)).toBeGreaterThan(500);
  });
});
