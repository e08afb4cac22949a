import { readFileSync } from "node:fs";

/**
 * Version of @ssoenv/cli, read from its package.json one folder up from this file, wherever it runs
 * from: src/, dist/, or the bundles dist/bin.cjs and dist/scan.cjs. A plain read, so that the program's
 * `--version` answers from dist/bin.cjs: as an ES module loaded with import(), this file cost it
 * Node.js 20's ES module loader, ~22 M instructions (valgrind; `node -e 0` is ~78 M).
 */
export function readVersion(): string {
  const url = new URL("../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}
