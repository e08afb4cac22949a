import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ssoenvStateDir } from "../config/aws-paths.js";
import { statPath } from "../fs/stat-path.js";
import { writeFileAtomic } from "../fs/write-file-atomic.js";

/**
 * `~/.aws/ssoenv/env-files/<sha256(path)>.json`: the values updateEnvFile last wrote for a file's
 * `owned` keys (a region, never a secret), and which role credentials it wrote there (no secret).
 * Nothing in the file itself tells a line ssoenv wrote from one the user wrote; this does, for the
 * keys a caller owns.
 */
function recordPath(path: string, env: NodeJS.ProcessEnv): string {
  const key = createHash("sha256").update(path).digest("hex");
  return join(ownedKeysFolder(env), `${key}.json`);
}

/** `~/.aws/ssoenv/env-files`, where the records are (`logout --all` empties it). */
export function ownedKeysFolder(env: NodeJS.ProcessEnv): string {
  return join(ssoenvStateDir(env), "env-files");
}

/**
 * Role credentials a write handed out, without their secrets: the profile they are of, the names
 * written (AWS_ACCESS_KEY_ID... or the project's names for them) and the access key id (not a
 * secret), which tells them from keys the user wrote there since. What `logout` takes back.
 */
export interface WrittenCredentials {
  profile: string;
  names: string[];
  /** The name of the access key id among `names`, and its value. */
  accessKeyIdName: string;
  accessKeyId: string;
}

/**
 * What was written last for `path` (absolute, symlinks resolved), in the state folder of `env`'s
 * HOME; {} when nothing, unreadable, or no HOME.
 */
export async function readOwnedKeys(options: {
  path: string;
  env: NodeJS.ProcessEnv;
}): Promise<Record<string, string>> {
  return (await readEnvFileRecord(options))?.values ?? {};
}

/** The whole record of `path` (undefined when none, unreadable, or no HOME). */
export async function readEnvFileRecord(options: {
  path: string;
  env: NodeJS.ProcessEnv;
}): Promise<{ values: Record<string, string>; credentials?: WrittenCredentials } | undefined> {
  try {
    return parsedRecord(await readFile(recordPath(options.path, options.env), "utf8"), options.path);
  } catch {
    return undefined;
  }
}

/** Every record's file and what it says (records that are not ours left out). */
export async function readEnvFileRecords(options: {
  env: NodeJS.ProcessEnv;
}): Promise<{ path: string; values: Record<string, string>; credentials?: WrittenCredentials }[]> {
  const folder = ownedKeysFolder(options.env);
  const names = await readdir(folder).catch(() => [] as string[]);
  const records = [];
  for (const name of names.filter((n) => n.endsWith(".json"))) {
    const text = await readFile(join(folder, name), "utf8").catch(() => "");
    const path = parsedPath(text);
    const record = path === undefined ? undefined : parsedRecord(text, path);
    if (path !== undefined && record) records.push({ path, ...record });
  }
  return records;
}

function parsedRecord(
  text: string,
  path: string,
): { values: Record<string, string>; credentials?: WrittenCredentials } | undefined {
  try {
    const record = JSON.parse(text);
    if (record?.path !== path || typeof record.values !== "object" || record.values === null)
      return undefined;
    const values = Object.fromEntries(
      Object.entries(record.values).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string",
      ),
    );
    const c = record.credentials;
    const credentials =
      c &&
      typeof c.profile === "string" &&
      Array.isArray(c.names) &&
      c.names.every((n: unknown) => typeof n === "string") &&
      typeof c.accessKeyIdName === "string" &&
      typeof c.accessKeyId === "string"
        ? (c as WrittenCredentials)
        : undefined;
    return { values, ...(credentials ? { credentials } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Records `values` as what was written for `path` (none: the record goes), unless it already says so.
 * Best effort: a record not kept only means a line ssoenv wrote may stay after a later switch.
 */
export async function writeOwnedKeys(options: {
  path: string;
  values: Readonly<Record<string, string>>;
  recorded: Readonly<Record<string, string>>;
  /** The credentials this write handed out (none: the record forgets those of earlier writes). */
  credentials?: WrittenCredentials;
  recordedCredentials?: WrittenCredentials;
  env: NodeJS.ProcessEnv;
}): Promise<void> {
  const { path, values, recorded, credentials, recordedCredentials, env } = options;
  const same =
    Object.keys(values).length === Object.keys(recorded).length &&
    Object.entries(values).every(([key, value]) => recorded[key] === value) &&
    JSON.stringify(credentials) === JSON.stringify(recordedCredentials);
  if (same) return;
  try {
    // Inside the try: without a HOME (ENVIRONMENT_INVALID) the .env file is written all the same.
    const file = recordPath(path, env);
    if (Object.keys(values).length === 0 && !credentials) {
      await unlink(file);
      return;
    }
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, JSON.stringify({ path, values, ...(credentials ? { credentials } : {}) }), {
      mode: 0o600,
    });
  } catch {
    // Only a memory of our own lines: the .env file itself is written.
  }
}

/**
 * How many records there are (0 without a folder): what {@link pruneOwnedKeys} compares with, taken
 * before the writes. A listing only (~8 ms of CPU at 10,000 records).
 */
export function countOwnedKeys(options: { env: NodeJS.ProcessEnv }): number {
  try {
    return recordNames(options.env).length;
  } catch {
    return 0;
  }
}

/**
 * Removes the records of .env files that no longer exist (and records that are not JSON naming a
 * file), so that the folder does not grow with every file ever refreshed; only when it holds more
 * records than `before` (countOwnedKeys before the writes): the folder grows only by a record added,
 * and reading every record costs ~0.2 s of CPU at 10,000 of them, which a day's refresh of the same
 * files need not pay. Best effort, like the records themselves. Synchronous: ~3 s with a promise per
 * read and stat; and no write of this process can come between a look and an unlink.
 */
export function pruneOwnedKeys(options: { env: NodeJS.ProcessEnv; before: number }): void {
  try {
    const folder = ownedKeysFolder(options.env);
    const names = recordNames(options.env);
    if (names.length <= options.before) return;
    for (const name of names) {
      const file = join(folder, name);
      const path = parsedPath(readFileSync(file, "utf8"));
      // Only a file known to be gone loses its record: one this user may not look at keeps it.
      if (path === undefined || isGone(path)) rmSync(file, { force: true });
    }
  } catch {
    // No HOME, no folder, a record we may not read or remove: kept, as the records are best effort.
  }
}

/** The record files' names (a writer's temp files left out). */
function recordNames(env: NodeJS.ProcessEnv): string[] {
  return readdirSync(ownedKeysFolder(env)).filter((name) => name.endsWith(".json"));
}

function isGone(path: string): boolean {
  try {
    return statPath(path) === undefined;
  } catch {
    return false;
  }
}

/** The `path` a record names; undefined when the text is not a record. */
function parsedPath(text: string): string | undefined {
  try {
    const path = (JSON.parse(text) as { path?: unknown } | null)?.path;
    return typeof path === "string" ? path : undefined;
  } catch {
    return undefined;
  }
}
