import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellWord } from "./shell-word.js";

describe("shellWord", () => {
  it("leaves plain words as they are and quotes the rest", () => {
    expect(shellWord("apps/api/.env")).toBe("apps/api/.env");
    expect(shellWord("--profile=dev")).toBe("--profile=dev");
    expect(shellWord("my dev")).toBe("'my dev'");
  });

  it("gives back each word whole when sh reads the line", () => {
    const words = ["a b", "it's", "$HOME", "*.env", "a;b", "`x`", "-", "x=1", "a:b,c%", "new\nline", '"q"'];
    const line = words.map(shellWord).join(" ");
    const read = execFileSync("sh", ["-c", `printf '%s\\0' ${line}`])
      .toString("utf8")
      .split("\0");
    expect(read.slice(0, -1)).toEqual(words);
  });
});
