import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// A typo in sso_region or region (us-east1) makes a host AWS does not have: every call to it fails
// as "no such host". The failing command names the setting and the region meant, exit 2, rather
// than telling the user to check their network (seen: `ssoenv login` said exactly that).

const world = useCliWorld({ loggedIn: true });

/**
 * The endpoint `variables` (AWS_ENDPOINT_URL_STS...) unset: those calls go to AWS's own, region-built
 * hosts, which the machine's resolver must call unknown (ENOTFOUND) or unreachable (EAI_AGAIN, also "no
 * such host"). A slow resolver (glibc: 5 s a try, two tries) would outlast the 5 s connect deadline and
 * read as "could not be reached (TimeoutError)": its tries are cut to 1 s, one each (RES_OPTIONS, read
 * by glibc), and the deadline raised, so the answer does not depend on the DNS server's speed.
 */
function toAws(...variables: string[]): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(variables.map((name) => [name, undefined])),
    RES_OPTIONS: "timeout:1 attempts:1",
    SSOENV_CONNECT_TIMEOUT: "30s",
  };
}

async function configWith(from: string, to: string): Promise<string> {
  const text = await readFile(world.configPath, "utf8");
  expect(text).toContain(from);
  const path = join(world.home, `config-${to}`);
  await writeFile(path, text.replace(from, to));
  return path;
}

describe("a region that is not a region name", () => {
  it("sso_region = us-east1: login names sso_region of the sso-session and us-east-1, exit 2", async () => {
    const config = await configWith(`sso_region = ${world.emulator.region}`, "sso_region = us-east1");
    const result = await world.run(["login", "--profile", "dev", "--method", "native", "--no-browser"], {
      env: {
        AWS_CONFIG_FILE: config,
        ...toAws(
          "AWS_ENDPOINT_URL",
          "AWS_ENDPOINT_URL_SSO",
          "AWS_ENDPOINT_URL_SSO_OIDC",
          "AWS_ENDPOINT_URL_STS",
        ),
      },
    });
    expect(result.exitCode, result.stderr).toBe(2);
    const lines = result.stderr.trim().split("\n");
    // RegisterClient, the first call of a login in a new HOME
    expect(lines.at(-2)).toBe(
      `ssoenv: SSO OIDC RegisterClient at https://oidc.us-east1.amazonaws.com: no such host: sso_region = us-east1 in [sso-session corp] of ${config} is not an AWS region name`,
    );
    expect(lines.at(-1)).toBe(
      `hint: set sso_region in [sso-session corp] of ${config} to us-east-1, if that is the one meant`,
    );
  });

  it("region = eu-west1: refresh names region of the profile, exit 2, and writes no .env", async () => {
    const config = await configWith("region = eu-west-1", "region = eu-west1");
    const result = await world.run(["refresh", "--profile", "dev", "--env-file", "typo.env"], {
      env: { AWS_CONFIG_FILE: config, ...toAws("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS") },
    });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      `STS GetCallerIdentity at https://sts.eu-west1.amazonaws.com: no such host: region = eu-west1 in [profile dev] of ${config} is not an AWS region name`,
    );
    expect(result.stderr).toContain(
      `hint: set region in [profile dev] of ${config} to eu-west-1, if that is the one meant`,
    );
    expect(result.stderr).not.toContain("check your network");
    await expect(access(join(world.project, "typo.env"))).rejects.toThrow();
  });

  it("AWS_REGION = eu-west1: env names the variable, not the profile's settings, exit 2", async () => {
    const result = await world.run(["env", "--profile", "stg"], {
      env: { AWS_REGION: "eu-west1", ...toAws("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS") },
    });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      "ssoenv: STS GetCallerIdentity at https://sts.eu-west1.amazonaws.com: no such host: AWS_REGION = eu-west1 in the environment is not an AWS region name",
      "hint: set AWS_REGION in the environment to eu-west-1, if that is the one meant",
    ]);
  });
});
