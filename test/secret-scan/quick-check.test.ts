/**
 * Differential test of the native quick check (`ssoenv-quickscan paths`) against the full scanner
 * (`scanText`, the reference): the quick check must be conservative, so every file in which the full
 * scanner reports anything must come back as a "maybe". Ruling out a file with no findings is only a
 * speed-up; ruling out a file with findings is a leak.
 *
 * Three parts: the labelled corpus, hand-built boundary cases, and a seeded fuzz of texts around the
 * boundary between "clean" and "found". `SECRET_SCAN_SEED` replays a run (the seed is printed). No
 * secret is ever printed: failures name the case (or the seed and index) and describe its shape,
 * with at most the first 4 characters of any generated value.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import {
  decodeBytes,
  type Finding,
  redact,
  scanFiles,
  scanStaged,
  scanText,
  stagedDiffArgs,
} from "@ssoenv/secret-scan";
import { afterAll, describe, expect, it } from "vitest";
import { buildCorpus, corpusSeed, createRandom } from "./corpus.js";
import { createTempRepo, repoRoot, requireTool } from "./helpers.js";

const quickscan = [
  join(repoRoot, "packages/secret-scan/dist/ssoenv-quickscan"),
  join(repoRoot, "packages/secret-scan/native/target/release/ssoenv-quickscan"),
].find((path) => existsSync(path));
const present = requireTool("ssoenv-quickscan (build it: cargo, via pnpm build)", quickscan !== undefined);

const seed = corpusSeed();
const FUZZ_TEXTS = 4000;
const BATCH = 500;

let base: string | undefined;
afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});
function tempDir(name: string): string {
  base ??= mkdtempSync(join(tmpdir(), "ssoenv-quickcheck-"));
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * One run of the binary over a folder: how many files it ruled out, and the ones it could not
 * (`sliced`: those of them it found slices of enough).
 */
function runQuickCheck(dir: string): {
  clean: number;
  maybe: Set<string>;
  binary: Set<string>;
  sliced: Set<string>;
} {
  const r = spawnSync(quickscan as string, ["paths", dir], { maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`ssoenv-quickscan paths exited with ${r.status ?? r.signal}: ${r.stderr.toString()}`);
  }
  // NUL-terminated records: `M<path>` per file it cannot rule out (`R<size>:<slices> <path>` when
  // slices of it are enough), `B<size> <path>` per binary file, then `C<count of the others>`.
  const records = r.stdout.toString("utf8").split("\0");
  if (records.pop() !== "") throw new Error("ssoenv-quickscan: output does not end with a NUL byte");
  const last = records.pop() ?? "";
  const clean = Number(last.slice(1));
  if (!last.startsWith("C") || !Number.isInteger(clean)) {
    throw new Error("ssoenv-quickscan: the last record is not the count of files ruled out");
  }
  const maybe = new Set<string>();
  const binary = new Set<string>();
  const sliced = new Set<string>();
  for (const record of records) {
    if (record.startsWith("M")) maybe.add(record.slice(1));
    else if (/^R\d+(:\d+,\d+,\d+,\d+,\d+)+ /.test(record)) {
      maybe.add(record.slice(record.indexOf(" ") + 1));
      sliced.add(record.slice(record.indexOf(" ") + 1));
    } else if (/^B\d+ /.test(record)) binary.add(record.slice(record.indexOf(" ") + 1));
    else throw new Error("ssoenv-quickscan: unknown record");
  }
  return { clean, maybe, binary, sliced };
}

interface Sample {
  /** Names the sample in a failure message (a case name, or the seed and index). */
  label: string;
  /** File name, unique in its folder. */
  file: string;
  bytes: Buffer;
  /** Redacted description of the content. */
  shape: string;
}

interface Outcome {
  /** Samples with at least one finding of the full scanner. */
  found: Sample[];
  /** Samples the quick check ruled out. */
  ruledOut: Sample[];
  /** Samples with findings that the quick check ruled out: each a failure message. */
  violations: string[];
}

/** Writes the samples into one folder, runs the quick check once, compares with scanText. */
function compare(folder: string, samples: readonly Sample[]): Outcome {
  const dir = tempDir(folder);
  for (const s of samples) writeFileSync(join(dir, s.file), s.bytes);
  const { clean, maybe, binary } = runQuickCheck(dir);
  const outcome: Outcome = { found: [], ruledOut: [], violations: [] };
  for (const s of samples) {
    const findings = scanText({ bytes: s.bytes, path: s.file });
    const isMaybe = maybe.has(join(dir, s.file));
    // Called binary, it is skipped unread: right only when the scanner's decodeBytes says so too.
    if (binary.has(join(dir, s.file)) && decodeBytes(s.bytes) !== undefined) {
      outcome.violations.push(`${s.label} (${s.file}): called binary, but the scanner reads it as text`);
    }
    if (!isMaybe && !binary.has(join(dir, s.file))) outcome.ruledOut.push(s);
    if (findings.length === 0) continue;
    outcome.found.push(s);
    if (!isMaybe) {
      const what = findings.map(
        (f) => `${f.rule}${f.encoding ? `/${f.encoding}` : ""} at ${f.line}:${f.column} (${f.redacted})`,
      );
      outcome.violations.push(
        `${s.label} (${s.file}): scanText reports ${what.join(", ")}, quick check said clean; content: ${s.shape}`,
      );
    }
  }
  expect(clean, `clean count of ${folder}`).toBe(outcome.ruledOut.length);
  return outcome;
}

