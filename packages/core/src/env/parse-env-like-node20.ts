/**
 * The key/value pairs Node.js 20 reads from .env text (`node --env-file`, `process.loadEnvFile`,
 * `util.parseEnv`): a port of its Dotenv::ParseContent (src/node_dotenv.cc, v20.x), checked equal to
 * Node 20.20's `util.parseEnv` on generated files (parse-env-like-node20.test.ts).
 *
 * Node.js 20 is the strictest reader ssoenv writes for (nodejs/node#56686): it glues a line without
 * `=` to the next line's key, keeps a tab or a BOM in a key, stops at a `=value` line and drops every
 * CR. Node.js 22.23 and 24 no longer do the first three. The writer asks this port rather than the
 * Node.js it runs on, so a file written by ssoenv on Node.js 24 is read right by an app on Node.js 20.
 *
 * @example parseEnvLikeNode20("A=1\nFLAG\nB=2\n") // { A: "1", "FLAG\nB": "2" }
 */
export function parseEnvLikeNode20(text: string): Record<string, string> {
  return readLikeNode20(text).store;
}

/**
 * Where Node.js 20 stops reading `text` at a line that starts with `=` (`=value`, after blank lines
 * and spaces): the offset in `text` of that line's start, or undefined when it reads on to the end.
 * Node.js 22.23 and 24 skip such a line; every key after it is lost to an app on Node.js 20.
 *
 * @example node20StopsAt("A=1\n=v\nB=2\n") // 4
 */
export function node20StopsAt(text: string): number | undefined {
  const { stoppedAt } = readLikeNode20(text);
  if (stoppedAt === undefined) return undefined;
  // `stoppedAt` counts in the text without its CRs: find the same character in `text`
  let at = 0;
  for (let kept = 0; at < text.length; at++) {
    if (text[at] === "\r") continue;
    if (kept === stoppedAt) break;
    kept++;
  }
  let lineStart = at;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  return lineStart;
}

/** The port itself: the pairs, and where (in the text without CRs) the `=` it stopped at is. */
function readLikeNode20(text: string): { store: Record<string, string>; stoppedAt?: number } {
  const store: Record<string, string> = {};
  const withoutCr = text.replaceAll("\r", "");
  let content = trimSpaces(withoutCr);
  // Offsets into withoutCr: content is always a tail of it (up to the trimmed trailing spaces)
  const leadingSpaces = /^ */.exec(withoutCr)?.[0].length ?? 0;
  const end = leadingSpaces + content.length;
  while (content.length > 0) {
    // Skip empty lines and comments
    if (content[0] === "\n" || content[0] === "#") {
      const newline = content.indexOf("\n");
      if (newline !== -1) {
        content = content.slice(newline + 1);
        continue;
      }
    }
    // No `=` left: nothing more is read
    const equal = content.indexOf("=");
    if (equal === -1) break;
    let key = trimSpaces(content.slice(0, equal));
    if (key === "") return { store, stoppedAt: end - content.length + equal };
    content = content.slice(equal + 1);
    if (key.startsWith("export ")) key = key.slice(7);
    if (content === "") {
      store[key] = "";
      break;
    }
    const quote = content[0] as string;
    const closing = quote === "'" || quote === '"' || quote === "`" ? content.indexOf(quote, 1) : -1;
    if (closing !== -1) {
      // A quoted value (lines and all); `\n` is expanded in double quotes only
      const value = content.slice(1, closing);
      store[key] = quote === '"' ? value.replaceAll("\\n", "\n") : value;
      content = restFrom(content, content.indexOf("\n", closing + 1));
    } else if (quote === "'" || quote === '"' || quote === "`") {
      // An open quote: the rest of the line, quote included
      const newline = content.indexOf("\n");
      if (newline !== -1) {
        store[key] = content.slice(0, newline);
        content = content.slice(newline);
      }
    } else {
      // Unquoted: up to the line's end or a `#`
      const newline = content.indexOf("\n");
      let value = newline === -1 ? content : content.slice(0, newline);
      const hash = value.indexOf("#");
      if (hash !== -1) value = value.slice(0, hash);
      store[key] = trimSpaces(value);
      content = restFrom(content, newline);
    }
  }
  return { store };
}

/** Node's trim_spaces: spaces only, not tabs. A loop: `/ +$/` takes quadratic time on a long run of spaces. */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === " ") start++;
  while (end > start && text[end - 1] === " ") end--;
  return text.slice(start, end);
}

function restFrom(text: string, at: number): string {
  return at === -1 ? "" : text.slice(at);
}
