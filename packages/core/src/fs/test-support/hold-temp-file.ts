/**
 * Test child: writes <file> with writeFileAtomic and holds the write right before its rename (the temp
 * file complete beside the file), printing "ready", until a signal ends it. With `--graceful`, it is a
 * program with its own SIGTERM handler (a server's graceful stop): "stopping", then exit 0 a moment later.
 * Usage: node --import tsx hold-temp-file.ts <file> [--graceful]
 */
import { writeFileAtomic } from "../write-file-atomic.js";

const [path, graceful] = process.argv.slice(2) as [string, string | undefined];
if (graceful === "--graceful") {
  process.once("SIGTERM", () => {
    process.stdout.write("stopping\n");
    setTimeout(() => process.exit(0), 100);
  });
}
await writeFileAtomic(path, "SECRET=held\n", {
  stillCurrent: () => {
    process.stdout.write("ready\n");
    setInterval(() => {}, 1_000);
    return new Promise<boolean>(() => {});
  },
});
