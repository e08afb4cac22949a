let installed = false;

/**
 * `ssoenv … | head` closes the pipe early: that is the reader's choice, not an error to report, so
 * an EPIPE on stdout ends the process quietly with the exit code so far. Installed before a command
 * prints through process.stdout, not at startup: creating the stream costs the cached
 * `credential-process` answer, which writes with one writeSync, ~5% of Node.js's start.
 */
export function exitOnClosedStdout(): void {
  if (installed) return;
  installed = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
