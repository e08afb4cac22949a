import type { FastPath } from "../fast-path.js";
import type { ScanCommandOptions } from "./run-scan.js";

/**
 * `ssoenv scan`'s options, and its answer before commander loads: git runs `ssoenv scan --staged` on
 * every commit (the installed hook, the pre-commit framework with the files' names after it), and
 * commander with its program would be a tenth of that commit's time. scan.ts builds the commander
 * command from this same list; a command line this list does not read as commander would (a bad
 * --format, an unknown option) is left to commander, which reports it.
 */
export const scanFastPath: FastPath = {
  options: [
    { long: "staged", description: "scan the git index (what the next commit adds), only added lines" },
    {
      long: "format",
      value: "format",
      description: "output format",
      choices: ["text", "json", "sarif"],
      default: "text",
    },
    // status, sessions and doctor take --json: the same word works here.
    { long: "json", description: "same as --format json" },
    {
      long: "baseline",
      value: "file",
      description: "accepted secrets (default: .ssoenv-scan-baseline.json at the repository root or here)",
    },
    {
      long: "write-baseline",
      description: "accept every current finding: add them to the baseline file and exit 0",
    },
    {
      long: "max-file-size",
      value: "bytes",
      // No default here: the scanner's own (5 MiB) applies, said once, in secret-scan.
      description: "read larger files in pieces (bounded memory) rather than whole (default: 5 MiB)",
    },
    { long: "include-node-modules", description: "also scan node_modules folders inside the folders given" },
    {
      long: "include-ignored",
      description: "also scan what git ignores inside the folders given (a .env ssoenv refresh wrote)",
    },
  ],
  takesArguments: true,
  // The options are checked against the list above (choices included): those of ScanCommandOptions.
  answer: async ({ args, options }) =>
    (await loadRunScan()).runScan(args, options as unknown as ScanCommandOptions),
};

/**
 * run-scan.ts from its CommonJS bundle, dist/scan.cjs next to dist/bin.cjs (see
 * scripts/bundle-hot-paths.mjs), else as a module (from source, or from tsc's dist/*.js). Required,
 * not imported: an import() would start Node.js 20's ES module loader for it (~9 ms of each commit).
 * With dist/bin.cjs's own `require` (CommonJS), not node:module's createRequire: node:module loads
 * that loader's code too (~1 ms). Builtins come from getBuiltinModule for the same reason.
 */
async function loadRunScan(): Promise<typeof import("./run-scan.js")> {
  const { existsSync } = process.getBuiltinModule("node:fs");
  if (typeof require !== "function" || !existsSync(new URL("./scan.cjs", import.meta.url))) {
    return import("./run-scan.js");
  }
  // Left as written by the bundler (external): resolved from dist/bin.cjs at run time.
  return require("./scan.cjs") as typeof import("./run-scan.js");
}
