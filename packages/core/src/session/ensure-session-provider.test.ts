import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import { beforeEach, describe, expect, it } from "vitest";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { ensureSession } from "./ensure-session.js";

/**
 * A script that runs longer than the role credentials (the permission set's session, 1 h by default):
 * the README's pattern gives its AWS client ensureSession as a credentials provider, which the SDK
 * calls again 5 minutes before the credentials it holds expire.
 */
describe("ensureSession as an AWS SDK credentials provider", () => {
  // 4-minute role credentials: within the SDK's 5-minute refresh window from the start
  const fx = useSsoFixture({ emulator: { lifetimes: { roleCredentialsMs: 4 * 60_000 } } });
  beforeEach(async () => {
    await fx.seedToken({ ssoSession: "corp", startUrl: "" });
  });

  function stsWith(credentials: STSClientConfig["credentials"]): STSClient {
    return new STSClient({
      region: "eu-west-1",
      endpoint: fx.emulator.url,
      credentials,
    });
  }

  it("keeps a client working past the credentials' expiry; the session's static keys do not", async () => {
    const session = await ensureSession({ profile: "dev", env: fx.env, interactive: false });
    const once = stsWith(session.credentials);
    const provided = stsWith(
      async () => (await ensureSession({ profile: "dev", env: fx.env, interactive: false })).credentials,
    );
    await expect(provided.send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty(
      "Account",
      "111111111111",
    );

    fx.emulator.clock.advance(5 * 60_000); // every role credential issued so far has expired

    await expect(once.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" });
    await expect(provided.send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty(
      "Account",
      "111111111111",
    );
  });
});