// --- value factories (every key-shaped value is generated at run time)

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX = "0123456789abcdef";
const LOWER36 = "abcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_PREFIX = ["IQoJ", "b3JpZ2lu"].join("");
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

type Random = (n: number) => number;

function tools(random: Random) {
  const int = (n: number) => Math.floor(random(n));
  const pick = (alphabet: string, n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)];
    return s;
  };
  return {
    int,
    chance: (p: number) => random(1) < p,
    oneOf: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    pick,
    keyId: (prefix: string) => prefix + pick(B32, 16),
    secret: () => {
      const s = pick(B64, 40);
      return /[a-z]/.test(s) && /[A-Z]/.test(s) ? s : `aZ${s.slice(2)}`;
    },
  };
}
type Tools = ReturnType<typeof tools>;

// Stand-ins for invalid UTF-8 (a stray continuation byte, a truncated 4-byte character, 0xFF, an
// encoded surrogate), replaced by those bytes when a text becomes a file: the full scanner decodes
// them to U+FFFD (one or more).
const INVALID = ["\uE000", "\uE001", "\uE002", "\uE003"] as const;
const INVALID_BYTES = [[0x80], [0xf0, 0x9f, 0x98], [0xff], [0xed, 0xa0, 0x80]];
function toBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const k = INVALID.indexOf(text[i] as (typeof INVALID)[number]);
    if (k === -1) continue;
    parts.push(Buffer.from(text.slice(from, i), "utf8"), Buffer.from(INVALID_BYTES[k] as number[]));
    from = i + 1;
  }
  parts.push(Buffer.from(text.slice(from), "utf8"));
  return Buffer.concat(parts);
}
const showInvalid = (s: string) =>
  s
    .replaceAll(INVALID[0], "<80>")
    .replaceAll(INVALID[1], "<f0 9f 98>")
    .replaceAll(INVALID[2], "<ff>")
    .replaceAll(INVALID[3], "<ed a0 80>");
const b64 = (s: string) => Buffer.from(s, "latin1").toString("base64");
const describeValue = (kind: string, value: string) => `${kind}(${redact(value)} ${value.length} chars)`;

// --- hand-built boundary cases

