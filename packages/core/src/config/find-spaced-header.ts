/**
 * The line of the config file's `text` whose `[profile ...]` or `[sso-session ...]` header names
 * `name` with a space and no quotes (`[profile My Dev]`): botocore splits a header like a shell, so
 * it sees three words and skips the section, and the AWS SDKs skip a name with a space. Every tool
 * then says the profile (or sso-session) is not there, though the file has it. As findSkippedHeader
 * answers: `reason` follows "line N of FILE", `hint` is the header to write (spaces as "-").
 * Undefined when there is none. For the not-found paths only.
 */
export function findSpacedHeader(options: {
  text: string;
  kind: "profile" | "sso-session";
  name: string;
}): { line: number; reason: string; hint: string } | undefined {
  const { text, kind } = options;
  const words = (value: string) => value.trim().split(/\s+/);
  const wanted = words(options.name).join(" ");
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const header = raw.trim();
    const rest = new RegExp(`^\\[${kind}\\s+([^"'\\]]*?)\\s*\\]$`).exec(header)?.[1];
    if (rest === undefined || !/\s/.test(rest) || words(rest).join(" ") !== wanted) continue;
    const fixed = words(rest).join("-");
    return {
      line: index + 1,
      reason: `has ${header}, a name with a space, which neither the AWS CLI nor the AWS SDKs (nor ssoenv) read`,
      hint:
        kind === "profile"
          ? `write the header as [profile ${fixed}] and use --profile ${fixed}`
          : `write the header as [sso-session ${fixed}] and sso_session = ${fixed} in each profile that uses it`,
    };
  }
  return undefined;
}
