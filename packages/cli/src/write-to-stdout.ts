/**
 * Writes to fd 1 without creating process.stdout (the stream and what it loads cost a fast path
 * ~5% of Node.js's start). fs comes from getBuiltinModule, not `import`: an ESM import of node:fs
 * loads its streams too. A reader that closed the pipe early made its choice: not an error.
 */
export function writeToStdout(text: string): void {
  const { writeSync } = process.getBuiltinModule("node:fs");
  const bytes = Buffer.from(text);
  for (let written = 0; written < bytes.length; ) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return;
      // A non-blocking pipe that is full: let the stream wait for it.
      if (code === "EAGAIN") {
        process.stdout.write(bytes.subarray(written));
        return;
      }
      throw error;
    }
  }
}
