import { type BigIntStats, statSync } from "node:fs";

/**
 * `fs.statSync` of a path a user can name (symlinks followed); undefined when nothing is there
 * (ENOENT, or ENOTDIR: a file where a folder should be, which Node.js 20 throws and 24 does not).
 * Other errors (EACCES, ELOOP) are thrown.
 *
 * Every synchronous stat in core and the CLI goes through here (biome.json says so), for its bigint:
 * a plain statSync fills a buffer the whole process shares, which Node.js 20's realpathSync reads
 * back for a path part it knows; after the stat of a pipe (`AWS_SHARED_CREDENTIALS_FILE=<(...)`, a
 * FIFO) the module loader's next realpath stops short and a later import fails ("Cannot find package
 * 'yoctocolors'"). A bigint stat has a buffer of its own. Sizes, modes and times are bigints.
 *
 * @example statPath("/dev/fd/63")?.isFIFO() // true for a shell's <(...)
 */
export function statPath(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false, bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** A bigint stat's time in milliseconds with its fraction, as a plain stat gives it (`mtimeMs`). */
export function millisecondsOf(nanoseconds: bigint): number {
  return Number(nanoseconds) / 1e6;
}