function boundaryCases(): Sample[] {
  const t = tools(createRandom(seed ^ 0x5eed));
  const cases: Sample[] = [];
  const add = (label: string, text: string, shape: string) =>
    cases.push({ label, file: `case-${cases.length}.txt`, bytes: toBytes(text), shape });
  const s1 = t.secret();
  // A name spelled with an escape (`\x73ecret`) is only a name in the escaped view, and the view is
  // only decoded when some escape in the zone of a real name joins long base64 runs. `\/` followed by
  // `\é` and 15 base64 characters joins 16 in code units (the escape skips the "é"), not in bytes.
  // The secret is 340 bytes before the real name: outside its window, inside its zone.
  add(
    "escaped name, decoded because of a backslash before a non-ASCII character",
    `\\x73ecret = ${s1}${" ".repeat(340)}\ntoken: \\/\\é${t.pick(B64, 15)}\n`,
    `line 1: "\\x73ecret = " + ${describeValue("secret", s1)} + 340 spaces; line 2: "token: \\/\\é" + 15 base64`,
  );
  const s2 = t.secret();
  add(
    "percent-encoded name, decoded because of a percent before an emoji",
    `%73ecret = ${s2}${" ".repeat(340)}\ntoken: %2F%😀${t.pick(B64, 15)}\n`,
    `line 1: "%73ecret = " + ${describeValue("secret", s2)} + 340 spaces; line 2: "token: %2F%😀" + 15 base64`,
  );
  const s6 = t.secret();
  // Walking left from `%2F`: "A" is a base64 character, then `%😀` an escape (`%` + 2 code units):
  // 16 in code units; taking `%😀A` as one escape counts 15.
  add(
    "percent-encoded name, decoded because of a percent and an emoji before the last base64 character",
    `%73ecret = ${s6}${" ".repeat(340)}\ntoken: ${t.pick(B64, 14)}%😀A%2F\n`,
    `line 1: "%73ecret = " + ${describeValue("secret", s6)} + 340 spaces; line 2: "token: " + 14 base64 + "%😀A%2F"`,
  );
  const s7 = t.secret();
  // The same with invalid UTF-8: each stray continuation byte decodes to its own U+FFFD.
  add(
    "percent-encoded name, decoded because of a percent and stray UTF-8 continuation bytes",
    `%73ecret = ${s7}${" ".repeat(340)}\ntoken: ${t.pick(B64, 14)}%${INVALID[0]}${INVALID[0]}A%2F\n`,
    `line 1: "%73ecret = " + ${describeValue("secret", s7)} + 340 spaces; line 2: "token: " + 14 base64 + "%" + bytes 80 80 + "A%2F"`,
  );
  const s8 = t.secret();
  add(
    "escaped name, decoded because of a backslash before a stray UTF-8 continuation byte",
    `\\x73ecret = ${s8}${" ".repeat(340)}\ntoken: ${t.pick(B64, 15)}\\${INVALID[0]}\\/\n`,
    `line 1: "\\x73ecret = " + ${describeValue("secret", s8)} + 340 spaces; line 2: "token: " + 15 base64 + "\\" + byte 80 + "\\/"`,
  );
  const s3 = t.secret();
  // The same value, with the name in clear text: the quick check must (and does) say maybe.
  add(
    "control: the same layout with the name in clear text",
    `secret = ${s3}${" ".repeat(340)}\ntoken: \\/\\é${t.pick(B64, 15)}\n`,
    `line 1: "secret = " + ${describeValue("secret", s3)} + 340 spaces; line 2: "token: \\/\\é" + 15 base64`,
  );
  const s4 = t.secret();
  add(
    "value 300 spaces after its name, in a text that is not all ASCII",
    `# é\naws_secret_access_key = ${" ".repeat(300)}${s4}\n`,
    `"# é", then "aws_secret_access_key = " + 300 spaces + ${describeValue("secret", s4)}`,
  );
  const id = t.keyId("AKIA");
  add(
    "glued key ID after a \\n escape",
    `{"msg":"a\\n${id}\\nb"}\n`,
    `JSON string "a\\n" + ${describeValue("keyId", id)} + "\\nb"`,
  );
  const s5 = t.secret();
  add(
    "secret split over two literals on two lines with CRLF",
    `const secretAccessKey = "${s5.slice(0, 19)}" +\r\n    "${s5.slice(19)}";\r\n`,
    `secretAccessKey = "<19>" +CRLF "<21>" of ${describeValue("secret", s5)}`,
  );
  const s9 = t.secret();
  // Was a leak (the quick check now takes 15 for a `%` joint): on a line longer than REGION_RADIUS
  // the zone of "password" starts mid-line, 2100 units
  // before it: right after the "%" of "# %". The full scanner walks the zone alone, so that "%"
  // is not an escape to it: "Q" + 7 base64 before "%2F" count 8, and 8 after make 16. The quick
  // check walks the whole text, takes "%Q?" as one escape and counts 15. The decoded region then
  // holds "secret = " + the value (the name only exists percent-decoded).
  const head9 = `# %Q${t.pick(B64, 7)}%2F${t.pick(B64, 8)} %73ecret = ${s9} `;
  add(
    "percent escape straddling the start of a zone on a line over 2000 units",
    `${head9}${" ".repeat(2103 - head9.length)}password = x\n`,
    `one line: "# %Q" + 7 base64 + "%2F" + 8 base64 + " %73ecret = " + ${describeValue("secret", s9)} + spaces up to column 2104, "password = x"`,
  );
  const s10 = t.secret();
  // Was a leak, the same root cause: the name starts its line, so its zone starts in the line before,
  // which is longer than what is left of REGION_RADIUS: 2001 units before the name, mid-line.
  const mat10 = `%Q${t.pick(B64, 7)}%2F${t.pick(B64, 8)} %73ecret = ${s10} `;
  const at10 = 2301 - 2002; // the previous line holds [0, 2300), its "\n" is at 2300
  add(
    "percent escape straddling the start of a zone that begins inside a long previous line",
    `${"#".repeat(at10 - 1)} ${mat10}${" ".repeat(2300 - at10 - mat10.length)}\npassword = x\n`,
    `line 1 (2300 units): "#" * ${at10 - 1} + " %Q" + 7 base64 + "%2F" + 8 base64 + " %73ecret = " + ${describeValue("secret", s10)} + spaces; line 2: "password = x"`,
  );
  // Regression guard (not a leak today): a key ID in base64 is 27 characters and one "="; only
  // with the padding does the run reach the 28 that make the full scanner decode it, so the quick
  // check must count padding there too.
  const id2 = b64(t.keyId("AKIA"));
  add(
    "regression guard: base64 key ID whose run reaches 28 only with its padding",
    `data: ${id2}\n`,
    `"data: " + base64 of a key ID: ${id2.length - 1} base64 + "="`,
  );
  // Binary or not, as the scanner's decodeBytes decides: files with NUL bytes are only skipped
  // unread when they are far from BOM-less UTF-16 (every other byte NUL).
  const s11 = t.secret();
  const envText = `AWS_SECRET_ACCESS_KEY=${s11}\n`;
  const utf16le = Buffer.from(envText, "utf16le");
  const utf16be = Buffer.from(utf16le).swap16();
  cases.push(
    {
      label: "BOM-less UTF-16 LE (every other byte NUL)",
      file: `case-${cases.length}.txt`,
      bytes: utf16le,
      shape: `UTF-16 LE, no BOM: "AWS_SECRET_ACCESS_KEY=" + ${describeValue("secret", s11)}`,
    },
    {
      label: "BOM-less UTF-16 BE",
      file: `case-${cases.length + 1}.txt`,
      bytes: utf16be,
      shape: "the same in UTF-16 BE",
    },
    {
      label: "binary: a NUL byte before the key (the scanner skips the file)",
      file: `case-${cases.length + 2}.bin`,
      bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from(envText)]),
      shape: `PNG-like header with NUL bytes, then "AWS_SECRET_ACCESS_KEY=" + ${describeValue("secret", s11)}`,
    },
    {
      label:
        "UTF-16 LE with a few stray bytes (87% of odd bytes NUL: binary to the scanner's guess? no, to ours: left to it)",
      file: `case-${cases.length + 3}.txt`,
      bytes: Buffer.from(utf16le.map((byte, k) => (k % 2 === 1 && k % 16 === 1 ? 0x41 : byte))),
      shape: "UTF-16 LE text where one odd byte in 8 is not NUL",
    },
  );
  return cases;
}

// --- the fuzz

