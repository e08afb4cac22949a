/**
 * The .env edge cases: what a file holds before ssoenv writes our keys into it, and the exact bytes
 * after. Shared by the core tests (updateEnvFile) and the CLI's end-to-end refresh test.
 * Key-shaped values are generated at test time (`fakeCredentials`), never committed.
 */
import { fakeCredentials } from "./readers.js";

export const EDGE_CASE_CREDENTIALS = fakeCredentials();
const ID = EDGE_CASE_CREDENTIALS.AWS_ACCESS_KEY_ID;
const SECRET = EDGE_CASE_CREDENTIALS.AWS_SECRET_ACCESS_KEY;
/** The two keys most cases write. */
export const TWO = { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET };

export interface EdgeCase {
  name: string;
  before: string | Buffer | undefined;
  values?: Record<string, string>;
  after: string | Buffer;
  /** The file is not UTF-8: python-dotenv reads it as latin-1. */
  latin1?: boolean;
  /** Node.js cannot read our keys in this file (it stops at a `=value` line, or glues a line to ours). */
  nodeStops?: boolean;
}

const L = (...lines: string[]) => lines.join("");

// `before` undefined = no file yet. `after` is the exact expected content, byte for byte.
export const ENV_EDGE_CASES: EdgeCase[] = [
  {
    name: "creates a missing file with our keys",
    before: undefined,
    after: L(`AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "fills an empty existing file",
    before: "",
    after: L(`AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps comments and order when updating keys",
    before: L(
      "# top\n",
      "FOO=1\n",
      "AWS_ACCESS_KEY_ID=old\n",
      "# middle\n",
      "AWS_SECRET_ACCESS_KEY=old2\n",
      "BAR=2\n",
    ),
    after: L(
      "# top\n",
      "FOO=1\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      "# middle\n",
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      "BAR=2\n",
    ),
  },
  {
    name: "keeps blank lines and indentation",
    before: L("\n\n  AWS_ACCESS_KEY_ID=old\n\n\tAWS_SECRET_ACCESS_KEY=old\n\n"),
    // Node.js keeps the tab in the key: the key is written again on a line of its own
    after: L(
      "\n\n",
      `  AWS_ACCESS_KEY_ID=${ID}\n\n`,
      `\tAWS_SECRET_ACCESS_KEY=${SECRET}\n\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "keeps an export prefix on an updated line",
    before: L("FOO=1\n", "export AWS_ACCESS_KEY_ID=old\n"),
    after: L("FOO=1\n", `export AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "appends with export when every line uses export",
    before: L("export FOO=1\n", "export AWS_ACCESS_KEY_ID=old\n"),
    after: L(
      "export FOO=1\n",
      `export AWS_ACCESS_KEY_ID=${ID}\n`,
      `export AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "keeps single quotes of an existing line",
    before: L("AWS_ACCESS_KEY_ID='old'\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L(`AWS_ACCESS_KEY_ID='${ID}'\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps double quotes of an existing line",
    before: L('AWS_ACCESS_KEY_ID="old"\n', 'AWS_SECRET_ACCESS_KEY="old"\n'),
    after: L(`AWS_ACCESS_KEY_ID="${ID}"\n`, `AWS_SECRET_ACCESS_KEY="${SECRET}"\n`),
  },
  {
    name: "leaves a # inside another key's quotes alone",
    before: L('NOTE="a # not a comment"\n', "HASH='#x'\n", "AWS_ACCESS_KEY_ID=old\n"),
    after: L(
      'NOTE="a # not a comment"\n',
      "HASH='#x'\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "keeps an inline comment after an unquoted value",
    before: L("AWS_ACCESS_KEY_ID=old   # from the portal\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L(`AWS_ACCESS_KEY_ID=${ID}   # from the portal\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps an inline comment after a quoted value",
    before: L("AWS_ACCESS_KEY_ID='old' # quoted\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L(`AWS_ACCESS_KEY_ID='${ID}' # quoted\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps CRLF line ends and appends with CRLF",
    before: L("FOO=1\r\n", "AWS_ACCESS_KEY_ID=old\r\n"),
    after: L("FOO=1\r\n", `AWS_ACCESS_KEY_ID=${ID}\r\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\r\n`),
  },
  {
    name: "updates every occurrence of a duplicated key",
    before: L(
      "AWS_ACCESS_KEY_ID=first\n",
      "FOO=1\n",
      "AWS_ACCESS_KEY_ID=second\n",
      "AWS_SECRET_ACCESS_KEY=x\n",
    ),
    after: L(
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      "FOO=1\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "fills an empty value",
    before: L("AWS_ACCESS_KEY_ID=\n", "AWS_SECRET_ACCESS_KEY=\n", "EMPTY=\n"),
    after: L(`AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`, "EMPTY=\n"),
  },
  {
    name: "fills an empty value followed by a comment and keeps the comment",
    before: L("AWS_ACCESS_KEY_ID= # set by ssoenv\n", "AWS_SECRET_ACCESS_KEY=x\n"),
    after: L(`AWS_ACCESS_KEY_ID=${ID} # set by ssoenv\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "keeps an unparseable line byte for byte",
    before: L("this is not valid\n", "AWS_ACCESS_KEY_ID=old\n", "=nokey\n", "AWS_SECRET_ACCESS_KEY=x\n"),
    // Node.js 20 glues the first line to our key and stops at `=nokey`: both keys again before it
    after: L(
      "this is not valid\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      "=nokey\n",
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "writes new keys before a `=value` line also when a `KEY: value` line of ours follows it",
    before: L("FOO=1\n", "=v\n", "AWS_ACCESS_KEY_ID: old\n"),
    // dotenv (npm) reads the `KEY: value` line, so our key is written after it too
    after: L(
      "FOO=1\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      "=v\n",
      "AWS_ACCESS_KEY_ID: old\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
    ),
  },
  {
    name: "keeps a missing final newline when updating in place",
    before: L("AWS_ACCESS_KEY_ID=old\n", "AWS_SECRET_ACCESS_KEY=old"),
    after: L(`AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}`),
  },
  {
    name: "keeps a missing final newline when appending",
    before: "FOO=1",
    after: L("FOO=1\n", `AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}`),
  },
  {
    name: "keeps a byte order mark",
    before: L("\ufeffFOO=1\n", "AWS_ACCESS_KEY_ID=old\n"),
    after: L("\ufeffFOO=1\n", `AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "does not touch a key-like line inside a multi-line double-quoted value",
    before: L('CERT="line one\n', "AWS_ACCESS_KEY_ID=inside\n", 'line three"\n'),
    after: L(
      'CERT="line one\n',
      "AWS_ACCESS_KEY_ID=inside\n",
      'line three"\n',
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "does not touch a key-like line inside a multi-line single-quoted value",
    before: L(
      "KEY_PEM='-----BEGIN-----\n",
      "AWS_SECRET_ACCESS_KEY=inside\n",
      "-----END-----'\n",
      "AWS_ACCESS_KEY_ID=old\n",
    ),
    after: L(
      "KEY_PEM='-----BEGIN-----\n",
      "AWS_SECRET_ACCESS_KEY=inside\n",
      "-----END-----'\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "keeps spaces around the equals sign",
    before: L("AWS_ACCESS_KEY_ID = old\n", "AWS_SECRET_ACCESS_KEY=  old\n"),
    after: L(`AWS_ACCESS_KEY_ID = ${ID}\n`, `AWS_SECRET_ACCESS_KEY=  ${SECRET}\n`),
  },
  {
    name: "leaves keys with similar names alone",
    before: L("MY_AWS_ACCESS_KEY_ID=x\n", "AWS_ACCESS_KEY_ID_OLD=y\n", "AWS_ACCESS_KEY_ID=old\n"),
    after: L(
      "MY_AWS_ACCESS_KEY_ID=x\n",
      "AWS_ACCESS_KEY_ID_OLD=y\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "leaves a commented-out key alone and appends the real one",
    before: L("# AWS_ACCESS_KEY_ID=commented\n", "#AWS_SECRET_ACCESS_KEY=x\n"),
    after: L(
      "# AWS_ACCESS_KEY_ID=commented\n",
      "#AWS_SECRET_ACCESS_KEY=x\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "appends a value for a key listed without an equals sign",
    before: L("AWS_ACCESS_KEY_ID\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L(
      "AWS_ACCESS_KEY_ID\n",
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    ),
  },
  {
    name: "updates our key after a line with an unterminated quote",
    before: L('BROKEN="abc\n', "AWS_ACCESS_KEY_ID=old\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L('BROKEN="abc\n', `AWS_ACCESS_KEY_ID=${ID}\n`, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`),
  },
  {
    name: "writes the session token and an ISO expiration unquoted",
    before: "FOO=1\n",
    values: {
      AWS_SESSION_TOKEN: EDGE_CASE_CREDENTIALS.AWS_SESSION_TOKEN,
      AWS_CREDENTIAL_EXPIRATION: EDGE_CASE_CREDENTIALS.AWS_CREDENTIAL_EXPIRATION,
    },
    after: L(
      "FOO=1\n",
      `AWS_SESSION_TOKEN=${EDGE_CASE_CREDENTIALS.AWS_SESSION_TOKEN}\n`,
      `AWS_CREDENTIAL_EXPIRATION=${EDGE_CASE_CREDENTIALS.AWS_CREDENTIAL_EXPIRATION}\n`,
    ),
  },
  {
    name: "quotes a value only when it needs quotes",
    before: "",
    values: { GREETING: "hello world", HASHED: "a#b", DOLLAR: "$HOME", PLAIN: "eu-west-1" },
    after: L("GREETING='hello world'\n", "HASHED='a#b'\n", "DOLLAR='$HOME'\n", "PLAIN=eu-west-1\n"),
  },
  {
    name: "keeps bytes that are not UTF-8",
    before: Buffer.concat([
      Buffer.from("# caf"),
      Buffer.from([0xe9]),
      Buffer.from(" \n"),
      Buffer.from("AWS_ACCESS_KEY_ID=old\n"),
    ]),
    after: Buffer.concat([
      Buffer.from("# caf"),
      Buffer.from([0xe9]),
      Buffer.from(" \n"),
      Buffer.from(`AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`),
    ]),
    latin1: true,
  },
  {
    name: "keeps trailing spaces and a last line of only whitespace",
    before: L("FOO=1   \n", "AWS_ACCESS_KEY_ID=old\t\n", "   "),
    // the new lines go before the blank-looking one, which Node.js would glue to the next key; Node.js
    // keeps the tab after a value, so that key is written again on a line of its own
    after: L(
      "FOO=1   \n",
      `AWS_ACCESS_KEY_ID=${ID}\t\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      "   ",
    ),
  },
  {
    name: "writes new keys before trailing lines Node.js would glue to them (blanks, a name without =)",
    before: L("FOO=1\n", "# passed from the host by docker\n", "HOST_VAR\n", "\t\n"),
    after: L(
      "FOO=1\n",
      "# passed from the host by docker\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      "HOST_VAR\n",
      "\t\n",
    ),
  },
  {
    name: "appends after a trailing bare name of our key, which python-dotenv reads as None over ours",
    before: L("FOO=1\n", "AWS_ACCESS_KEY_ID\n"),
    // Node.js glues the bare name to the key after it: that key is written again for Node.js
    after: L(
      "FOO=1\n",
      "AWS_ACCESS_KEY_ID\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      `AWS_ACCESS_KEY_ID=${ID}\n`,
    ),
  },
  {
    name: "repeats our key followed by a bare name of it, which python-dotenv reads as None",
    before: L("AWS_ACCESS_KEY_ID=old\n", "AWS_ACCESS_KEY_ID\n"),
    // the new key goes before the bare name (Node.js would glue the bare name to it), ours after it
    after: L(
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      "AWS_ACCESS_KEY_ID\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
    ),
  },
  {
    name: "writes new keys where Node.js reads them beside a bare name of ours, so a second run changes nothing",
    before: L("A=1\n", "AWS_ACCESS_KEY_ID=old\n", "AWS_ACCESS_KEY_ID\n"),
    values: { ...TWO, AWS_SESSION_TOKEN: EDGE_CASE_CREDENTIALS.AWS_SESSION_TOKEN },
    after: L(
      "A=1\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      `AWS_SESSION_TOKEN=${EDGE_CASE_CREDENTIALS.AWS_SESSION_TOKEN}\n`,
      "AWS_ACCESS_KEY_ID\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
    ),
  },
  {
    name: "repeats our key written right after a BOM, which Node.js and python-dotenv read as part of the key",
    before: L("\ufeffAWS_ACCESS_KEY_ID=old\n", "FOO=1\n"),
    after: L(
      `\ufeffAWS_ACCESS_KEY_ID=${ID}\n`,
      "FOO=1\n",
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      `AWS_ACCESS_KEY_ID=${ID}\n`,
    ),
  },
  {
    name: "repeats our key written right after a BOM before the `=value` line Node.js 20 stops at",
    before: L("\ufeffAWS_ACCESS_KEY_ID=old\n", "=no key\n", "FOO=1\n"),
    after: L(
      `\ufeffAWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      "=no key\n",
      "FOO=1\n",
    ),
  },
  {
    name: "writes new keys before a `=value` line, where Node.js 20 stops reading",
    before: L("FOO=1\n", "=value\n", "BAR=2\n"),
    after: L(
      "FOO=1\n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      "=value\n",
      "BAR=2\n",
    ),
  },
  {
    name: "repeats our key that stands after a `=value` line before it, for Node.js 20",
    before: L("FOO=1\r\n", "AWS_ACCESS_KEY_ID=old\r\n", "=v\r\n", "AWS_SECRET_ACCESS_KEY=old\r\n"),
    after: L(
      "FOO=1\r\n",
      `AWS_ACCESS_KEY_ID=${ID}\r\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\r\n`,
      "=v\r\n",
      `AWS_SECRET_ACCESS_KEY=${SECRET}\r\n`,
    ),
  },
  {
    name: "repeats our key on a line Node.js glues to the line before",
    before: L("FOO=1\n", "   \n", "AWS_ACCESS_KEY_ID=old\n", "AWS_SECRET_ACCESS_KEY=old\n"),
    after: L(
      "FOO=1\n",
      "   \n",
      `AWS_ACCESS_KEY_ID=${ID}\n`,
      `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      `AWS_ACCESS_KEY_ID=${ID}\n`,
    ),
  },
];
