import { callOption } from "../text/call-option.js";
import { findConfigLineProblems, KIND_AS_WRITTEN, sectionKindUnread } from "./find-config-problems.js";
import { profileHeader } from "./profile-header.js";
import { SDK_SECTION_NAME, sdkReadableName } from "./safe-profile-name.js";

/**
 * The line of the config file's `text` whose `[profile ...]`, `[sso-session ...]` or `[services ...]` header
 * the AWS CLI (2.13 and later, for services) and boto3 read as `name` but the AWS SDKs (and so ssoenv) skip:
 * quotes around a name with spaces (`[profile "my dev"]`), extra spaces (`[sso-session   corp  ]`) or letters
 * beyond ASCII (`[profile pröd]`); or that no AWS tool reads, for a space in the name (`[profile my dev]`);
 * with what to say about it:
 * `reason` follows "line N of FILE", `hint` is the header to write. Without `name`, the first such
 * header of that kind, whatever its name (a config whose only sso-session the SDKs skip). Undefined
 * when there is none. For the not-found paths only, never the normal one.
 */
export function findSkippedHeader(options: {
  text: string;
  kind: "profile" | "sso-session" | "services";
  name?: string | undefined;
}): { line: number; name: string; reason: string; hint: string } | undefined {
  const { text, kind } = options;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  // [Profile dev], [ default ], [SSO-Session corp]: skipped by every AWS tool for how the kind is written.
  const miswritten = findConfigLineProblems(text).find((problem) => {
    if (problem.reason !== "section-kind-unread") return false;
    const found = sectionKindUnread(lines[problem.line - 1]?.trim().slice(1, -1) ?? "");
    return found?.kind === kind && (options.name === undefined || found.name === options.name);
  });
  if (miswritten) {
    const header = lines[miswritten.line - 1]?.trim() ?? "";
    const name = sectionKindUnread(header.slice(1, -1))?.name ?? "";
    return {
      line: miswritten.line,
      name,
      reason: `has ${header}, which no AWS tool reads (${KIND_AS_WRITTEN})`,
      hint: `write the header as ${kind === "profile" ? profileHeader(name) : `[sso-session ${name}]`}`,
    };
  }
  const found = findConfigLineProblems(text).find(
    (problem) =>
      (problem.reason === "section-name-skipped" || problem.reason === "section-name-unread") &&
      problem.key !== undefined &&
      (options.name === undefined || problem.key === options.name) &&
      new RegExp(`^\\[${kind}\\s`).test(lines[problem.line - 1]?.trim() ?? ""),
  );
  if (found?.key === undefined) return undefined;
  const name = found.key;
  const spaced = name.trim().replace(/\s+/g, "-");
  // Letters beyond ASCII (or signs) the SDKs do not take: "pröd-ü" is written prod-u.
  const fixed = sdkReadableName(name);
  const renamed =
    fixed === name
      ? ""
      : kind === "profile"
        ? ` and use ${callOption("profile", fixed)}`
        : ` and ${kind === "services" ? "services" : "sso_session"} = ${fixed} in each profile that uses it`;
  if (found.reason === "section-name-unread") {
    return {
      line: found.line,
      name,
      reason: `names it with a space, which no AWS tool reads (${SPACE_UNREAD})`,
      hint: `write the header as [${kind} ${fixed}]${renamed} (no space in the name: the AWS CLI and the SDKs then read the same ${kind === "profile" ? "profile" : "section"})`,
    };
  }
  return {
    line: found.line,
    name,
    reason: SDK_SECTION_NAME.test(spaced)
      ? "names it in a way the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip (quotes around a name with spaces, or extra spaces)"
      : "names it with characters the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip in a name (they take A-Z, a-z, 0-9 and - _ @ + . % : / only)",
    hint: `write the header as [${kind} ${fixed}]${renamed} (${SDK_SECTION_NAME.test(spaced) ? `one space after "${kind}", none in the name` : "ASCII letters and digits"}: the AWS CLI and the SDKs then read the same ${kind === "profile" ? "profile" : "section"})`,
  };
}

/** Why no AWS tool reads a section whose name has a space (`[profile my dev]`). */
export const SPACE_UNREAD =
  "the AWS CLI and boto3 split the header at its spaces; the AWS SDKs and ssoenv take A-Z, a-z, 0-9 and - _ @ + . % : / only in a name";
