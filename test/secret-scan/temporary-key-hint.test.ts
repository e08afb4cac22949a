/**
 * Temporary credentials (an ASIA… key ID, a session token) cannot be rotated: they stop working when
 * they expire. The hint for them says to take them out of the file, when they stop, and the
 * emergency path (revoking the role's active sessions); "rotate it" is for an IAM user's AKIA… key.
 */
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { leakedSecrets, runSsoenv, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();

/** The hint's lines that give the advice for a real key. */
const realKeyLines = (stderr: string) =>
  stderr.split("\n").filter((line) => /^- (a real key|real temporary credentials)/.test(line));

const temporary = () =>
  `AWS_ACCESS_KEY_ID=${keys.keyId("ASIA")}\nAWS_SECRET_ACCESS_KEY=${keys.secret()}\nAWS_SESSION_TOKEN=${keys.token()}\n`;
const longTerm = () => `AWS_ACCESS_KEY_ID=${keys.keyId("AKIA")}\nAWS_SECRET_ACCESS_KEY=${keys.secret()}\n`;

describe("the hint for keys found", () => {
  it("scan FILE of temporary credentials: take them out, they expire; no rotate", () => {
    const text = temporary();
    repo.write("app.env", text);
    const scan = runSsoenv(["scan", "app.env"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    expect(leakedSecrets(text.match(/(?<==).+/g) ?? [], scan.stderr)).toEqual([]);
    const lines = realKeyLines(scan.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("cannot be rotated");
    expect(lines[0]).toContain("stop working when they expire");
    expect(lines[0]).toContain("revoke the role's active sessions");
    expect(scan.stderr).not.toContain("rotate it");
  });

  it("scan FILE of an IAM user's key: rotate it, and nothing of expiry", () => {
    repo.write("app.env", longTerm());
    const scan = runSsoenv(["scan", "app.env"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    const lines = realKeyLines(scan.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^- a real key: rotate it;/);
  });

  it("a commit adding temporary credentials and an IAM user's key: the advice for each", () => {
    repo.write("a.env", temporary());
    repo.write("b.env", longTerm());
    repo.git("add", "a.env", "b.env");
    const scan = runSsoenv(["scan", "--staged"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    const lines = realKeyLines(scan.stderr);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^- a real key: rotate it;/);
    expect(lines[1]).toContain("cannot be rotated");
  });

  it("a commit adding temporary credentials only: no rotate", () => {
    repo.write("a.env", temporary());
    repo.git("add", "a.env");
    const scan = runSsoenv(["scan", "--staged"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    expect(realKeyLines(scan.stderr)).toHaveLength(1);
    expect(scan.stderr).not.toContain("rotate it");
  });

  it("a merge bringing temporary credentials: no rotate, the expiry, then the steps out of the branch", () => {
    repo.write("README.md", "hello\n");
    repo.git("add", "README.md");
    repo.git("commit", "-q", "-m", "base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("a.env", temporary());
    repo.git("add", "a.env");
    repo.git("commit", "-q", "-m", "keys");
    repo.git("checkout", "-q", "-");
    repo.git("merge", "-q", "--no-ff", "--no-commit", "feature");
    const scan = runSsoenv(["scan", "--staged"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    const line = scan.stderr.split("\n").find((l) => l.includes("git merge --abort"));
    expect(line).toMatch(
      /^- temporary credentials \(ASIA…\) cannot be rotated: they stop working when they expire/,
    );
  });

  // GitHub code scanning shows a rule's help with each alert: the session token's said "deactivate
  // or rotate the key", which cannot be done to temporary credentials.
  it("SARIF: the session token rule's help says they expire, not rotate; the key rules' tell AKIA… from ASIA…", () => {
    repo.write("app.env", temporary());
    const scan = runSsoenv(["scan", "--format", "sarif", "app.env"], { cwd: repo.dir, env: repo.env });
    expect(scan.status).toBe(1);
    const rules = JSON.parse(scan.stdout).runs[0].tool.driver.rules as {
      id: string;
      help: { text: string };
    }[];
    const helpOf = (id: string) => rules.find((rule) => rule.id === id)?.help.text ?? "";
    const token = helpOf("aws-session-token");
    expect(token).toContain("cannot be rotated: they stop working when they expire");
    expect(token).toContain("revoke the role's active sessions");
    expect(token).not.toMatch(/rotate (it|the key)/);
    for (const id of ["aws-access-key-id", "aws-secret-access-key"]) {
      expect(helpOf(id)).toContain("(AKIA…): deactivate or rotate it");
      expect(helpOf(id)).toContain("(ASIA…, with a session token) cannot be rotated");
    }
  });
});
