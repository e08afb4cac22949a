import { describe, expect, it } from "vitest";
import { decodeBytes, textEncodingOf } from "./decode-bytes.js";

const text = "KEY=value\r\nnext line\n";
const le = Buffer.from(text, "utf16le");
const be = Buffer.from(le).swap16();

describe("decodeBytes", () => {
  it("decodes UTF-8 and drops its BOM", () => {
    expect(decodeBytes(Buffer.from(text))).toBe(text);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
  });

  it("decodes UTF-16 LE and BE, with a BOM or without one", () => {
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(text);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
    expect(decodeBytes(le)).toBe(text);
    expect(decodeBytes(be)).toBe(text);
  });

  it("returns undefined for binary content (a NUL byte that is not UTF-16)", () => {
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a, 0xff, 0x10, 0x00, 0x33]);
    expect(decodeBytes(binary)).toBeUndefined();
    expect(textEncodingOf(binary)).toBe("binary");
    expect(textEncodingOf(le)).toBe("utf16le");
  });
});
