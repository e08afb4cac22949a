import { findConfigLineProblems } from "./find-config-problems.js";

/**
 * The line of the config file's `text` whose `[profile ...]` or `[sso-session ...]` header the AWS CLI
 * and boto3 read as `name` but the AWS SDKs (and so ssoenv) skip: quotes around a name with spaces
 * (`[profile "my dev"]`) or extra spaces (`[sso-session   corp  ]`). Undefined when there is none.
 * For the not-found paths only, never the normal one.
 */
export function findSkippedHeader(options: {
  text: string;
  kind: "profile" | "sso-session";
  name: string;
}): { line: number } | undefined {
  const { text, kind, name } = options;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const found = findConfigLineProblems(text).find(
    (problem) =>
      problem.reason === "section-name-skipped" &&
      problem.key === name &&
      new RegExp(`^\\[${kind}\\s`).test(lines[problem.line - 1]?.trim() ?? ""),
  );
  return found ? { line: found.line } : undefined;
}
