import type { Command } from "commander";
import type { ScanCommandOptions } from "./run-scan.js";

/**
 * `ssoenv scan [--staged] [PATH...]`: finds plaintext AWS keys. Exit 1 on findings, 0 clean, 2 on a
 * bad flag or an unreadable path. Runs on every commit: its fast path (scan-fast-path.ts, whose option
 * list create-program.ts gives this command) answers the usual command lines before commander loads,
 * and this definition reads the others. The scan (run-scan.ts, with the scanner) loads only when it runs;
 * nothing here touches the AWS SDK.
 */
export function registerScanCommand(program: Command): void {
  program
    .command("scan")
    .description("find plaintext AWS keys in files, or in what is about to be committed (--staged)")
    .argument("[paths...]", "files and folders to scan (default: .); with --staged, limits the scan to them")
    .addHelpText(
      "after",
      `
Examples:
  $ ssoenv scan --staged                 # in a pre-commit hook (ssoenv hook install)
  $ ssoenv scan .                        # the work tree (skips .git, node_modules, git-ignored files)
  $ ssoenv scan --include-node-modules . # node_modules too
  $ ssoenv scan --include-ignored .      # git-ignored files too (a .env ssoenv refresh wrote)
  $ ssoenv scan .env                     # a file named is always scanned
  $ ssoenv scan --format sarif . > scan.sarif
  $ ssoenv scan --write-baseline .       # accept what is there today; new keys still fail

Mark a false positive with "ssoenv:allow" on its line (gitleaks:allow and
"pragma: allowlist secret" work too). Exit codes: 0 clean, 1 findings, 2 usage error, or
nothing found while some file under the paths could not be read (an incomplete scan is never 0).
`,
    )
    .action(async (paths: string[], options: ScanCommandOptions) => {
      const { runScan } = await import("./run-scan.js");
      process.exitCode = await runScan(paths, options);
    });
}
