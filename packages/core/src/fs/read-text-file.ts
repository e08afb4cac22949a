import { readFile } from "node:fs";

/**
 * A UTF-8 file's text: node:fs/promises' readFile without loading node:fs/promises, which costs
 * ~2 ms at Node.js 20's start, a quarter of what credential-process's cached answer may spend in all
 * (see answerCredentialProcess). Rejects as readFile does (ENOENT, EISDIR, ...).
 */
export function readTextFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    readFile(path, "utf8", (error, text) => (error ? reject(error) : resolve(text)));
  });
}
