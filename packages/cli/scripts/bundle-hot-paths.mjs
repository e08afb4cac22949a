// Builds the files the hot paths run, each one CommonJS file bundled from the TypeScript sources (the
// one implementation; this is only how it is packed):
// - dist/bin.cjs, what the `ssoenv` bin runs (and the installed git hook, through the bin): src/bin.ts
//   and everything it imports statically: the runner, the command table, the commands' fast paths,
//   credential-process's cached answer with the part of @ssoenv/core it reads. Every import() stays
//   a lazy import of the file tsc builds (dist/**/*.js), so commander, the commands and the AWS SDK
//   load only when a command needs them.
// - dist/scan.cjs, the scan itself with the scanner (src/commands/run-scan.ts), which scan's fast path
//   requires. Not part of dist/bin.cjs: compiling its ~80 KB takes Node.js 20 ~3 ms, which every
//   command, the cached credential-process answer included, would pay.
//
// Why CommonJS: AWS tools run `ssoenv credential-process` before every command and git runs
// `ssoenv scan --staged` on every commit. On Node.js 20 an ES module entry starts ~10 ms slower than
// a CommonJS one, each further ES module costs ~1 ms, node:fs/promises ~2 ms: more than the cached
// answer's own work. Node.js 24 shows no such cost.
import { readFile, rm } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const coreRoot = join(root, "..", "core");

/** @ssoenv/core's entry points by source file: `<core>/src/fs/write-file-atomic.ts` -> `@ssoenv/core/internal/write-file-atomic`. */
const coreEntries = new Map(
  Object.entries(JSON.parse(await readFile(join(coreRoot, "package.json"), "utf8")).exports)
    .filter(([, targets]) => typeof targets === "object" && targets["@ssoenv/source"])
    .map(([subpath, targets]) => [
      resolve(coreRoot, targets["@ssoenv/source"]),
      `@ssoenv/core${subpath.slice(1)}`,
    ]),
);

/**
 * Keeps `import()`s lazy: external, resolved at run time from dist/bin.cjs. The CLI's own: a relative
 * path is rewritten to hold from there (dist/ mirrors src/); a package's name stays as written. One
 * in @ssoenv/core's hot path goes by the core entry point of that file (write-file-atomic, needed
 * after a token renewal only: bundled, its ~3 KB cost every cached credential-process answer ~1 M
 * instructions of compiling; valgrind, `node -e 0` being ~78 M), or is bundled when core exports the
 * file under no name (its relative path would not hold from here; it still runs only on import()).
 */
const importsStayLazy = {
  name: "imports-stay-lazy",
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      if (isInside(join(coreRoot, "src"), args.resolveDir) && args.path.startsWith(".")) {
        const entry = coreEntries.get(resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts"));
        return entry ? { path: entry, external: true } : undefined;
      }
      if (!isInside(src, args.resolveDir)) return undefined;
      if (!args.path.startsWith(".")) return { path: args.path, external: true };
      const fromDist = relative(src, resolve(args.resolveDir, args.path)).split(sep).join("/");
      return { path: `./${fromDist}`, external: true };
    });
  },
};

function isInside(folder, path) {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** What both files share: CommonJS for Node.js 20, and import.meta.url for the modules that use it. */
const commonJs = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // @ssoenv/core and @ssoenv/secret-scan from their sources (the same code their dist is built from).
  conditions: ["@ssoenv/source"],
  // Worked out when read (scan's fast path, to find dist/scan.cjs), not at load: pathToFileURL there
  // cost every command, the cached credential-process answer included, ~1 M instructions (valgrind).
  banner: {
    js: 'const __importMeta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };',
  },
  define: { "import.meta.url": "__importMeta.url" },
  logLevel: "warning",
};

await build({
  ...commonJs,
  entryPoints: [join(src, "bin.ts")],
  outfile: join(root, "dist/bin.cjs"),
  plugins: [importsStayLazy],
  // scan's fast path requires it at run time, from next to dist/bin.cjs (it is built below).
  external: ["./scan.cjs"],
});

await build({
  ...commonJs,
  entryPoints: [join(src, "commands/run-scan.ts")],
  outfile: join(root, "dist/scan.cjs"),
  // V8 scans this file's text when it compiles it and again for each function's first call: without
  // whitespace and comments a commit's scan runs ~2 M fewer instructions (valgrind, ~3% of what it
  // adds to node's start). Names are kept, so a stack trace still reads. dist/bin.cjs showed no gain.
  minifyWhitespace: true,
  minifySyntax: true,
});

// The hook's own bundle of earlier builds: the pre-commit hooks they installed would run it, stale.
// Without it those hooks run `ssoenv` from PATH, or refuse the commit (`ssoenv hook install` updates them).
await rm(join(root, "dist/scan-hook.cjs"), { force: true });
