import { findConfigLineProblems, readConfigText } from "./find-config-problems.js";

/**
 * The line of `path` whose `[profile ...]` header the AWS CLI and boto3 read as profile `name` but
 * the AWS SDKs (and so ssoenv) skip: quotes around a name with spaces (`[profile "my dev"]`) or extra
 * spaces (`[profile   dev  ]`). Undefined when there is none. Reads the file again: for the
 * PROFILE_NOT_FOUND path only, never the normal one.
 */
export async function findSkippedProfileHeader(options: {
  name: string;
  path: string;
}): Promise<{ line: number } | undefined> {
  const { text } = await readConfigText(options.path);
  if (text === undefined) return undefined;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const found = findConfigLineProblems(text).find(
    (problem) =>
      problem.reason === "section-name-skipped" &&
      problem.key === options.name &&
      /^\[profile\s/.test(lines[problem.line - 1]?.trim() ?? ""),
  );
  return found ? { line: found.line } : undefined;
}
