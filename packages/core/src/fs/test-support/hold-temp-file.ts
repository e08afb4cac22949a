/**
 * Test child: writes <file> with writeFileAtomic and holds the write right before its rename (the temp
 * file complete beside the file), printing "ready", until a signal ends it. With `--graceful`, it is a
 * program with its own SIGTERM handler (a server's graceful stop): "stopping", then exit 0 a moment later.
 * With `--carry-on`, a program that handles Ctrl-C and goes on (the CLI's cancel): SIGINT lets the held
 * write finish, then "written". With `--lockfile`, proper-lockfile is loaded: its signal-exit listens too.
 * Usage: node --import tsx hold-temp-file.ts <file> [--graceful | --carry-on | --lockfile]
 */
import { writeFileAtomic } from "../write-file-atomic.js";

const [path, graceful] = process.argv.slice(2) as [string, string | undefined];
if (graceful === "--graceful") {
  process.once("SIGTERM", () => {
    process.stdout.write("stopping\n");
    setTimeout(() => process.exit(0), 100);
  });
}
if (graceful === "--lockfile") await import("proper-lockfile");
let release: (current: boolean) => void = () => {};
if (graceful === "--carry-on") process.once("SIGINT", () => setTimeout(() => release(true), 50));
await writeFileAtomic(path, "SECRET=held\n", {
  stillCurrent: () => {
    process.stdout.write("ready\n");
    const keepAlive = setInterval(() => {}, 1_000);
    return new Promise<boolean>((resolve) => {
      release = (current) => {
        clearInterval(keepAlive);
        resolve(current);
      };
    });
  },
});
process.stdout.write("written\n");
