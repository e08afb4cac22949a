import { readConfigText } from "./find-config-problems.js";

/**
 * The line of `path` that heads a section `[name]` without "profile ": the credentials file's form,
 * which the AWS CLI, boto3 and the SDKs all skip in the config file (only `[default]` is written so
 * there). Undefined when there is none. For the PROFILE_NOT_FOUND path only.
 */
export async function findBareProfileHeader(options: {
  name: string;
  path: string;
}): Promise<{ line: number } | undefined> {
  if (options.name === "default") return undefined;
  const { text } = await readConfigText(options.path);
  if (text === undefined) return undefined;
  const index = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .findIndex((line) => /^\s*\[([^\]]*)\]/.exec(line)?.[1]?.trim() === options.name);
  return index === -1 ? undefined : { line: index + 1 };
}