const NAMES = [
  "secret",
  "credential",
  "password",
  "private_key",
  "aws_key",
  "sak",
  "SAK",
  "token",
  "session_token",
  "SecretAccessKey",
  '"Token"',
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "aws_secret_access_key",
  "X-Amz-Security-Token",
  "privateKey",
  "awsKey",
  "client_secret",
  "passwd",
  "credentials",
] as const;
// Names only visible once a view decodes them.
const ENCODED_NAMES = [
  "\\x73ecret",
  "\\u0073ecret",
  "%73ecret",
  "s\\u0065cret",
  "\\u0074oken:",
  "%74oken=",
] as const;
const SEPARATORS = [" = ", "=", ": ", ":", '": "', "='", ' => "', " ", "\t", ":\n  ", " =\r\n  "] as const;
const CODE_LINES = [
  'import { S3Client } from "@aws-sdk/client-s3";',
  "export function add(a, b) { return a + b; }",
  'const url = "https://example.com/path?q=1&r=%20x";',
  "// TODO: rotate the credentials every 90 days",
  "  if (err) throw new Error(`failed: $" + "{err.message}`);",
  "region: eu-west-1",
  'password_hint = "ask the team"',
  "let token = await getToken(options);",
  "const secretName = process.env.SECRET_NAME;",
  "SELECT id, name FROM users WHERE id = $1;",
  '    "description": "Café résumé — naïve 日本語 テスト 😀",',
  "def handler(event, context):",
  '  return {"statusCode": 200, "body": json.dumps(event)}',
  "AWS_SECRET_ACCESS_KEY=$" + "{AWS_SECRET_ACCESS_KEY}",
  "aws_session_token = <your-session-token>",
  "retries = 3 # private key rotation is done by the vault",
  '"path": "C:\\\\Users\\\\dev\\\\AppData"',
  'echo "line\\nnext\\ttab" | tee out.log',
  "const re = /[A-Za-z0-9+\\/]{40}/;",
  "<secretKey>$" + "{env.SECRET_KEY}</secretKey>",
] as const;
const FILLER_WORDS = [
  "foo",
  "bar",
  "value",
  "the",
  "is",
  "=",
  ",",
  "#",
  "//",
  "(x)",
  "1234",
  "-",
  "ok",
  "and",
];
const NON_ASCII = ["é", "ü", "日本語", "😀", "—", "ñ", "€", "Ω"];

interface Value {
  kind: string;
  value: string;
  /** Could the full scanner report it, given a name nearby (rough, only for tuning). */
  real: boolean;
}

function fuzzValue(t: Tools): Value {
  const roll = t.int(100);
  if (roll < 14) return { kind: "secret40", value: t.secret(), real: true };
  if (roll < 22) {
    const prefix = t.oneOf(["AKIA", "ASIA", "ABIA", "ACCA", `A3T${t.pick("ABCXYZ0189", 1)}`]);
    return { kind: "keyId", value: t.keyId(prefix), real: true };
  }
  if (roll < 28) return { kind: "token", value: TOKEN_PREFIX + t.pick(B64, 280 + t.int(60)), real: true };
  if (roll < 36) return { kind: "b64-long", value: t.pick(B64, 120 + t.int(200)), real: true };
  if (roll < 42) return { kind: "b64(secret40)", value: b64(t.secret()), real: true };
  if (roll < 46) {
    const line = t.chance(0.5)
      ? `aws_secret_access_key = ${t.secret()}\n`
      : `AWS_ACCESS_KEY_ID=${t.keyId(t.oneOf(["AKIA", "ASIA"]))}\n`;
    return { kind: "b64(line)", value: b64(line), real: true };
  }
  // Decoys: close to a credential, but not one.
  const decoys: Array<() => Value> = [
    () => ({ kind: "hex40", value: t.pick(HEX, 40), real: false }),
    () => ({ kind: "lower40", value: t.pick(LOWER36, 40), real: false }),
    () => ({ kind: "b64-short", value: t.pick(B64, 20 + t.int(8)), real: false }),
    () => ({ kind: "b64-28-39", value: t.pick(B64, 28 + t.int(12)), real: false }),
    () => ({ kind: "b64-41-99", value: t.pick(B64, 41 + t.int(59)), real: false }),
    () => ({ kind: "keyId-15", value: `AKIA${t.pick(B32, 15)}`, real: false }),
    () => ({
      kind: "keyId-bad-digit",
      value: `AKIA${t.pick(B32, 8)}${t.oneOf(["0", "1", "8", "9"])}${t.pick(B32, 7)}`,
      real: false,
    }),
    () => ({ kind: "keyId-lower", value: `akia${t.pick(B32, 16).toLowerCase()}`, real: false }),
    () => ({
      kind: "placeholder",
      value: t.oneOf(["<your-secret>", "$" + "{SECRET}", "process.env.SECRET", "x".repeat(40), "changeme"]),
      real: false,
    }),
    () => ({ kind: "example", value: `${t.pick(B64, 20)}EXAMPLE${t.pick(B64, 13)}`, real: false }),
    () => ({ kind: "integrity", value: `sha512-${t.pick(B64, 86)}==`, real: false }),
    () => ({
      kind: "jwt",
      value: `eyJhbGciOiJIUzI1NiJ9.eyJ${t.pick(LOWER36, 120)}.${t.pick(LOWER36, 43)}`,
      real: false,
    }),
  ];
  return t.oneOf(decoys)();
}

