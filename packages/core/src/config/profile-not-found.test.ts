import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { type AwsHome, createAwsHome } from "../test-support/create-aws-home.js";
import { rejection } from "../test-support/rejection.js";
import { loadSsoProfile } from "./load-sso-profile.js";
import { profileNamedByProject } from "./profile-not-found.js";

// The CLI's hints for a missing profile (ssoenv.toml named it; exec's --profile after the command)
// branch on the error's `profile` field, never on the message's words: each way a name reaches
// loadSsoProfile sets it.
const CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`;

describe("PROFILE_NOT_FOUND's profile field", () => {
  let aws: AwsHome;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    aws = await createAwsHome({ config: CONFIG, prefix: "ssoenv-profile-not-found-" });
    env = { HOME: aws.home };
  });
  afterEach(() => aws.remove());

  it.each([
    ["option", { profile: "ops" }, {}],
    ["SSOENV_PROFILE", {}, { SSOENV_PROFILE: "ops", AWS_PROFILE: "dev" }],
    ["AWS_PROFILE", {}, { AWS_PROFILE: "ops", AWS_DEFAULT_PROFILE: "dev" }],
    ["AWS_DEFAULT_PROFILE", {}, { AWS_DEFAULT_PROFILE: "ops" }],
  ] as const)("names the profile and its source: %s", async (source, options, variables) => {
    const error = await rejection(loadSsoProfile({ ...options, env: { ...env, ...variables } }));
    expect(isSsoenvError(error, "PROFILE_NOT_FOUND")).toBe(true);
    expect(error.profile).toEqual({ name: "ops", source });
  });

  it("names the profile and its source: default (nothing named one)", async () => {
    const error = await rejection(loadSsoProfile({ env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.profile).toEqual({ name: "default", source: "default" });
  });

  it("is set for every form of the error: no config file, a header no SDK reads, a bare [name]", async () => {
    const noFile = await rejection(
      loadSsoProfile({ env: { ...env, AWS_CONFIG_FILE: join(aws.home, "nope") } }),
    );
    expect(noFile.profile).toEqual({ name: "default", source: "default" });

    await writeFile(
      aws.configPath,
      `${CONFIG}\n[profile "my dev"]\nregion = us-east-1\n\n[ops]\nregion = us-east-1\n`,
    );
    const skipped = await rejection(loadSsoProfile({ env: { ...env, AWS_PROFILE: "my dev" } }));
    expect(skipped.message).toMatch(/^Profile "my dev" \(from AWS_PROFILE\) not found: line 10 of /);
    expect(skipped.profile).toEqual({ name: "my dev", source: "AWS_PROFILE" });
    const bare = await rejection(loadSsoProfile({ profile: "ops", env }));
    expect(bare.message).toMatch(/^Profile "ops" not found: line 13 of .* has \[ops\]/);
    expect(bare.profile).toEqual({ name: "ops", source: "option" });
  });

  it("profileNamedByProject: a name the caller took from ssoenv.toml is said to be ssoenv.toml's", async () => {
    const toml = join(aws.home, "repo", "ssoenv.toml");
    const given = await rejection(loadSsoProfile({ profile: "ops", env }));
    const named = profileNamedByProject(given, toml);
    expect(named.profile).toEqual({ name: "ops", source: "ssoenv.toml", path: toml });
    expect(named.message).toBe(
      `Profile "ops" (from ${toml}) not found in ${aws.configPath} (profiles there: dev)`,
    );
    expect(named.hint).toBe(given.hint);
    expect(named.cause).toBe(given);
    // A typo of one the config has: the fix is ssoenv.toml's line, not the option.
    const typo = await rejection(loadSsoProfile({ profile: "dve", env }));
    expect(typo.hint).toMatch(/^did you mean dev\? \{ profile: "dev" \}; else /);
    expect(profileNamedByProject(typo, toml).hint).toBe(
      `did you mean dev? profile = "dev" in ${toml}${typo.hint?.slice('did you mean dev? { profile: "dev" }'.length)}`,
    );
    // A name from the environment is not the project's.
    const fromEnv = await rejection(loadSsoProfile({ env: { ...env, AWS_PROFILE: "ops" } }));
    expect(profileNamedByProject(fromEnv, toml)).toBe(fromEnv);
  });
});
