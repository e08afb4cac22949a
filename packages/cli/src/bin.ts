#!/usr/bin/env -S node --
// The `--` above: Node 20/22 take a script argument named --env-file as their own option
// (nodejs/node#54232) unless node's options are ended first. `ssoenv refresh --env-file F` needs that.

// The AWS SDK warns on stderr about Node < 22 support ending in 2027. ssoenv supports Node 20 on
// purpose, and `credential-process` must keep stderr clean, so the notice is off unless asked for.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const argv = process.argv.slice(2);
const scanning = argv[0] === "scan" && !argv.includes("--help") && !argv.includes("-h");

// `ssoenv … | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

if (scanning) {
  // `ssoenv scan --staged` runs on every commit (pre-commit, husky, lefthook): only the scan
  // command and the scanner, not every other command and @ssoenv/core. Bundled when built.
  const { existsSync } = await import("node:fs");
  const bundle = new URL("./scan-hook.js", import.meta.url);
  const { runScanCli } = (await import(
    existsSync(bundle) ? bundle.href : "./commands/scan.js"
  )) as typeof import("./commands/scan.js");
  process.exitCode = await runScanCli(argv.slice(1));
} else {
  // credential-process runs before every AWS command: answer from the cache before loading the CLI.
  const { tryCachedCredentialProcess } = await import("./credential-process-fast.js");
  if (!(argv[0] === "credential-process" && (await tryCachedCredentialProcess(argv)))) {
    const { runCli } = await import("./run-cli.js");
    process.exitCode = await runCli(argv);
  }
}
