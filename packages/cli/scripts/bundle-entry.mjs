// Builds dist/bin.cjs, the module the `ssoenv` bin runs: src/bin.ts and everything it imports
// statically (the runner, the command table, credential-process's cached answer and the part of
// @ssoenv/core it reads), in one CommonJS file. Every dynamic import() stays a lazy import of the
// file tsc builds next to it (dist/*.js), so commander, the commands and the AWS SDK load only when
// a command needs them.
//
// Why one CommonJS file: AWS tools run `ssoenv credential-process` before every command, and on
// Node.js 20 an ES module entry starts ~10 ms slower than a CommonJS one, each further ES module
// costs ~1 ms and node:fs/promises ~2 ms: more than the whole answer. Node.js 24 shows no such cost.
// The source stays the one implementation; this is only how its hot path is packed.
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

await build({
  entryPoints: [join(src, "bin.ts")],
  outfile: join(root, "dist/bin.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // @ssoenv/core's hot path is bundled from its source (the same code its dist is built from);
  // npm packages (commander, the AWS SDK, ...) are only ever loaded lazily.
  conditions: ["@ssoenv/source"],
  packages: "bundle",
  plugins: [cliImportsStayLazy],
  // import.meta.url, for the few modules that locate files next to them.
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__importMetaUrl" },
  logLevel: "warning",
});