/** The value as it is written: plain, quoted, percent-encoded, escaped, split, base64. */
function encodeValue(t: Tools, v: string): { text: string; encoding: string } {
  const roll = t.int(100);
  const cut = 4 + t.int(Math.max(1, v.length - 8));
  if (roll < 30) return { text: v, encoding: "plain" };
  if (roll < 42) {
    const q = t.oneOf(['"', "'", "`"]);
    return { text: `${q}${v}${q}`, encoding: "quoted" };
  }
  if (roll < 54) {
    let text = v.replaceAll("+", "%2B").replaceAll("/", "%2F");
    if (text === v)
      text = `${v.slice(0, cut)}%${v.charCodeAt(cut).toString(16).toUpperCase()}${v.slice(cut + 1)}`;
    if (t.chance(0.2)) text = text.replaceAll("%", "%25");
    return { text, encoding: "percent" };
  }
  if (roll < 68) {
    let text = v.replaceAll("/", "\\/");
    if (t.chance(0.5))
      text = `${text.slice(0, cut)}\\u00${text.charCodeAt(cut).toString(16)}${text.slice(cut + 1)}`;
    if (t.chance(0.2)) text = text.replaceAll("\\", "\\\\");
    return { text: `\\"${text}\\"`, encoding: "json-escaped" };
  }
  if (roll < 84) {
    const q = t.oneOf(['"', "'"]);
    const joint = t.oneOf([
      " + ",
      "+",
      " . ",
      "\n    ",
      " +\n    ",
      " \\\n  ",
      "\r\n  + ",
      " ",
      " || ",
      "  &  ",
    ]);
    return {
      text: `${q}${v.slice(0, cut)}${q}${joint}${q}${v.slice(cut)}${q}`,
      encoding: `split(${JSON.stringify(joint)})`,
    };
  }
  if (roll < 92) return { text: b64(v), encoding: "base64" };
  return { text: `${v.slice(0, cut)}\\n${v.slice(cut)}`, encoding: "escape-inside" };
}

/** About `n` code units of text between a name and its value. */
function filler(t: Tools, n: number, nonAscii: boolean, newlines: boolean): string {
  let s = "";
  while (s.length < n) {
    const roll = t.int(100);
    if (roll < 50) s += " ".repeat(1 + t.int(12));
    else if (roll < 78) s += `${t.oneOf(FILLER_WORDS)} `;
    else if (roll < 88 && nonAscii) s += t.oneOf(NON_ASCII);
    else if (roll < 92 && newlines) s += t.chance(0.5) ? "\n" : "\r\n";
    else if (roll < 95) s += t.oneOf(["\\n ", "\\t", " \\\\ ", "%20", "\\u0020", "\\\\u0020 "]);
    else if (roll < 98) s += `${t.pick(B64, 6 + t.int(10))} `;
    else if (roll < 99) s += `${viewNoise(t).text} `;
  }
  return s.slice(0, Math.max(n, 0));
}

/**
 * A view's trigger (`%2F`, `\/`) with an escape code (`%`, `\`) next to a character that is one
 * UTF-16 code unit but several UTF-8 bytes, two code units (an emoji), or invalid UTF-8, and a base64
 * run of about the length that makes the view decode its zone (16, counted either way).
 */
function viewNoise(t: Tools): { text: string; shape: string } {
  const odd = t.oneOf([
    "é",
    "日",
    "😀",
    "😀😀",
    INVALID[0],
    INVALID[0] + INVALID[0],
    INVALID[1],
    INVALID[2],
    INVALID[3],
  ]);
  const percent = t.chance(0.5);
  const code = percent ? "%" : "\\";
  const trigger = percent ? t.oneOf(["%2F", "%2B", "%41"]) : t.oneOf(["\\/", "\\n", "\\u0041", "\\x41"]);
  const between = t.pick(B64, t.int(3));
  const n = 12 + t.int(5);
  const run = t.pick(B64, n);
  const layout = t.int(4);
  const text = [
    `${trigger}${code}${odd}${between}${run}`,
    `${run}${code}${odd}${between}${trigger}`,
    `${run}${odd}${code}${between}${trigger}`,
    `${trigger}${between}${odd}${code}${run}`,
  ][layout] as string;
  const pieces = [
    ["trigger", "code", "odd", "between", "run"],
    ["run", "code", "odd", "between", "trigger"],
    ["run", "odd", "code", "between", "trigger"],
    ["trigger", "between", "odd", "code", "run"],
  ][layout] as string[];
  const named: Record<string, string> = {
    trigger: JSON.stringify(trigger),
    code: JSON.stringify(code),
    odd: JSON.stringify(showInvalid(odd)),
    between: `${between.length} base64`,
    run: `${n} base64`,
  };
  return { text, shape: pieces.map((p) => named[p]).join(" + ") };
}

function distance(t: Tools): number {
  const roll = t.int(100);
  if (roll < 30) return t.int(8);
  if (roll < 75) return t.int(400);
  if (roll < 92) return 250 + t.int(150);
  return 400 + t.int(900);
}

