/**
 * Baselines as a team uses them, through the built binary and real commits: accepting a key from
 * wherever one stands in the repository, several times, without dropping what was accepted before.
 */
import { randomInt } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyFactory } from "./corpus.js";
import { runSsoenv, useTempRepo } from "./helpers.js";

const keys = createKeyFactory(randomInt(2 ** 31));
const repo = useTempRepo();
const ssoenvIn = (folder: string, ...args: string[]) =>
  runSsoenv(args, { cwd: join(repo.dir, folder), env: repo.env });
const commit = () => repo.git("commit", "-q", "-m", "test");
const accepted = () =>
  Object.keys(JSON.parse(readFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), "utf8")).secrets);

describe("ssoenv scan --write-baseline", () => {
  it("from a subfolder, `--staged --write-baseline` accepts the blocked commit's key at the root, where the hook reads it", () => {
    expect(ssoenvIn(".", "hook", "install").status).toBe(0);
    repo.write("app/fixtures/creds.txt", `aws_secret_access_key = ${keys.secret()}\n`);
    repo.git("add", "app/fixtures/creds.txt");
    expect(commit().status).not.toBe(0);

    const write = ssoenvIn("app/fixtures", "scan", "--staged", "--write-baseline");
    expect(write.status).toBe(0);
    expect(write.stderr).toContain("wrote 1 accepted secret(s) to ../../.ssoenv-scan-baseline.json (1 new;");
    expect(accepted()).toHaveLength(1);
    repo.git("add", ".ssoenv-scan-baseline.json");
    expect(commit().status).toBe(0);
    // Path mode from the subfolder reads the same root baseline.
    expect(ssoenvIn("app/fixtures", "scan", ".").status).toBe(0);
    expect(ssoenvIn("app", "scan").status).toBe(0);
  });

  it("adds to the baseline: what was accepted before (elsewhere, or in another commit) stays accepted", () => {
    repo.write("legacy/a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    expect(ssoenvIn(".", "scan", "--write-baseline").status).toBe(0);
    expect(accepted()).toHaveLength(1);

    repo.write("b.env", `AWS_SECRET_ACCESS_KEY=${keys.secret()}\n`);
    repo.git("add", "-f", "b.env");
    const staged = ssoenvIn(".", "scan", "--staged", "--write-baseline");
    expect(staged.status).toBe(0);
    expect(staged.stderr).toContain(
      "wrote 2 accepted secret(s) to .ssoenv-scan-baseline.json (1 new, 1 accepted before;",
    );
    expect(accepted()).toHaveLength(2);
    // The key accepted first, in a folder the staged scan never looked at, is still accepted.
    expect(ssoenvIn(".", "scan", ".").status).toBe(0);
    // Scanning one folder and writing again keeps the other's entries too.
    expect(ssoenvIn(".", "scan", "--write-baseline", "legacy").status).toBe(0);
    expect(accepted()).toHaveLength(2);
  });

  it("refuses a baseline whose secrets are not an object (exit 2), and writing replaces it with a warning", () => {
    repo.write("a.env", `AWS_ACCESS_KEY_ID=${keys.keyId()}\n`);
    writeFileSync(join(repo.dir, ".ssoenv-scan-baseline.json"), '{ "version": 1, "secrets": [] }\n');
    const refused = ssoenvIn(".", "scan", ".");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("is not a valid ssoenv scan baseline");
    const write = ssoenvIn(".", "scan", "--write-baseline");
    expect(write.status).toBe(0);
    expect(write.stderr).toContain(
      "warning: .ssoenv-scan-baseline.json is not a valid baseline: replacing it",
    );
    expect(accepted()).toHaveLength(1);
    expect(ssoenvIn(".", "scan", ".").status).toBe(0);
  });
});
