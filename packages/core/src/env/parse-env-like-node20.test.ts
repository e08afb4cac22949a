import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { node20StopsAt, parseEnvLikeNode20 } from "./parse-env-like-node20.js";

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
    expect(node20StopsAt("A=1\n=v\nB=2\n")).toBe(4);
    expect(node20StopsAt("A=1\nB=2\n")).toBeUndefined();
  });

  it.skipIf(!onNode20)(
    "says where Node.js 20's util.parseEnv stops: it reads nothing after, and a line put there",
    () => {
      const wrong: string[] = [];
      let stops = 0;
      for (const a of POOL)
        for (const b of POOL)
          for (const c of POOL)
            for (const newline of ["\n", "\r\n"]) {
              const text = [a, b, c].join(newline) + newline;
              const at = node20StopsAt(text);
              if (at === undefined) continue;
              stops++;
              const before = JSON.stringify(sorted(parseEnv(text.slice(0, at)) as Record<string, string>));
              const withProbe = parseEnv(`${text.slice(0, at)}PROBE_KEY=1${newline}${text.slice(at)}`);
              if (JSON.stringify(sorted(parseEnv(text) as Record<string, string>)) !== before)
                wrong.push(text);
              else if (withProbe.PROBE_KEY !== "1") wrong.push(text);
            }
      expect(stops).toBeGreaterThan(1000);
      expect(wrong).toEqual([]);
    },
  );

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
