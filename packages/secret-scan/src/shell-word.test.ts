import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellWord } from "./shell-word.js";

describe("shellWord", () => {
  it("leaves plain words as they are and quotes the rest", () => {
    expect(shellWord("apps/api/.env")).toBe("apps/api/.env");
    expect(shellWord("--profile=dev")).toBe("--profile=dev");
    expect(shellWord("my dev")).toBe("'my dev'");
    // U+10080's UTF-16 low half is U+DC80, the mark of a byte that is not UTF-8: not one here.
    expect(shellWord("\u{10080} x")).toBe("'\u{10080} x'");
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

describe("shellWord with a file name that is not UTF-8", () => {
  it("gives back the name's bytes when bash reads the line", () => {
    // As pathFromBytes holds them: each byte that is not UTF-8 as U+DC80 + its value.
    const names: Array<[string, Buffer]> = [
      ["lat\udce9.env", Buffer.concat([Buffer.from("lat"), Buffer.of(0xe9), Buffer.from(".env")])],
      [
        "a\u0001'b\udcff\\c é",
        Buffer.concat([Buffer.from("a\u0001'b"), Buffer.of(0xff), Buffer.from("\\c é")]),
      ],
    ];
    const line = names.map(([held]) => shellWord(held)).join(" ");
    expect(line.startsWith("$'lat\\351.env' ")).toBe(true);
    const read = execFileSync("bash", ["-c", `printf '%s\\0' ${line}`]);
    expect(read).toEqual(Buffer.concat(names.flatMap(([, bytes]) => [bytes, Buffer.of(0)])));
  });
});
