import type { Stats } from "node:fs";

/**
 * The text of an AWS file (config or credentials), read through the SDK's own file memo
 * (`readFile` of @smithy/shared-ini-file-loader), so that the SDK's loader called next
 * (loadSharedConfigFiles, each client's settings) works on the very text ssoenv checked rather than
 * reading the file again. A regular file is read afresh on each call, as a long-lived process must see
 * edits; anything else (a pipe: AWS_CONFIG_FILE=<(...), a FIFO) once per process, as it can be read only
 * once. Called for a path that is not there too (`info` undefined): the memo then forgets what it held.
 *
 * pipes-as-files.test checks that the SDK's loader reads from this memo (its readFile is marked
 * internal there).
 */
export async function readAwsFile(path: string, info: Stats | undefined): Promise<string> {
  const { readFile } = await import("@smithy/shared-ini-file-loader");
  const once = info !== undefined && !info.isFile() && !info.isDirectory();
  return readFile(path, { ignoreCache: !once });
}
