import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hasEscapedBytes, pathFromBytes, pathToBytes } from "./path-bytes.js";

describe("pathFromBytes / pathToBytes", () => {
  it("leaves a UTF-8 name as Node.js decodes it", () => {
    // U+10080's UTF-16 low half is U+DC80: a character, not an escaped byte.
    for (const name of ["plain.env", "café.env", "日本/設定.env", "emoji-😀.env", "\u{10080}.env"]) {
      expect(pathToBytes(name)).toEqual(Buffer.from(name));
      expect(pathFromBytes(Buffer.from(name))).toBe(name);
      expect(hasEscapedBytes(name)).toBe(false);
    }
  });

  it("keeps each byte that is not UTF-8 as U+DC80-U+DCFF, UTF-8 around it decoded", () => {
    const bytes = Buffer.concat([
      Buffer.from("é"),
      Buffer.of(0xe9, 0xc0, 0x80, 0xed, 0xa0, 0x80),
      Buffer.from("x"),
    ]);
    expect(pathFromBytes(bytes)).toBe("é\udce9\udcc0\udc80\udced\udca0\udc80x");
  });

  it("gives back the bytes of any name", () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytes(1 + (i % 24));
      expect(pathToBytes(pathFromBytes(bytes))).toEqual(bytes);
    }
  });
});
