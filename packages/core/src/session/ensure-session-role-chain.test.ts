import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSsoProfile } from "../config/load-sso-profile.js";
import { credentialsCachePath } from "../credentials/credentials-cache.js";
import { rejection } from "../test-support/rejection.js";
import { standardConfig } from "../test-support/sso-fixture.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { ensureSession } from "./ensure-session.js";

const corp = { ssoSession: "corp", startUrl: "", name: "dev" };
const DEPLOYER = "arn:aws:iam::222222222222:role/Deployer";
const AUDITOR = "arn:aws:iam::333333333333:role/audit/Auditor";

describe("ensureSession follows role_arn + source_profile", () => {
  const externalId = `ext-${randomBytes(6).toString("hex")}`;
  const fx = useSsoFixture({ emulator: { roles: [{ arn: DEPLOYER }, { arn: AUDITOR, externalId }] } });
  beforeEach(async () => {
    await fx.writeConfig(
      `${standardConfig(fx.emulator)}
[profile deployer]
role_arn = ${DEPLOYER}
source_profile = dev
role_session_name = hop-one

[profile auditor]
role_arn = ${AUDITOR}
source_profile = deployer
external_id = ${externalId}
role_session_name = hop-two
duration_seconds = 900
region = ap-southeast-2

[profile no-external-id]
role_arn = ${AUDITOR}
source_profile = deployer

[profile loop-a]
role_arn = ${DEPLOYER}
source_profile = loop-b

[profile loop-b]
role_arn = ${DEPLOYER}
source_profile = loop-a

[profile orphan]
role_arn = ${DEPLOYER}
source_profile = nowhere

[profile two-hours]
role_arn = ${DEPLOYER}
source_profile = dev
duration_seconds = 7200
`,
    );
    await fx.seedToken(corp);
    fx.emulator.resetStats();
  });

  it("signs in at the root SSO profile and assumes each role in turn (2 hops)", async () => {
    const session = await ensureSession({ profile: "auditor", env: fx.env, interactive: false });
    expect(session.profile).toBe("auditor");
    expect(session.region).toBe("ap-southeast-2"); // the asked profile's, not the root's eu-west-1
    expect(session.accountId).toBe("333333333333");
    expect(session.roleName).toBe("Auditor");
    expect(session.identity.arn).toBe("arn:aws:sts::333333333333:assumed-role/Auditor/hop-two");
    // duration_seconds = 900: the credentials of the last hop, not the permission set's hour
    const leftMs = session.credentialsExpireAt.getTime() - Date.now();
    expect(leftMs).toBeGreaterThan(800_000);
    expect(leftMs).toBeLessThanOrEqual(901_000);
    expect(fx.emulator.stats().byOperation).toMatchObject({
      GetRoleCredentials: 1,
      AssumeRole: 2,
      GetCallerIdentity: 1, // the last role's: each AssumeRole already proves the credentials before it
    });
  });

  it("a throttled AssumeRole (STS 400 Throttling) is retried", async () => {
    fx.emulator.faults.add({ operation: "AssumeRole", kind: "throttle", times: 2 });
    const session = await ensureSession({ profile: "deployer", env: fx.env, interactive: false });
    expect(session.identity.arn).toBe("arn:aws:sts::222222222222:assumed-role/Deployer/hop-one");
    expect(fx.emulator.stats().byOperation).toMatchObject({ AssumeRole: 3, GetCallerIdentity: 1 });
  });

  it("loadSsoProfile gives the root SSO profile with the chain, root first", async () => {
    const profile = await loadSsoProfile({ profile: "auditor", env: fx.env });
    expect(profile).toMatchObject({ name: "dev", accountId: "111111111111", region: "ap-southeast-2" });
    expect(profile.roleChain?.profile).toBe("auditor");
    expect(profile.roleChain?.hops.map((hop) => hop.roleArn)).toEqual([DEPLOYER, AUDITOR]);
    // the chain's credentials are cached apart from the root's
    const root = await loadSsoProfile({ profile: "dev", env: fx.env });
    expect(credentialsCachePath({ profile, env: fx.env })).not.toBe(
      credentialsCachePath({ profile: root, env: fx.env }),
    );
  });

  it("a role that wants an external id, without it: ACCESS_DENIED naming the profile and the role", async () => {
    const error = await rejection(
      ensureSession({ profile: "no-external-id", env: fx.env, interactive: false }),
    );
    expect(error).toMatchObject({ code: "ACCESS_DENIED" });
    expect(error.message).toContain('profile "no-external-id"');
    expect(error.message).toContain(AUDITOR);
  });

  it("duration_seconds over STS's 1 h role-chaining limit: CONFIG_INVALID naming the profile", async () => {
    const error = await rejection(ensureSession({ profile: "two-hours", env: fx.env, interactive: false }));
    expect(error).toMatchObject({ code: "CONFIG_INVALID" });
    expect(error.message).toContain(`profile "two-hours" in ${fx.configPath}`);
    expect(error.message).toContain("1 hour session limit");
  });

  it.each([
    ["loop-a", /source_profile loop: loop-a -> loop-b -> loop-a/],
    ["orphan", /source_profile = nowhere, which is not defined/],
  ])("%s: CONFIG_INVALID naming the file, before any network call", async (name, pattern) => {
    const error = await rejection(ensureSession({ profile: name, env: fx.env, interactive: false }));
    expect(error).toMatchObject({ code: "CONFIG_INVALID" });
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain(fx.configPath);
    expect(error.message).not.toContain("\n");
    expect(fx.emulator.stats().total).toBe(0);
  });
});
