import { StringDecoder } from "node:string_decoder";
import { textEncodingOf } from "./decode-bytes.js";
import { scanText } from "./scan-text.js";
import type { Finding } from "./types.js";

/** Characters scanned at a time (plus the context on each side). */
const PIECE = 1024 * 1024;
/**
 * Context kept on each side of a piece. What the scanner decides at a place depends only on the text
 * a few thousand characters around it (name windows 320, key pairs 420-840, decoded views 2,000 around
 * their trigger); each piece is scanned with this much on both sides and keeps only its own findings.
 */
const CONTEXT = 16 * 1024;

/**
 * Scans a file too large to hold in memory whole: bytes are pushed as they are read, scanned in
 * pieces of 1 MiB with 16 KiB of context each side, and only each piece's own findings are kept, so
 * memory stays bounded whatever the size. Encoding is decided on the first bytes as `decodeBytes`
 * does; binary content is read as Latin-1 (a key stored in plain text in it is still plain text).
 * One limit: a single base64 run longer than the context is decoded in parts, so a key encoded deep
 * inside one may be missed (whole-file scans have no such limit).
 *
 * @example
 * const scan = new PiecewiseScan({ path: "big.sql" });
 * for await (const chunk of createReadStream("big.sql")) scan.push(chunk);
 * const findings = scan.end();
 */
export class PiecewiseScan {
  private readonly path: string;
  private decoder: StringDecoder | undefined;
  private swap = false;
  private sniff: Buffer[] = [];
  private sniffed = 0;
  private carry: Buffer | undefined;
  /** Text not yet dropped: starts CONTEXT characters (at a line start when possible) before `kept`. */
  private text = "";
  /** 1-based line number of the first line of `text`. */
  private firstLine = 1;
  /** Characters of the first line of `text` dropped already (one very long line is cut too). */
  private firstColumn = 0;
  /** Offset in `text` up to which findings have been reported. */
  private kept = 0;
  private readonly findings: Finding[] = [];

  constructor(options: { path: string }) {
    this.path = options.path;
  }

  /** Adds the next bytes of the file. */
  push(bytes: Uint8Array): void {
    if (!this.decoder) {
      this.sniff.push(Buffer.from(bytes));
      this.sniffed += bytes.length;
      if (this.sniffed < 8000) return;
      this.start();
      return;
    }
    this.append(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** The findings of the whole file, in order. */
  end(): Finding[] {
    if (!this.decoder) this.start();
    this.text += (this.decoder as StringDecoder).end();
    this.scanUpTo(this.text.length);
    return this.findings;
  }

  private start(): void {
    const head = Buffer.concat(this.sniff);
    this.sniff = [];
    const encoding = textEncodingOf(head);
    this.decoder = new StringDecoder(
      encoding === "utf16le" || encoding === "utf16be"
        ? "utf16le"
        : encoding === "binary"
          ? "latin1"
          : "utf8",
    );
    this.swap = encoding === "utf16be";
    // The BOM is not text (decodeBytes drops it too).
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const utf16Bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
    this.append(head.subarray(encoding === "utf8" ? bom : utf16Bom ? 2 : 0));
  }

  private append(bytes: Buffer): void {
    let input = bytes;
    if (this.swap) {
      // UTF-16 BE: swap byte pairs, keeping an odd byte for the next push.
      const joined = this.carry ? Buffer.concat([this.carry, input]) : input;
      const even = joined.length - (joined.length % 2);
      this.carry = even < joined.length ? Buffer.from(joined.subarray(even)) : undefined;
      input = Buffer.from(joined.subarray(0, even)).swap16();
    }
    this.text += (this.decoder as StringDecoder).write(input);
    // Enough text after the next piece for its right-hand context: scan it.
    while (this.text.length - this.kept >= PIECE + CONTEXT) this.scanUpTo(this.kept + PIECE);
  }

  /** Scans `text` (all of it is context), keeps findings before `until`, then drops what is done. */
  private scanUpTo(until: number): void {
    const end =
      until >= this.text.length ? this.text.length : lineStartAtOrBefore(this.text, until, this.kept);
    const found = scanText({ text: this.text, path: this.path });
    const starts = lineStarts(this.text);
    for (const f of found) {
      const offset = (starts[f.line - 1] as number) + f.column - 1;
      if (offset >= this.kept && offset < end) {
        const column = f.line === 1 ? f.column + this.firstColumn : f.column;
        this.findings.push({ ...f, line: f.line + this.firstLine - 1, column });
      }
    }
    // Keep CONTEXT characters before the next piece, from a line start when one is near.
    const from = Math.max(0, end - CONTEXT);
    const lineStart = lineStartAtOrBefore(this.text, from, 0);
    const drop = from - lineStart < CONTEXT ? lineStart : from;
    const dropLineStart = this.text.lastIndexOf("\n", drop - 1) + 1;
    this.firstColumn = dropLineStart === 0 ? this.firstColumn + drop : drop - dropLineStart;
    let lines = 0;
    for (let i = this.text.indexOf("\n"); i !== -1 && i < drop; i = this.text.indexOf("\n", i + 1)) lines++;
    this.firstLine += lines;
    this.text = this.text.slice(drop);
    this.kept = end - drop;
  }
}

/** The start of the line holding `at`, unless that is before `floor` (then `at`). */
function lineStartAtOrBefore(text: string, at: number, floor: number): number {
  const newline = text.lastIndexOf("\n", at - 1);
  return newline + 1 > floor ? newline + 1 : at;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