function fuzzSample(index: number): Sample & { decoyOnly: boolean } {
  const random = createRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const t = tools(random);
  const crlf = t.chance(0.2);
  const bom = t.chance(0.08);
  const nonAscii = t.chance(0.45);
  const decoyOnly = t.chance(0.35);
  const lines: string[] = [];
  const shape: string[] = [];
  const records = 1 + t.int(3);
  for (let k = 0; k < 1 + t.int(3); k++) {
    lines.push(t.oneOf(CODE_LINES));
    shape.push("code");
  }
  for (let r = 0; r < records; r++) {
    let value = fuzzValue(t);
    while (decoyOnly && value.real) value = fuzzValue(t);
    const { text: encoded, encoding } =
      decoyOnly && t.chance(0.6) ? { text: value.value, encoding: "plain" } : encodeValue(t, value.value);
    const name = t.chance(0.12) ? t.oneOf(ENCODED_NAMES) : t.oneOf(NAMES);
    const sep = t.oneOf(SEPARATORS);
    const d = distance(t);
    const gap = filler(t, d, nonAscii, t.chance(0.3));
    const layout = t.int(100);
    let record: string;
    let where: string;
    let shown = name;
    if (layout < 12) {
      // A name only a view decodes, a gap, then on the next line a real name and an escape next to
      // non-ASCII text and a base64 run of about the length that makes a view decode its zone.
      const noise = viewNoise(t);
      const real = t.oneOf(NAMES);
      shown = t.oneOf(ENCODED_NAMES);
      const pad = 200 + t.int(800);
      record = `${shown}${sep}${encoded}${filler(t, pad, true, false)}\n${real}${sep}${noise.text}`;
      where = `right after; then ${pad} units, a line break, ${JSON.stringify(real)}${JSON.stringify(sep)} and ${noise.shape}`;
    } else if (layout < 60) {
      record = `${name}${sep}${gap}${encoded}`;
      where = `after, ${d} units between`;
    } else if (layout < 70) {
      record = `${name}${sep}${encoded}${gap}`;
      where = `right after, then ${d} units`;
    } else if (layout < 82) {
      record = `${encoded}${gap} # ${name}`;
      where = `before, same line, ${d} units between`;
    } else if (layout < 92) {
      record = `${encoded}${gap}\n${name}${sep}x`;
      where = `on the line above, then ${d} units`;
    } else {
      record = `${encoded}${gap}`;
      where = `without it, then ${d} units`;
    }
    lines.splice(t.int(lines.length + 1), 0, record);
    shape.push(
      `record(name ${JSON.stringify(shown)}, sep ${JSON.stringify(sep)}, value ${where}, ${describeValue(value.kind, value.value)} ${encoding})`,
    );
    if (t.chance(0.3)) {
      lines.push(t.oneOf(CODE_LINES));
      shape.push("code");
    }
  }
  if (t.chance(0.15)) {
    // A Kubernetes Secret holding the whole text, base64-encoded.
    const whole = b64(lines.join("\n"));
    lines.splice(
      0,
      lines.length,
      "kind: Secret",
      "data:",
      `  ${t.oneOf(["credentials", "config", "AWS_SECRET_ACCESS_KEY"])}: ${whole}`,
    );
    shape.unshift("k8s data: base64 of");
  }
  let text = lines.join(crlf ? "\r\n" : "\n");
  if (t.chance(0.8)) text += crlf ? "\r\n" : "\n";
  const body = toBytes(text);
  const ext = t.oneOf([".env", ".yaml", ".json", ".ts", ".py", ".tf", ".txt", ".ini", ""]);
  return {
    label: `fuzz seed ${seed} index ${index}`,
    file: `fuzz-${index}${ext}`,
    bytes: bom ? Buffer.concat([BOM, body]) : body,
    shape: `${bom ? "BOM, " : ""}${crlf ? "CRLF, " : ""}${nonAscii ? "non-ASCII filler, " : ""}${shape.join("; ")}`,
    decoyOnly,
  };
}

// --- large files: region mode, where the scanner reads only the slices the quick check names

const LARGE_FILES = 48;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// The lines of a large file: code, lock-file hashes, commit ids, and now and then a comment naming
// a secret or a token, so that names, windows and zones are all over it. Rarely, a line the quick
// check cannot rule out by itself (a percent escape or a `\n` joining base64 runs).
const PLAIN_LINES: Array<(t: Tools) => string> = [
  ...CODE_LINES.filter((line) => PRINTABLE_ASCII.test(line) && !/[\\%]/.test(line)).map((line) => () => line),
  (t) => `  "node_modules/pkg-${t.int(999)}": { "integrity": "sha512-${t.pick(B64, 86)}==" },`,
  (t) => `commit ${t.pick(HEX, 40)} merged in pull request #${t.int(999)}`,
  () => "// The secret is read from SSM at run time, never from the repo.",
  () => "const timeoutMs = 1000; // refresh the token before it expires",
  (t) => `| ${t.int(99)} | ${t.pick(B64, 12)} | a row of a table |`,
];
const HOT_LINES: Array<(t: Tools) => string> = [
  ...CODE_LINES.filter((line) => PRINTABLE_ASCII.test(line) && /[\\%]/.test(line)).map((line) => () => line),
  (t) => `const url = "https://example.com/${t.pick(B64, 18)}%2F${t.pick(B64, 18)}";`,
  (t) => `log("${t.pick(B64, 10)}\\n${t.pick(B64, 10)}");`,
];

/**
 * A fuzz text that region mode takes as it is (ASCII, no BOM, short lines), or now and then a
 * finding far from what makes it one: a secret with no name of its own, up to 420 units from the
 * key ID it pairs with.
 */
