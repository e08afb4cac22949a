import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The root README tells a user whose `npm install -g pnpm@10` ends in EACCES (a system Node.js, not
// root) to run `npx pnpm@X.Y.Z …` instead (tested as uid 65534 with a fresh HOME: install and demo
// pass). That exact version must be the one package.json pins, or a bump leaves the README running
// another pnpm than the lockfile was written with.

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Every exact `pnpm@X.Y.Z` a text names. */
function exactPnpmVersions(text: string): string[] {
  return [...text.matchAll(/\bpnpm@(\d+\.\d+\.\d+)\b/g)].map((match) => match[1] ?? "");
}

describe("the README's npx pnpm", () => {
  it("names the pnpm version package.json pins as packageManager", () => {
    const pinned = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).packageManager;
    expect(pinned).toMatch(/^pnpm@\d+\.\d+\.\d+/);
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const named = exactPnpmVersions(readme);
    expect(named.length).toBeGreaterThan(0);
    expect(named.map((version) => `pnpm@${version}`)).toEqual(named.map(() => pinned.split("+")[0]));
  });

  it("reads exact versions, not ranges", () => {
    expect(exactPnpmVersions("npm install -g pnpm@10; npx pnpm@10.34.9 demo")).toEqual(["10.34.9"]);
  });
});
