import { hasEscapedBytes, pathToBytes } from "./path-bytes.js";
import { printablePath } from "./printable-path.js";
import type { Finding, RuleId } from "./types.js";

export type FindingFormat = "text" | "json" | "sarif";

// An IAM user's key is rotated; temporary credentials (a session token's) cannot be: they expire.
const ROTATE = "An IAM user's long-term key (AKIA…): deactivate or rotate it";
const EXPIRE =
  "Temporary credentials (ASIA…, with a session token) cannot be rotated: they stop working when they expire " +
  "(to stop them sooner, revoke the role's active sessions in IAM)";

/**
 * What SARIF says of each rule. GitHub code scanning shows `fullDescription` with each alert, and
 * files a rule with a `security-severity` among security alerts (over 9.0 critical, 7.0-8.9 high,
 * 4.0-6.9 medium): a secret key signs requests until someone deactivates it; a session token only
 * until its credentials expire (hours); a key ID alone signs nothing, but names a key that may be live.
 */
const RULES: Record<
  RuleId,
  { name: string; description: string; full: string; severity: string; help: string }
> = {
  "aws-access-key-id": {
    name: "AwsAccessKeyId",
    description: "AWS access key ID (AKIA/ASIA/ABIA/ACCA/A3T…) in plain text",
    full:
      "An AWS access key ID in plain text: AKIA… is an IAM user's long-term key, ASIA… temporary credentials. " +
      "Alone it cannot sign a request, but it names the key, and its secret is often close by.",
    severity: "5.0",
    help: help(`${ROTATE}. ${EXPIRE}`),
  },
  "aws-secret-access-key": {
    name: "AwsSecretAccessKey",
    description: "AWS secret access key (40 characters) next to a key name or a key ID",
    full:
      "An AWS secret access key in plain text (40 random characters next to a secret's name or a key ID). " +
      "With its key ID, anyone who can read this file signs AWS requests as that user or role until the key " +
      "is deactivated (or, for temporary credentials, until they expire).",
    severity: "9.5",
    help: help(`${ROTATE}. ${EXPIRE}`),
  },
  "aws-session-token": {
    name: "AwsSessionToken",
    description: "AWS STS session token in plain text",
    full:
      "An AWS STS session token in plain text. With its key ID and secret key, anyone who can read this file " +
      "signs AWS requests as that role until the temporary credentials expire (1 to 12 hours, or more).",
    severity: "8.5",
    help: help(EXPIRE),
  },
};

/** A rule's help: take the credential out, how to stop it working (`stop`), what to do instead. */
function help(stop: string): string {
  return (
    `Remove the credential from the file (and from history if it was committed). ${stop}. ` +
    "Load credentials at run time instead (`ssoenv exec`, `ssoenv refresh` into a git-ignored .env). " +
    "A false positive: add `ssoenv:allow` on the line, or accept it with `ssoenv scan --write-baseline`."
  );
}

/**
 * Renders findings. `text`: one `path:line:col rule redacted` line each (see printablePath); `json`: an
 * array of findings, a name's bytes that are not UTF-8 as `\udc80`-`\udcff` (see pathFromBytes);
 * `sarif`: a SARIF 2.1.0 log (GitHub code scanning and most CI dashboards read it). Secrets are never
 * included, only their redacted prefix and fingerprint.
 *
 * @example
 * process.stdout.write(formatFindings({ findings, format: "sarif" }));
 */
export function formatFindings(options: {
  findings: readonly Finding[];
  format: FindingFormat;
  version?: string;
}): string {
  const { findings } = options;
  if (options.format === "json") return `${JSON.stringify(findings, null, 2)}\n`;
  if (options.format === "sarif")
    return `${JSON.stringify(toSarif(findings, options.version ?? "0.0.0"), null, 2)}\n`;
  // Names are printed quoted when they hold control characters: one finding is one line, always.
  return findings
    .map((f) => `${printablePath(f.path)}:${f.line}:${f.column} ${f.rule} ${f.redacted}\n`)
    .join("");
}

function toSarif(findings: readonly Finding[], version: string): unknown {
  const ruleIds = Object.keys(RULES) as RuleId[];
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ssoenv-scan",
            informationUri: "https://github.com/ssoenv/ssoenv/tree/main/packages/secret-scan",
            version,
            rules: ruleIds.map((id) => ({
              id,
              name: RULES[id].name,
              shortDescription: { text: RULES[id].description },
              fullDescription: { text: RULES[id].full },
              help: { text: RULES[id].help },
              defaultConfiguration: { level: "error" },
              properties: {
                tags: ["security", "secrets", "aws"],
                precision: "high",
                "security-severity": RULES[id].severity,
              },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: "error",
          message: { text: `${RULES[f.rule].description}: ${f.redacted}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: pathUri(f.path) },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  // GitHub lists the end as required; an encoded secret's written length is not kept.
                  ...(f.length ? { endLine: f.line, endColumn: f.column + f.length } : {}),
                },
              },
            },
          ],
          partialFingerprints: { "secretSha256/v1": f.fingerprint },
        })),
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

/**
 * A relative path as a URI reference: each segment percent-encoded (encodeURI leaves `#` and `?`,
 * so `a#b.env` read as the file `a` with a fragment). A URI encodes bytes: a name's bytes that are
 * not UTF-8 (pathFromBytes) are written as they are (`lat%E9.env`), which encodeURIComponent refuses.
 */
function pathUri(path: string): string {
  return path
    .split("/")
    .map((segment) =>
      hasEscapedBytes(segment) ? encodeBytes(pathToBytes(segment)) : encodeURIComponent(segment),
    )
    .join("/");
}

/** Percent-encoded bytes, with what encodeURIComponent leaves as it is. */
function encodeBytes(bytes: Buffer): string {
  return Array.from(bytes, (byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9\-_.!~*'()]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}
