import { describe, expect, it } from "vitest";
import { isLikelyKeyId, isLikelySecretKey } from "./credential-shape.js";
import { formatFindings } from "./format-findings.js";
import { scanText } from "./scan-text.js";

// Generated at run time: no key-shaped literal is committed.
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
// Not one of the random keys the scanner passes over on purpose (DUMMY, XXXXX, mostly words: about
// 1 key ID in 400,000 and 1 secret in 130,000), which would fail these tests by chance.
const keyId = (): string => {
  const id = `AKIA${pick(B32, 16)}`;
  return isLikelyKeyId(id) ? id : keyId();
};
const secret = (): string => {
  const s = `aZ${pick(B64, 38)}`;
  return isLikelySecretKey(s) ? s : secret();
};

describe("scanText", () => {
  it("gives 1-based line and column, with CRLF line ends", () => {
    const findings = scanText({ text: `# x\r\nexport AWS_ACCESS_KEY_ID="${keyId()}"\r\n`, path: ".env" });
    expect(findings).toMatchObject([{ rule: "aws-access-key-id", path: ".env", line: 2, column: 27 }]);
  });

  it("gives the length of a secret written as is (SARIF's region end), none for an encoded one", () => {
    const id = keyId();
    const s = secret();
    const text = `# x\nkey = "${id}"\naws_secret_access_key = ${s}\nsecret=${encodeURIComponent(`${s.slice(0, 20)}/${s.slice(21)}`)}\n`;
    const findings = scanText({ text });
    const lines = text.split("\n");
    for (const f of findings.filter((x) => !x.encoding)) {
      const written = lines[f.line - 1]?.slice(f.column - 1, f.column - 1 + (f.length ?? 0));
      // Compared, not printed: a failure must not show the key.
      expect(written === (f.rule === "aws-access-key-id" ? id : s)).toBe(true);
    }
    expect(findings.filter((x) => !x.encoding)).toHaveLength(2);
    const encoded = findings.filter((x) => x.encoding);
    expect(encoded.map((x) => x.encoding)).toEqual(["percent"]);
    expect(encoded[0]?.length).toBeUndefined();
  });

  it("reports a secret once even when a decoded view sees it again", () => {
    const s = secret();
    const findings = scanText({ text: `{"aws_secret_access_key":"${s}","n":"\\n"}` });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.encoding).toBeUndefined();
  });

  it("only reports the lines asked for (staged mode's added lines)", () => {
    const text = `aws_secret_access_key = ${secret()}\naws_access_key_id = ${keyId()}\n`;
    expect(scanText({ text, onlyLines: new Set([2]) }).map((f) => f.line)).toEqual([2]);
  });

  it("honours `pragma: allowlist nextline secret` on the line before", () => {
    expect(
      scanText({ text: `# pragma: allowlist nextline secret\nkey=${keyId()}\nkey=${keyId()}\n` }).map(
        (f) => f.line,
      ),
    ).toEqual([3]);
  });

  it("redacts to 4 characters and fingerprints with sha256", () => {
    const id = keyId();
    const [finding] = scanText({ text: id });
    expect(finding?.redacted).toBe("AKIA…");
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(finding)).not.toContain(id);
  });
});

describe("formatFindings", () => {
  const findings = scanText({ text: `x\n  k = ${keyId()}\n`, path: "dir/a b.txt" });

  it("text: path:line:col rule redacted", () => {
    expect(formatFindings({ findings, format: "text" })).toBe("dir/a b.txt:2:7 aws-access-key-id AKIA…\n");
  });

  it("sarif: a 2.1.0 log with rules, locations and fingerprints", () => {
    const log = JSON.parse(formatFindings({ findings, format: "sarif", version: "1.2.3" }));
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].tool.driver).toMatchObject({ name: "ssoenv-scan", version: "1.2.3" });
    expect(log.runs[0].results[0]).toMatchObject({
      ruleId: "aws-access-key-id",
      level: "error",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "dir/a%20b.txt" },
            region: { startLine: 2, startColumn: 7 },
          },
        },
      ],
      partialFingerprints: { "secretSha256/v1": findings[0]?.fingerprint },
    });
  });
});

describe("adversarial input", () => {
  // Each of these once made a line-bound search or a regex quadratic (minutes for a few MB).
  // No timing is asserted: a regression shows up as the test timing out.
  const inputs: Record<string, string> = {
    "many names on one line": "secret token ".repeat(200_000),
    "key prefixes glued together": "AKIA".repeat(400_000),
    "string joins without newlines": 'secret "a" + "b" + '.repeat(100_000),
    "whitespace after a quote": `secret a"${" ".repeat(400_000)}`,
    "percent escapes": `secret ${"%2F".repeat(200_000)}`,
  };
  for (const [name, text] of Object.entries(inputs)) {
    it(`scans ${name} (${(text.length / 1e6).toFixed(1)} MB) in linear time`, () => {
      expect(scanText({ text })).toEqual([]);
    });
  }
});
