import { describe, expect, it } from "vitest";
import { someNames } from "./some-names.js";

describe("someNames", () => {
  it("gives every name when they fit", () => {
    expect(someNames(["dev"], 4)).toBe("dev");
    expect(someNames(["a", "b", "c", "d"], 4)).toBe("a, b, c, d");
  });

  it("names max - 1 and counts the others, never 'and 1 more'", () => {
    expect(someNames(["a", "b", "c", "d", "e"], 4)).toBe("a, b, c and 2 more");
    expect(
      someNames(
        Array.from({ length: 30 }, (_, i) => `p${i}`),
        8,
      ),
    ).toBe("p0, p1, p2, p3, p4, p5, p6 and 23 more");
  });
});
