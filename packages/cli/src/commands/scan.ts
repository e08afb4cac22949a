import { join, relative, resolve } from "node:path";
// Types only: commander is loaded when `runScanCli` needs it, not on the hook's fast path.
import type { Command } from "commander";
import { printError, printWarning } from "../ui.js";

const DEFAULT_MAX_FILE_SIZE = String(5 * 1024 * 1024);

/** Options of `ssoenv scan`, as commander parses them. */
interface ScanCommandOptions {
  staged?: boolean;
  format: "text" | "json" | "sarif";
  baseline?: string;
  writeBaseline?: boolean;
  maxFileSize: string;
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
    .option("--max-file-size <bytes>", "skip (and report) larger files", DEFAULT_MAX_FILE_SIZE)
    .addHelpText(
      "after",
      `
Examples:
  $ ssoenv scan --staged                 # in a pre-commit hook (ssoenv hook install)
  $ ssoenv scan .                        # the whole work tree (skips .git and node_modules)
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
 * `ssoenv scan ARGS` without the rest of the CLI: for bin.ts to call directly when argv[0] is "scan",
 * so a pre-commit hook does not load every other command (and @ssoenv/core) on each commit.
 * Same command definition, same exit codes (2 for usage errors, which commander has printed).
 * The installed hook's exact arguments (`--staged`), and paths without options, skip commander
 * altogether: one module less to load; anything else goes through the full command definition.
 */
export async function runScanCli(argv: readonly string[]): Promise<number> {
  if (argv.length === 1 && argv[0] === "--staged") {
    return runScan([], { staged: true, format: "text", maxFileSize: DEFAULT_MAX_FILE_SIZE });
  }
  // `ssoenv scan PATH...` with no option at all: the same, without commander.
  if (argv.length > 0 && argv.every((arg) => !arg.startsWith("-"))) {
    return runScan([...argv], { format: "text", maxFileSize: DEFAULT_MAX_FILE_SIZE });
  }
  const { Command, CommanderError } = await import("commander");
  const program = new Command("ssoenv").exitOverride();
  registerScanCommand(program);
  try {
    await program.parseAsync(["scan", ...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}

async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const maxFileBytes = Number(options.maxFileSize);
  if (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0) {
    printError(
      `--max-file-size must be a positive number of bytes, got "${options.maxFileSize}"`,
      "e.g. --max-file-size 10485760",
    );
    return 2;
  }
  // Loaded here, not at the top: other commands never pay for the scanner.
  const scan = await import("@ssoenv/secret-scan");
  try {
    // The repository root (for the default baseline) is asked in parallel with the scan itself.
    const [root, scanned] = await Promise.all([
      options.staged ? scan.findRepositoryRoot() : process.cwd(),
      options.staged
        ? scan.scanStaged({ paths, maxFileBytes })
        : scan.scanFiles({ paths: paths.length > 0 ? paths : ["."], maxFileBytes }),
    ]);
    const baselinePath = options.baseline ? resolve(options.baseline) : join(root, scan.BASELINE_FILE);
    const baseline = options.writeBaseline
      ? undefined
      : await scan.loadBaseline({ path: baselinePath, optional: options.baseline === undefined });
    const result = {
      ...scanned,
      findings: baseline ? scan.applyBaseline({ findings: scanned.findings, baseline }) : scanned.findings,
    };

    for (const skipped of result.skipped) {
      if (skipped.reason === "too-large") {
        printWarning(
          `skipped ${skipped.path}: ${formatBytes(skipped.sizeBytes ?? 0)} is over the ${formatBytes(maxFileBytes)} limit (--max-file-size)`,
        );
      }
    }

    if (options.writeBaseline) {
      await scan.writeBaseline({
        path: baselinePath,
        baseline: scan.createBaseline({ findings: result.findings }),
      });
      process.stderr.write(
        `ssoenv scan: wrote ${result.findings.length} accepted secret(s) to ${relative(process.cwd(), baselinePath) || baselinePath}\n`,
      );
      return 0;
    }

    // The version only goes into SARIF: do not read package.json for the other formats.
    const version = options.format === "sarif" ? (await import("../version.js")).version : undefined;
    process.stdout.write(
      scan.formatFindings({
        findings: result.findings,
        format: options.format,
        ...(version ? { version } : {}),
      }),
    );
    if (result.findings.length > 0) {
      if (options.format === "text") {
        const files = new Set(result.findings.map((f) => f.path)).size;
        printError(
          `${result.findings.length} plaintext AWS credential(s) in ${files} file(s)${options.staged ? " staged for commit" : ""}`,
          "remove them and rotate the keys; load credentials at run time (ssoenv exec / ssoenv refresh into a git-ignored .env). False positive: add `ssoenv:allow` on the line, or `ssoenv scan --write-baseline`",
        );
      }
      return 1;
    }
    return 0;
  } catch (error) {
    if (scan.isSecretScanError(error)) {
      printError(error.message, error.hint);
      return 2;
    }
    throw error;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
