/**
 * Test child: writes <file> with writeFileAtomic and holds the write right before its rename (the temp
 * file complete beside the file), printing "ready", until a signal ends it.
 * Usage: node --import tsx hold-temp-file.ts <file>
 */
import { writeFileAtomic } from "../write-file-atomic.js";

const [path] = process.argv.slice(2) as [string];
await writeFileAtomic(path, "SECRET=held\n", {
  stillCurrent: () => {
    process.stdout.write("ready\n");
    setInterval(() => {}, 1_000);
    return new Promise<boolean>(() => {});
  },
});