function asciiSnippet(index: number): { text: string; shape: string } | undefined {
  const t = tools(createRandom((seed ^ Math.imul(index + 3, 0xc2b2ae35)) >>> 0));
  if (t.chance(0.25)) {
    const id = t.keyId(t.oneOf(["AKIA", "ASIA"]));
    const secret = t.secret();
    const gap: string[] = [];
    const want = 60 + t.int(340);
    while (gap.join("\n").length < want) gap.push(t.oneOf(PLAIN_LINES)(t).slice(0, 60));
    const before = t.chance(0.5);
    const lines = [`AWS_ACCESS_KEY_ID=${id}`, ...gap, `  ${secret}`];
    if (before) lines.reverse();
    return {
      text: lines.join("\n"),
      shape: `${describeValue("keyId", id)}, ${gap.join("\n").length} units of lines, an unnamed ${describeValue("secret", secret)}${before ? " (in that order, reversed)" : ""}`,
    };
  }
  const sample = fuzzSample(index);
  const text = sample.bytes.toString("latin1");
  const asciiWithoutNul = sample.bytes.every((byte) => byte > 0 && byte < 0x80);
  if (!asciiWithoutNul || text.split("\n").some((line) => line.length > 1000)) return undefined;
  return { text: text.endsWith("\n") ? text.slice(0, -1) : text, shape: sample.shape };
}

/**
 * A file of 40 to 300 KB with fuzz texts at a few places: spread out, or close to the one before,
 * so that they fall at every distance from the edges of each other's slices.
 */
function largeSample(index: number): Sample {
  const t = tools(createRandom((seed ^ Math.imul(index + 7, 0x85ebca6b)) >>> 0));
  const lines: string[] = [];
  const count = 800 + t.int(5600);
  for (let k = 0; k < count; k++) {
    lines.push(t.chance(0.001) ? t.oneOf(HOT_LINES)(t) : t.oneOf(PLAIN_LINES)(t));
  }
  const shape: string[] = [];
  let at = t.int(lines.length);
  for (let k = 0, n = 1 + t.int(5); k < n; k++) {
    let snippet = asciiSnippet(1_000_000 + index * 16 + k);
    for (let j = 1; !snippet; j++) snippet = asciiSnippet(2_000_000 + index * 1024 + k * 64 + j);
    at = t.chance(0.5) ? t.int(lines.length) : Math.min(lines.length, at + t.int(1200));
    lines.splice(at, 0, snippet.text);
    shape.push(`at line ~${at + 1}: ${snippet.shape}`);
  }
  const crlf = t.chance(0.2);
  return {
    label: `large file, seed ${seed} index ${index}`,
    file: `large-${index}.txt`,
    bytes: Buffer.from(`${lines.join(crlf ? "\r\n" : "\n")}\n`, "latin1"),
    shape: `${lines.length} lines${crlf ? ", CRLF" : ""}; ${shape.join("; ")}`,
  };
}

const findingKey = (f: Finding) =>
  `${f.rule}${f.encoding ? `/${f.encoding}` : ""} at ${f.line}:${f.column} (${f.redacted}, ${f.fingerprint.slice(0, 8)})`;

describe.runIf(present)("native quick check (ssoenv-quickscan paths) vs scanText", () => {
  it("says maybe for every corpus case with findings", () => {
    const corpus = buildCorpus(seed);
    const samples: Sample[] = corpus.map((c, i) => ({
      label: `corpus case "${c.name}" (seed ${seed})`,
      file: `${String(i).padStart(3, "0")}-${basename(c.file)}`,
      bytes: Buffer.isBuffer(c.content) ? c.content : Buffer.from(c.content, "utf8"),
      shape: `${c.kind}, ${c.expected.map((e) => describeValue(e.rule, e.secret)).join(", ") || "no secrets"}`,
    }));
    const outcome = compare("corpus", samples);
    const negatives = corpus.filter((c) => c.expected.length === 0).length;
    const ruledOutNegatives = outcome.ruledOut.filter(
      (s) => corpus[samples.indexOf(s)]?.expected.length === 0,
    );
    console.log(
      `quick check, corpus (seed ${seed}): ${samples.length} files, ${outcome.found.length} with findings, ` +
        `${outcome.ruledOut.length} ruled out (${ruledOutNegatives.length} of ${negatives} negative/allowed cases)`,
    );
    expect(outcome.violations, outcome.violations.join("\n")).toEqual([]);
  });

  it("says maybe for hand-built boundary cases with findings", () => {
    const samples = boundaryCases();
    const outcome = compare("boundary", samples);
    console.log(
      `quick check, boundary cases (seed ${seed}): ${samples.length} files, ${outcome.found.length} with findings, ${outcome.ruledOut.length} ruled out`,
    );
    expect(outcome.violations, outcome.violations.join("\n")).toEqual([]);
  });

  it(`says maybe for every fuzz text with findings (${FUZZ_TEXTS} texts)`, () => {
    let found = 0;
    let ruledOut = 0;
    let decoyOnly = 0;
    let decoyOnlyRuledOut = 0;
    const violations: string[] = [];
    for (let from = 0; from < FUZZ_TEXTS; from += BATCH) {
      const samples = Array.from({ length: Math.min(BATCH, FUZZ_TEXTS - from) }, (_, k) =>
        fuzzSample(from + k),
      );
      const outcome = compare(`fuzz-${from / BATCH}`, samples);
      found += outcome.found.length;
      ruledOut += outcome.ruledOut.length;
      violations.push(...outcome.violations);
      const out = new Set(outcome.ruledOut);
      for (const s of samples) {
        if (!s.decoyOnly) continue;
        decoyOnly++;
        if (out.has(s)) decoyOnlyRuledOut++;
      }
    }
    console.log(
      `quick check, fuzz (seed ${seed}, SECRET_SCAN_SEED=${seed} replays it): ${FUZZ_TEXTS} texts, ${found} with findings, ` +
        `${ruledOut} ruled out (${decoyOnlyRuledOut} of ${decoyOnly} decoy-only texts), ${violations.length} violations`,
    );
    // The fuzz must straddle the boundary: neither all-maybe nor all-clean.
    expect.soft(found, "texts with findings").toBeGreaterThanOrEqual(FUZZ_TEXTS * 0.1);
    expect.soft(ruledOut, "texts ruled out").toBeGreaterThanOrEqual(FUZZ_TEXTS * 0.1);
    expect(
      violations,
      `${violations.length} violations (seed ${seed}):\n${violations.slice(0, 20).join("\n")}`,
    ).toEqual([]);
  });

  it(`finds in the slices of large files exactly what scanning them whole finds (${LARGE_FILES} files)`, async () => {
    const samples = Array.from({ length: LARGE_FILES }, (_, k) => largeSample(k));
    const dir = tempDir("large");
    for (const s of samples) writeFileSync(join(dir, s.file), s.bytes);
    const { sliced } = runQuickCheck(dir);
    // The scanner with the quick check (slices where it names them) against scanText on each whole file.
    const result = await scanFiles({ paths: [dir], cwd: dir });
    const violations: string[] = [];
    let slicedWithFindings = 0;
    for (const s of samples) {
      const whole = scanText({ bytes: s.bytes, path: s.file }).map(findingKey);
      const got = result.findings.filter((f) => f.path === s.file).map(findingKey);
      if (sliced.has(join(dir, s.file)) && whole.length > 0) slicedWithFindings++;
      if (JSON.stringify(got) !== JSON.stringify(whole)) {
        const missing = whole.filter((f) => !got.includes(f));
        const extra = got.filter((f) => !whole.includes(f));
        violations.push(
          `${s.label} (${sliced.has(join(dir, s.file)) ? "sliced" : "whole"}): missing [${missing.join(", ")}], ` +
            `extra [${extra.join(", ")}]; content: ${s.shape}`,
        );
      }
    }
    console.log(
      `quick check, large files (seed ${seed}): ${samples.length} files, ${sliced.size} read in slices ` +
        `(${slicedWithFindings} of them with findings), ${result.findings.length} findings, ${violations.length} differences`,
    );
    // Region mode must have been tried, on files with findings as well as without.
    expect(sliced.size, "files read in slices").toBeGreaterThanOrEqual(LARGE_FILES / 3);
    expect(slicedWithFindings, "sliced files with findings").toBeGreaterThanOrEqual(LARGE_FILES / 8);
    expect(violations, violations.slice(0, 10).join("\n")).toEqual([]);
  });
});

