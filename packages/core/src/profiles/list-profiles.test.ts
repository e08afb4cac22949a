import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsHome, createAwsHome } from "../test-support/create-aws-home.js";
import { listProfiles } from "./list-profiles.js";

const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile hub]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile deploy]
role_arn = arn:aws:iam::222222222222:role/ci/Deploy
source_profile = hub

[profile both]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
role_arn = arn:aws:iam::333333333333:role/Audit
source_profile = hub
`;

describe("listProfiles", () => {
  let aws: AwsHome;
  beforeEach(async () => {
    aws = await createAwsHome({ config: CONFIG, prefix: "ssoenv-list-" });
  });
  afterEach(() => aws.remove());

  it("a role-chain profile shows the account and role its role_arn names (what its credentials are for)", async () => {
    const { profiles } = await listProfiles({ env: { HOME: aws.home } });
    expect(profiles.find((p) => p.name === "deploy")).toEqual({
      name: "deploy",
      ssoSession: null,
      accountId: "222222222222",
      accountName: null,
      roleName: "Deploy",
      generated: false,
    });
  });

  it("beside sso_* keys, role_arn still names the account and role: the AWS CLI assumes the role", async () => {
    const { profiles } = await listProfiles({ env: { HOME: aws.home } });
    expect(profiles.find((p) => p.name === "both")).toMatchObject({
      ssoSession: "corp",
      accountId: "333333333333",
      roleName: "Audit",
    });
  });
});
