import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { parseEnvLikeNode20 } from "./parse-env-like-node20.js";

const onNode20 = process.versions.node.startsWith("20.");
if (!onNode20)
  console.warn(
    `Node.js ${process.version}: parseEnvLikeNode20 is compared with Node 20's util.parseEnv only on Node 20`,
  );

/** Lines Node.js 20 reads in its own ways: quotes of three kinds, open ones, `#`, `=value`, tabs, a BOM. */
const POOL = [
  "A=1",
  "  ",
  "",
  "# c",
  "  # c",
  "FLAG",
  "export B=2",
  "AWS_ACCESS_KEY_ID: old",
  "\tAWS_SECRET_ACCESS_KEY=o",
  "=v",
  'N="x',
  'y"',
  "K='a'",
  "K=`a",
  "X='a b' # c",
  'D="a\\nb" # c',
  "E=x=y",
  "F= sp ",
  'H="q"x',
  " I = 2 ",
  "\ufeffJ=z",
];

function sorted(values: Record<string, string | undefined>): [string, string | undefined][] {
  return Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe("parseEnvLikeNode20", () => {
  it("reads what its example says", () => {
    expect(parseEnvLikeNode20("A=1\nFLAG\nB=2\n")).toEqual({ A: "1", "FLAG\nB": "2" });
  });

  it.skipIf(!onNode20)(
    "reads every three-line file of a pool as Node.js 20's util.parseEnv does (LF, CRLF, CR, with and without a last line end)",
    () => {
      const differ: string[] = [];
      for (const a of POOL)
        for (const b of POOL)
          for (const c of POOL)
            for (const newline of ["\n", "\r\n", "\r"])
              for (const end of [newline, ""]) {
                const text = [a, b, c].join(newline) + end;
                const node = sorted(parseEnv(text) as Record<string, string>);
                if (JSON.stringify(sorted(parseEnvLikeNode20(text))) !== JSON.stringify(node))
                  differ.push(text);
              }
      expect(differ).toEqual([]);
    },
  );
});
