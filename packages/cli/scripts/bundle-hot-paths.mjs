// Builds the two files that run on hot paths, each one CommonJS file bundled from the TypeScript
// sources (the one implementation; this is only how it is packed):
// - dist/bin.cjs, what the `ssoenv` bin runs: src/bin.ts and everything it imports statically (the
//   runner, the command table, credential-process's cached answer and the part of @ssoenv/core it
//   reads). Every dynamic import() of the CLI stays a lazy import of the file tsc builds next to it
//   (dist/*.js), so commander, the commands and the AWS SDK load only when a command needs them.
// - dist/scan-hook.cjs, what the git pre-commit hook and `ssoenv scan` run: the scan command with
//   the scanner inlined (commander stays outside: only an unusual command line loads it).
//
// Why CommonJS: AWS tools run `ssoenv credential-process` before every command and git runs the hook
// on every commit. On Node.js 20 an ES module entry starts ~10 ms slower than a CommonJS one, each
// further ES module costs ~1 ms, node:fs/promises ~2 ms: more than the cached answer's own work.
// Node.js 24 shows no such cost.
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

/**
 * Keeps the CLI's own `import()`s lazy: external, as written, resolved at run time next to
 * dist/bin.cjs (all of them are in files directly in src/, so the relative paths hold). A lazy
 * import in @ssoenv/core's hot path is bundled instead (its relative path would not hold from here);
 * esbuild still runs such a module only when the import() does.
 */
const cliImportsStayLazy = {
  name: "cli-imports-stay-lazy",
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== "dynamic-import" || !isInside(src, args.resolveDir)) return undefined;
      if (args.path.startsWith(".") && args.resolveDir !== src) {
        const from = relative(root, args.importer).split(sep).join("/");
        return {
          errors: [
            {
              text: `lazy import "${args.path}" in ${from}: only files directly in src/ may import() a relative path (or import() a package)`,
            },
          ],
        };
      }
      return { path: args.path, external: true };
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
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__importMetaUrl" },
  logLevel: "warning",
};

await build({
  ...commonJs,
  entryPoints: [join(src, "bin.ts")],
  outfile: join(root, "dist/bin.cjs"),
  // npm packages (commander, the AWS SDK, ...) are only ever loaded lazily, through the CLI's files.
  plugins: [cliImportsStayLazy],
});

await build({
  ...commonJs,
  entryPoints: [join(src, "commands/scan.ts")],
  outfile: join(root, "dist/scan-hook.cjs"),
  external: ["commander"],
});
