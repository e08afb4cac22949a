import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Role credentials last an hour: the .env that `ssoenv refresh` wrote in the morning holds dead keys
// by the next hour, and every tool reading it fails (boto3: "Credentials were refreshed, but the
// refreshed credentials are still expired."). status and doctor, run in the project, say which file
// and the command that writes new keys, instead of the ssoenv cache's fresh credentials alone.

const world = useCliWorld({ loggedIn: true, per: "test" });

/** What refresh wrote, as it reads an hour later: its expiration moved `agoMs` into the past. */
async function ageEnvFile(path: string, name: string, agoMs: number): Promise<void> {
  const text = await readFile(path, "utf8");
  const past = new Date(Date.now() - agoMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  const aged = text.replace(new RegExp(`^${name}=.*$`, "m"), `${name}=${past}`);
  expect(aged, `${path} has no ${name}`).not.toBe(text);
  await writeFile(path, aged);
}

describe("a project .env whose keys have expired", () => {
  beforeEach(async () => {
    await writeFile(join(world.project, "ssoenv.toml"), 'profile = "dev"\n');
    const refresh = await world.run(["refresh"]);
    expect(refresh.exitCode, refresh.stderr).toBe(0);
  });

  it("status names the file, when its keys expired and the refresh; after the refresh, nothing", async () => {
    await ageEnvFile(join(world.project, ".env"), "AWS_CREDENTIAL_EXPIRATION", 5 * 60_000);
    const status = await world.run(["status"]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stderr).toMatch(
      /warning: the credentials in \.env expired at (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d: write new ones \(ssoenv refresh\)/,
    );
    const json = JSON.parse((await world.run(["status", "--json"])).stdout) as { warnings: string[] };
    expect(json.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^the credentials in \.env expired at /)]),
    );

    expect((await world.run(["refresh"])).exitCode).toBe(0);
    const after = await world.run(["status"]);
    expect(after.exitCode, after.stderr).toBe(0);
    expect(after.stderr).not.toContain("expired");
  });

  it("reads the expiration under the name the project gave it, in a file of [[env_files]]", async () => {
    await writeFile(
      join(world.project, "ssoenv.toml"),
      [
        'profile = "dev"',
        "[[env_files]]",
        'path = "app.env"',
        "[env_files.keys]",
        'AWS_CREDENTIAL_EXPIRATION = "APP_AWS_EXPIRES_AT"',
        "",
      ].join("\n"),
    );
    expect((await world.run(["refresh"])).exitCode).toBe(0);
    await ageEnvFile(join(world.project, "app.env"), "APP_AWS_EXPIRES_AT", 60_000);
    const status = await world.run(["status"]);
    expect(status.stderr).toMatch(/warning: the credentials in app\.env expired at .*\(ssoenv refresh\)/);
  });

  it("doctor warns with the refresh as the fix", async () => {
    await ageEnvFile(join(world.project, ".env"), "AWS_CREDENTIAL_EXPIRATION", 5 * 60_000);
    const result = await world.run(["doctor", "--json"]);
    const report = JSON.parse(result.stdout) as {
      findings: { check: string; status: string; message: string; fix?: string }[];
    };
    const expired = report.findings.filter(
      (finding) => finding.check === "env-file" && finding.message.includes("expired"),
    );
    expect(expired).toEqual([
      {
        check: "env-file",
        status: "warn",
        message: expect.stringMatching(/credentials in .*\.env expired at /),
        fix: "ssoenv refresh",
      },
    ]);
  }, 120_000);
});
