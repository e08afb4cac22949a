import { describe, expect, it } from "vitest";
import { printablePath } from "./printable-path.js";

describe("printablePath", () => {
  it("writes a byte that is not UTF-8 in octal, as git does", () => {
    expect(printablePath("lat\udce9.env")).toBe('"lat\\351.env"');
  });

  it("leaves a character whose UTF-16 low half is U+DC80-U+DCFF as it is (U+10080)", () => {
    expect(printablePath("\u{10080}.env")).toBe("\u{10080}.env");
  });
});
