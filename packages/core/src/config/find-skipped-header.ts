import { findConfigLineProblems } from "./find-config-problems.js";

/**
 * The line of the config file's `text` whose `[profile ...]` or `[sso-session ...]` header the AWS CLI
 * and boto3 read as `name` but the AWS SDKs (and so ssoenv) skip: quotes around a name with spaces
 * (`[profile "my dev"]`) or extra spaces (`[sso-session   corp  ]`), with what to say about it:
 * `reason` follows "line N of FILE", `hint` is the header to write. Without `name`, the first such
 * header of that kind, whatever its name (a config whose only sso-session the SDKs skip). Undefined
 * when there is none. For the not-found paths only, never the normal one.
 */
export function findSkippedHeader(options: {
  text: string;
  kind: "profile" | "sso-session";
  name?: string | undefined;
}): { line: number; name: string; reason: string; hint: string } | undefined {
  const { text, kind } = options;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const found = findConfigLineProblems(text).find(
    (problem) =>
      problem.reason === "section-name-skipped" &&
      problem.key !== undefined &&
      (options.name === undefined || problem.key === options.name) &&
      new RegExp(`^\\[${kind}\\s`).test(lines[problem.line - 1]?.trim() ?? ""),
  );
  if (found?.key === undefined) return undefined;
  const name = found.key;
  const fixed = name.trim().replace(/\s+/g, "-");
  const renamed =
    fixed === name
      ? ""
      : kind === "profile"
        ? ` and use --profile ${fixed}`
        : ` and sso_session = ${fixed} in each profile that uses it`;
  return {
    line: found.line,
    name,
    reason:
      "names it in a way the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip (quotes around a name with spaces, or extra spaces)",
    hint: `write the header as [${kind} ${fixed}]${renamed} (one space after "${kind}", none in the name: the AWS CLI and the SDKs then read the same ${kind === "profile" ? "profile" : "section"})`,
  };
}
