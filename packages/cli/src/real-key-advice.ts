/** What a finding says of its key (scan's Finding: its rule and redacted prefix, "ASIA…"). */
interface FoundKey {
  rule: string;
  redacted: string;
}

const RUN_TIME = "load credentials at run time (ssoenv exec, or ssoenv refresh into a git-ignored .env)";

// Session keys cannot be rotated: they stop working when they expire; revoking the role's active
// sessions (IAM) is how to stop them sooner.
const TEMPORARY =
  "temporary credentials (ASIA…) cannot be rotated: they stop working when they expire (to stop them sooner, revoke the role's active sessions in IAM)";

/**
 * The hint's lines for real keys among `findings`: "rotate it" for a long-term key (AKIA…, or a
 * secret key with no temporary credentials found beside it), the expiry for temporary credentials
 * (an ASIA… key ID, a session token), one line each when both are found.
 */
export function realKeyLines(findings: readonly FoundKey[]): string[] {
  const { longTerm, temporary } = kindsOf(findings);
  return [
    ...(longTerm ? [`- a real key: rotate it; ${RUN_TIME}`] : []),
    ...(temporary ? [`- real ${TEMPORARY}; ${RUN_TIME}`] : []),
  ];
}

/** The same advice for keys a merge brings, before the steps that take them out of the branch. */
export function mergeKeyAdvice(findings: readonly FoundKey[]): string {
  const { longTerm, temporary } = kindsOf(findings);
  return [longTerm ? "rotate it" : undefined, temporary ? TEMPORARY : undefined]
    .filter((part) => part !== undefined)
    .join("; ");
}

/** A secret key found with temporary credentials is taken for theirs: a finding does not say whose it is. */
function kindsOf(findings: readonly FoundKey[]): { longTerm: boolean; temporary: boolean } {
  const temporaryKeyId = (f: FoundKey) => f.rule === "aws-access-key-id" && f.redacted.startsWith("ASIA");
  const temporary = findings.some((f) => f.rule === "aws-session-token" || temporaryKeyId(f));
  const longTerm = !temporary || findings.some((f) => f.rule === "aws-access-key-id" && !temporaryKeyId(f));
  return { longTerm, temporary };
}
