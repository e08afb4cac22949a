import { describe, expect, it } from "vitest";
import { isLikelyKeyId, isLikelySecretKey, isLikelySessionToken } from "./credential-shape.js";

// A fixed-seed sample: the thresholds must accept random keys (real keys are random).
function seeded(seed: number) {
  let state = seed;
  return (alphabet: string, n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      s += alphabet[(state >>> 8) % alphabet.length];
    }
    return s;
  };
}
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

describe("credential shapes", () => {
  it("accepts 5,000 random key IDs, secret keys and session tokens", () => {
    const pick = seeded(42);
    for (let i = 0; i < 5000; i++) {
      expect(isLikelyKeyId(`AKIA${pick(B32, 16)}`)).toBe(true);
      expect(isLikelySecretKey(pick(B64, 40))).toBe(true);
    }
    for (let i = 0; i < 200; i++) expect(isLikelySessionToken(pick(B64, 400))).toBe(true);
  });

  it("rejects documentation examples and placeholders", () => {
    expect(isLikelyKeyId(["AKIA", "IOSFODNN7", "EXAMPLE"].join(""))).toBe(false);
    expect(isLikelyKeyId(`AKIA${"X".repeat(16)}`)).toBe(false);
    expect(isLikelyKeyId(`AKIA${"ABCDEFGHIJKLMNOP"}`)).toBe(false);
    expect(isLikelyKeyId(`AKIA${"YOURACCESSKEYID2"}`)).toBe(false);
    expect(isLikelySecretKey(["wJalrXUtnFEMI", "/K7MDENG/bPxRfiCY", "EXAMPLEKEY"].join(""))).toBe(false);
    expect(isLikelySecretKey("x".repeat(40))).toBe(false);
    expect(isLikelySecretKey("ab".repeat(20))).toBe(false);
  });

  it("rejects hex hashes and camelCase identifiers", () => {
    expect(isLikelySecretKey("da39a3ee5e6b4b0d3255bfef95601890afd80709")).toBe(false);
    expect(isLikelySecretKey("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709")).toBe(false);
    expect(isLikelySecretKey("getAwsSecretAccessKeyFromEnvironmentVar1")).toBe(false);
    expect(isLikelySessionToken("a1".repeat(100))).toBe(false);
  });
});
