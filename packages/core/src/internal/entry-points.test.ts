import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// `@ssoenv/core/internal/<path>` lets ssoenv's own packages load one module of core, not the whole
// of it through a barrel (the CLI's start, the mise hook). Each such entry point is named in
// package.json: what our packages import, no more, so that the rest of core stays private.
const repo = fileURLToPath(new URL("../../../../", import.meta.url));

/** Where ssoenv's packages import core's modules one by one. */
const IMPORTERS = ["packages/cli/src", "plugins/mise/hooks"];

/**
 * Core's own import() that dist/bin.cjs keeps lazy by loading it through its entry point
 * (packages/cli/scripts/bundle-hot-paths.mjs): without the entry it would be bundled, and cost the
 * cached credential-process answer its compiling.
 */
const KEPT_LAZY_BY_THE_BUNDLE = ["write-file-atomic"];

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(join(repo, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith(".test.ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The `<path>` of every `@ssoenv/core/internal/<path>` those packages import. */
async function importedEntries(): Promise<string[]> {
  const files = (await Promise.all(IMPORTERS.map(sourceFiles))).flat();
  const texts = await Promise.all(files.map((file) => readFile(file, "utf8")));
  const paths = texts.flatMap((text) =>
    [...text.matchAll(/["']@ssoenv\/core\/internal\/([\w/-]+)["']/g)].map((match) => match[1] as string),
  );
  return [...new Set([...paths, ...KEPT_LAZY_BY_THE_BUNDLE])].sort();
}

describe("@ssoenv/core/internal/<path> entry points", () => {
  it("are exactly the modules ssoenv's CLI and mise hook import, each named (no wildcard)", async () => {
    const { exports } = JSON.parse(await readFile(join(repo, "packages/core/package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    const named = Object.keys(exports)
      .filter((subpath) => subpath.startsWith("./internal/"))
      .map((subpath) => subpath.slice("./internal/".length))
      .sort();
    expect(named).toEqual(await importedEntries());
  });
});
