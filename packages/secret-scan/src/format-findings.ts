import { printablePath } from "./printable-path.js";
import type { Finding, RuleId } from "./types.js";

export type FindingFormat = "text" | "json" | "sarif";

const RULES: Record<RuleId, { name: string; description: string }> = {
  "aws-access-key-id": {
    name: "AwsAccessKeyId",
    description: "AWS access key ID (AKIA/ASIA/ABIA/ACCA/A3T…) in plain text",
  },
  "aws-secret-access-key": {
    name: "AwsSecretAccessKey",
    description: "AWS secret access key (40 characters) next to a key name or a key ID",
  },
  "aws-session-token": {
    name: "AwsSessionToken",
    description: "AWS STS session token in plain text",
  },
};

const HELP =
  "Remove the credential from the file (and from history if it was committed), deactivate or rotate the key, " +
  "and load credentials at run time instead (`ssoenv exec`, `ssoenv refresh` into a git-ignored .env). " +
  "A false positive: add `ssoenv:allow` on the line, or accept it with `ssoenv scan --write-baseline`.";

/**
 * Renders findings. `text`: one `path:line:col rule redacted` line each (see printablePath); `json`: an array of findings;
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
              help: { text: HELP },
              defaultConfiguration: { level: "error" },
              properties: { tags: ["security", "secrets", "aws"] },
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
                region: { startLine: f.line, startColumn: f.column },
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
 * so `a#b.env` read as the file `a` with a fragment).
 */
function pathUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
