import { join, relative, resolve } from "node:path";
import { SsoenvError } from "@ssoenv/core/errors";
// Types only: commander is loaded when `runScanCli` needs it, not on the hook's fast path.
import type { Command } from "commander";
import { exitOnClosedStdout } from "../exit-on-closed-stdout.js";

const DEFAULT_MAX_FILE_SIZE = String(5 * 1024 * 1024);

/** Options of `ssoenv scan`, as commander parses them. */
interface ScanCommandOptions {
  staged?: boolean;
  format: "text" | "json" | "sarif";
  baseline?: string;
  writeBaseline?: boolean;
  maxFileSize: string;
  includeNodeModules?: boolean;
}

/**
 * `ssoenv scan [--staged] [PATH...]`: finds plaintext AWS keys. Exit 1 on findings, 0 clean, 2 on a
 * bad flag or an unreadable path. Runs on every commit, so it stays light: the scanner is loaded only
 * when this command runs (dynamic import), and nothing here touches the AWS SDK.
 */
export function registerScanCommand(program: Command): void {
  program
    .command("scan")
    .description("find plaintext AWS keys in files, or in what is about to be committed (--staged)")
    .argument("[paths...]", "files and folders to scan (default: .); with --staged, limits the scan to them")
    .option("--staged", "scan the git index (what the next commit adds), only added lines")
    .addOption(
      program
        .createOption("--format <format>", "output format")
        .choices(["text", "json", "sarif"])
        .default("text"),
    )
    .option(
      "--baseline <file>",
      "accepted secrets (default: .ssoenv-scan-baseline.json at the repository root or here)",
    )
    .option("--write-baseline", "accept every current finding: write them to the baseline file and exit 0")
    .option(
      "--max-file-size <bytes>",
      "read larger files in pieces (bounded memory) rather than whole",
      DEFAULT_MAX_FILE_SIZE,
    )
    .option("--include-node-modules", "also scan node_modules folders inside the folders given")
    .addHelpText(
      "after",
      `
Examples:
  $ ssoenv scan --staged                 # in a pre-commit hook (ssoenv hook install)
  $ ssoenv scan .                        # the whole work tree (skips .git and node_modules)
  $ ssoenv scan --include-node-modules . # node_modules too
  $ ssoenv scan --format sarif . > scan.sarif
  $ ssoenv scan --write-baseline .       # accept what is there today; new keys still fail

Mark a false positive with "ssoenv:allow" on its line (gitleaks:allow and
"pragma: allowlist secret" work too). Exit codes: 0 clean, 1 findings, 2 usage error.`,
    )
    .action(async (paths: string[], options: ScanCommandOptions) => {
      process.exitCode = await runScan(paths, options);
    });
}

/**
 * `ssoenv scan ARGS` without the rest of the CLI: the installed git hook requires the scan bundle
 * (dist/scan-hook.cjs) and calls this, so a commit does not load every other command (and
 * @ssoenv/core). Same command definition, same exit codes (exitCodeOf, as the CLI's).
 */
export async function runScanCli(argv: readonly string[]): Promise<number> {
  try {
    const answered = await answerScan(argv);
    if (answered !== undefined) return answered;
    const { Command } = await import("commander");
    const program = new Command("ssoenv").exitOverride();
    registerScanCommand(program);
    await program.parseAsync(["scan", ...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    // The error path (picocolors, the text cleaner) loads only when there is an error.
    return (await import("../exit-code-of.js")).exitCodeOf(error);
  }
}

/**
 * `ssoenv scan` without commander, for the shapes of command line a hook uses: the installed hook's
 * exact arguments (`--staged`), and paths without options. Undefined for anything else (the full
 * command definition then parses it).
 */
export async function answerScan(argv: readonly string[]): Promise<number | undefined> {
  if (argv.length === 1 && argv[0] === "--staged") {
    return runScan([], { staged: true, format: "text", maxFileSize: DEFAULT_MAX_FILE_SIZE });
  }
  if (argv.length > 0 && argv.every((arg) => !arg.startsWith("-"))) {
    return runScan([...argv], { format: "text", maxFileSize: DEFAULT_MAX_FILE_SIZE });
  }
  return undefined;
}

async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const maxFileBytes = Number(options.maxFileSize);
  if (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0) {
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `--max-file-size must be a positive number of bytes, got "${options.maxFileSize}"`,
      { hint: "e.g. --max-file-size 10485760" },
    );
  }
  // Loaded here, not at the top: other commands never pay for the scanner.
  const scan = await import("@ssoenv/secret-scan");
  // The repository root (for the default baseline) is asked in parallel with the scan itself.
  const [root, scanned] = await Promise.all([
    options.staged ? scan.findRepositoryRoot() : process.cwd(),
    options.staged
      ? scan.scanStaged({ paths, maxFileBytes })
      : scan.scanFiles({
          paths: paths.length > 0 ? paths : ["."],
          maxFileBytes,
          includeNodeModules: options.includeNodeModules === true,
        }),
  ]);
  const baselinePath = options.baseline ? resolve(options.baseline) : join(root, scan.BASELINE_FILE);
  const baseline = options.writeBaseline
    ? undefined
    : await scan.loadBaseline({ path: baselinePath, optional: options.baseline === undefined });
  const result = {
    ...scanned,
    findings: baseline ? scan.applyBaseline({ findings: scanned.findings, baseline }) : scanned.findings,
  };

  const folders = result.skippedFolders;
  if (folders.length > 0) {
    // A folder left out must never look like a clean scan of it.
    const first = folders.slice(0, 3).map((folder) => scan.printablePath(folder));
    const { printWarning } = await import("../ui.js");
    printWarning(
      `skipped ${folders.length} node_modules folder(s): ${first.join(", ")}${folders.length > 3 ? ", …" : ""}; add --include-node-modules to scan them`,
    );
  }

  if (options.writeBaseline) {
    await scan.writeBaseline({
      path: baselinePath,
      baseline: scan.createBaseline({ findings: result.findings }),
    });
    process.stderr.write(
      `ssoenv scan: wrote ${result.findings.length} accepted secret(s) to ${scan.printablePath(relative(process.cwd(), baselinePath) || baselinePath)}\n`,
    );
    return 0;
  }

  // The version only goes into SARIF: do not read package.json for the other formats.
  const version = options.format === "sarif" ? (await import("../version.js")).version : undefined;
  const report = scan.formatFindings({
    findings: result.findings,
    format: options.format,
    ...(version ? { version } : {}),
  });
  // A clean commit prints nothing (text): process.stdout is not even created (a few ms of each commit).
  if (report !== "") {
    exitOnClosedStdout();
    process.stdout.write(report);
  }
  if (result.findings.length > 0) {
    if (options.format === "text") {
      const { printError } = await import("../ui.js");
      const files = new Set(result.findings.map((f) => f.path)).size;
      printError(
        `${result.findings.length} plaintext AWS credential(s) in ${files} file(s)${options.staged ? " staged for commit" : ""}`,
        "remove them and rotate the keys; load credentials at run time (ssoenv exec / ssoenv refresh into a git-ignored .env). False positive: add `ssoenv:allow` on the line, or `ssoenv scan --write-baseline`",
      );
    }
    return 1;
  }
  return 0;
}
