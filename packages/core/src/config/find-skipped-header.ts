import { findConfigLineProblems } from "./find-config-problems.js";

/**
 * The line of the config file's `text` whose `[profile ...]` or `[sso-session ...]` header the AWS CLI
 * and boto3 read as `name` but the AWS SDKs (and so ssoenv) skip: quotes around a name with spaces
 * (`[profile "my dev"]`) or extra spaces (`[sso-session   corp  ]`), with what to say about it:
 * `reason` follows "line N of FILE", `hint` is the header to write. Undefined when there is none.
 * For the not-found paths only, never the normal one.
 */
export function findSkippedHeader(options: {
  text: string;
  kind: "profile" | "sso-session";
  name: string;
}): { line: number; reason: string; hint: string } | undefined {
  const { text, kind, name } = options;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const found = findConfigLineProblems(text).find(
    (problem) =>
      problem.reason === "section-name-skipped" &&
      problem.key === name &&
      new RegExp(`^\\[${kind}\\s`).test(lines[problem.line - 1]?.trim() ?? ""),
  );
  if (!found) return undefined;
  const fixed = name.trim().replace(/\s+/g, "-");
  const renamed =
    fixed === name
      ? ""
      : kind === "profile"
        ? ` and use --profile ${fixed}`
        : ` and sso_session = ${fixed} in each profile that uses it`;
  return {
    line: found.line,
    reason:
      "names it in a way the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip (quotes around a name with spaces, or extra spaces)",
    hint: `write the header as [${kind} ${fixed}]${renamed} (one space after "${kind}", none in the name: the AWS CLI and the SDKs then read the same ${kind === "profile" ? "profile" : "section"})`,
  };
}
