import { describe, expect, it } from "vitest";
import { KEY_ID_PREFIXES_IN_BASE64 } from "./find-candidates.js";

/**
 * The base64 spelling of `prefix` when it starts `align` bytes into a 3-byte group: only the output
 * characters whose 6 bits come entirely from the prefix (the others depend on its neighbours).
 */
function fixedBase64Characters(prefix: string, align: number): string {
  const encoded = Buffer.from(`${"\0".repeat(align)}${prefix}\0\0\0`, "latin1").toString("base64");
  let fragment = "";
  for (let j = 0; j < encoded.length; j++) {
    if (j * 6 >= align * 8 && j * 6 + 6 <= (align + prefix.length) * 8) fragment += encoded[j];
  }
  return fragment;
}

describe("KEY_ID_PREFIXES_IN_BASE64", () => {
  it("is each key ID prefix's base64 spelling at byte offsets 0, 1 and 2", () => {
    const expected = ["AKIA", "ASIA", "ABIA", "ACCA"].flatMap((prefix) =>
      [0, 1, 2].map((align) => fixedBase64Characters(prefix, align)),
    );
    expect(KEY_ID_PREFIXES_IN_BASE64).toEqual(expected);
    // Put in a regex as they are: no + or / to escape.
    for (const fragment of KEY_ID_PREFIXES_IN_BASE64) expect(fragment).toMatch(/^[A-Za-z0-9]+$/);
  });

  it("finds the prefix inside base64 of text holding it, at every offset", () => {
    for (const prefix of ["AKIA", "ASIA", "ABIA", "ACCA"]) {
      for (let pad = 0; pad < 3; pad++) {
        const encoded = Buffer.from(`${"x".repeat(pad)}${prefix}0123456789`, "latin1").toString("base64");
        expect(KEY_ID_PREFIXES_IN_BASE64.some((fragment) => encoded.includes(fragment))).toBe(true);
      }
    }
  });
});
