import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { credentialEnv } from "./credential-env.js";
import { toCredentialProcessJson } from "./credential-process-json.js";
import { formatCredentials } from "./format-credentials.js";

// Generated per run: key-shaped values are never committed.
const base32 = (n: number) =>
  Array.from(randomBytes(n), (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32]).join("");
const credentials = {
  accessKeyId: `ASIA${base32(16)}`,
  secretAccessKey: randomBytes(30).toString("base64"),
  sessionToken: `${randomBytes(60).toString("base64")}+/=`,
  expiration: new Date("2026-01-01T12:00:00.000Z"),
};
const session = { credentials, region: "eu-west-1" };

describe("credentialEnv", () => {
  it("has the four credential variables, the expiration in ISO 8601 and the region twice", () => {
    expect(credentialEnv(session)).toEqual({
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_CREDENTIAL_EXPIRATION: "2026-01-01T12:00:00Z",
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
    });
  });

  it("leaves the region out when the profile has none", () => {
    expect(Object.keys(credentialEnv({ credentials }))).toEqual([
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_CREDENTIAL_EXPIRATION",
    ]);
  });
});

describe("formatCredentials", () => {
  const tricky = {
    ...session,
    credentials: { ...credentials, sessionToken: `it's "$HOME" \`x\` \\ ; # ok` },
  };

  it("sh: `eval` in a real sh gives back exactly the values, even with quotes and $", () => {
    const text = formatCredentials({ session: tricky, format: "sh" });
    expect(text).toMatch(/^unset AWS_PROFILE AWS_DEFAULT_PROFILE\nexport AWS_ACCESS_KEY_ID='ASIA/);
    const out = execFileSync(
      "sh",
      ["-c", `${text}\nprintf '%s|%s' "\${AWS_PROFILE-unset}" "$AWS_SESSION_TOKEN"`],
      { encoding: "utf8", env: { AWS_PROFILE: "other" } },
    );
    expect(out).toBe(`unset|${tricky.credentials.sessionToken}`);
  });

  it("fish: set -gx with \\' and \\\\ escapes", () => {
    const text = formatCredentials({ session: tricky, format: "fish" });
    expect(text).toContain(`set -gx AWS_SESSION_TOKEN 'it\\'s "$HOME" \`x\` \\\\ ; # ok';`);
    expect(text).toMatch(/^set -e AWS_PROFILE;\nset -e AWS_DEFAULT_PROFILE;\nset -gx /);
  });

  it("powershell: $Env: assignments with doubled single quotes", () => {
    const text = formatCredentials({ session: tricky, format: "powershell" });
    expect(text).toContain(`$Env:AWS_SESSION_TOKEN = 'it''s "$HOME" \`x\` \\ ; # ok'`);
    expect(text).toContain(`$Env:AWS_REGION = 'eu-west-1'`);
    expect(text).toMatch(
      /^Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\nRemove-Item Env:AWS_DEFAULT_PROFILE -ErrorAction SilentlyContinue\n\$Env:/,
    );
  });

  it("dotenv: bare values when safe (base64 tokens), double quotes otherwise", () => {
    const plain = formatCredentials({ session, format: "dotenv" });
    expect(plain).toContain(`AWS_SESSION_TOKEN=${credentials.sessionToken}\n`);
    expect(plain).toContain("AWS_CREDENTIAL_EXPIRATION=2026-01-01T12:00:00Z\n");
    const quoted = formatCredentials({ session: tricky, format: "dotenv" });
    expect(quoted).toContain(`AWS_SESSION_TOKEN="it's \\"$HOME\\" \`x\` \\\\ ; # ok"`);
  });

  it("json: an object of the variables", () => {
    expect(JSON.parse(formatCredentials({ session, format: "json" }))).toEqual(credentialEnv(session));
  });

  it("rejects an unknown format", () => {
    expect(() => formatCredentials({ session, format: "csh" as never })).toThrow(
      /Unknown credential format "csh"/,
    );
  });
});

describe("toCredentialProcessJson", () => {
  it("prints Version 1 and the four fields the SDK and CLI read", () => {
    expect(JSON.parse(toCredentialProcessJson(credentials))).toEqual({
      Version: 1,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: "2026-01-01T12:00:00Z",
    });
  });
});
