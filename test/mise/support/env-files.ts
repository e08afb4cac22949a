import { readFile } from "node:fs/promises";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Emulator } from "@ssoenv/emulator";
import { parse } from "dotenv";

/** Reads a .env file as text and as parsed keys. */
export async function readEnvFile(path: string): Promise<{ text: string; values: Record<string, string> }> {
  const text = await readFile(path, "utf8");
  return { text, values: parse(text) };
}

/** How many lines assign `key` (with or without `export `). */
export function countAssignments(text: string, key: string): number {
  return text.split(/\r?\n/).filter((line) => new RegExp(`^(export\\s+)?${key}=`).test(line)).length;
}

/**
 * The account the credentials in a .env file belong to, asked of the emulator's STS with the real SDK.
 * `prefix` is "AWS" for the standard names, or the renamed prefix (e.g. "S3").
 */
export async function accountOf(options: {
  emulator: Emulator;
  values: Record<string, string>;
  prefix?: string;
}): Promise<string | undefined> {
  const { emulator, values } = options;
  const prefix = options.prefix ?? "AWS";
  const accessKeyId = values[`${prefix}_ACCESS_KEY_ID`];
  const secretAccessKey = values[`${prefix}_SECRET_ACCESS_KEY`];
  const sessionToken = values[`${prefix}_SESSION_TOKEN`];
  if (!accessKeyId || !secretAccessKey || !sessionToken) return undefined;
  const sts = new STSClient({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: { accessKeyId, secretAccessKey, sessionToken },
  });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Account;
  } finally {
    sts.destroy();
  }
}