describe.runIf(present)("native quick check (ssoenv-quickscan staged) vs scanStaged", () => {
  it("reads the very patch the scanner reads: the same git diff command", () => {
    const r = spawnSync(quickscan as string, ["staged", "--print-git-args", "--max-file-size", "12345"]);
    expect(r.status).toBe(0);
    const args = r.stdout.toString("utf8").split("\0").slice(0, -1);
    // runGit adds `-c core.quotePath=false` in front of every git command of the scanner.
    expect(args).toEqual(["-c", "core.quotePath=false", ...stagedDiffArgs(12345)]);
  });

  it("exits 1 (maybe) for every staged file in which scanStaged reports anything", async () => {
    const corpus = buildCorpus(seed);
    const samples: Sample[] = [
      ...corpus.map((c, i) => ({
        label: `corpus case "${c.name}" (seed ${seed})`,
        file: `${String(i).padStart(3, "0")}-${basename(c.file)}`,
        bytes: Buffer.isBuffer(c.content) ? c.content : Buffer.from(c.content, "utf8"),
        shape: c.kind,
      })),
      ...boundaryCases(),
      ...Array.from({ length: 150 }, (_, k) => fuzzSample(k)),
    ];
    const repo = createTempRepo();
    const saved = { ...process.env };
    try {
      repo.write("README.md", "base\n");
      repo.git("add", "README.md");
      repo.git("commit", "-q", "--no-verify", "-m", "base");
      // scanStaged runs git with process.env: the temp repo's, and the scanner alone (the reference).
      for (const key of Object.keys(process.env)) if (key.startsWith("GIT_")) delete process.env[key];
      Object.assign(process.env, repo.env, { SSOENV_QUICKSCAN: "off" });
      const violations: string[] = [];
      let found = 0;
      let ruledOut = 0;
      for (const sample of samples) {
        repo.write(sample.file, sample.bytes);
        repo.git("add", "-f", sample.file);
        const reference = await scanStaged({ cwd: repo.dir });
        const quick = spawnSync(quickscan as string, ["staged"], { cwd: repo.dir, env: repo.env });
        if (quick.status !== 0 && quick.status !== 1) {
          throw new Error(
            `ssoenv-quickscan staged exited with ${quick.status ?? quick.signal}: ${quick.stderr}`,
          );
        }
        if (quick.status === 0) ruledOut++;
        if (reference.findings.length > 0) {
          found++;
          if (quick.status === 0) violations.push(`${sample.label} (${sample.file}): ${sample.shape}`);
        }
        repo.git("reset", "-q", "--", sample.file);
        rmSync(join(repo.dir, sample.file));
      }
      console.log(
        `quick check, staged (seed ${seed}): ${samples.length} single-file commits, ${found} with findings, ${ruledOut} ruled out`,
      );
      expect(found).toBeGreaterThan(0);
      expect(ruledOut).toBeGreaterThan(0);
      expect(violations, violations.join("\n")).toEqual([]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      repo.cleanup();
    }
  });
});
