import { writeFile } from "node:fs/promises";
import { CreateTokenCommand, SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { describe, expect, it } from "vitest";
import { ensureSession } from "../session/ensure-session.js";
import type { SessionEvent } from "../session/session-types.js";
import { CORP } from "../test-support/sso-fixture.js";
import { useSsoFixture } from "../test-support/use-sso-fixture.js";
import { formatCacheDate, readSsoToken, tokenCachePath } from "./sso-token-cache.js";

describe("refreshing while another tool refreshes the same sign-in", () => {
  // The AWS CLI and the SDKs refresh without ssoenv's lock. Should AWS retire a refresh token once
  // used (the emulator's rotateRefreshTokens), ssoenv's refresh with the token it read is refused.
  const fx = useSsoFixture({ emulator: { rotateRefreshTokens: true } });

  it("a refresh refused because another tool rotated the token meanwhile uses the token that tool cached", async () => {
    // expired an hour ago (the morning after, a laptop woken up): every tool refreshes at once
    const seeded = await fx.seedToken(CORP, { expiresInMs: -3_600_000 });
    const profile = { name: "dev", ...CORP };
    // The other tool refreshes first, with the same refresh token (retiring it), and writes its answer
    // to the cache only after ssoenv has read the cache: the window of the AWS CLI's refresh.
    const oidc = new SSOOIDCClient({
      region: fx.emulator.region,
      endpoint: fx.emulator.url,
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    });
    const answer = await oidc.send(
      new CreateTokenCommand({
        grantType: "refresh_token",
        clientId: seeded.clientId,
        clientSecret: seeded.clientSecret,
        refreshToken: seeded.refreshToken,
      }),
    );
    oidc.destroy();
    // ssoenv's CreateToken (the second) is answered 3 s after it arrives: the file is written meanwhile
    fx.emulator.faults.add({ operation: "CreateToken", kind: "latency", latencyMs: 3_000, times: 1 });
    const events: SessionEvent[] = [];
    let settled = false;
    const session = ensureSession({
      profile: "dev",
      env: fx.env,
      interactive: false,
      onEvent: (e) => events.push(e),
    }).finally(() => {
      settled = true;
    });
    while ((fx.emulator.stats().byOperation.CreateToken ?? 0) < 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The cache rewritten in place with the other tool's answer, as botocore's SSOTokenProvider does
    // (its fields, its date form).
    await writeFile(
      tokenCachePath({ profile, env: fx.env }),
      JSON.stringify({
        startUrl: seeded.startUrl,
        region: seeded.region,
        accessToken: answer.accessToken,
        expiresAt: formatCacheDate(new Date(Date.now() + (answer.expiresIn ?? 0) * 1000)),
        clientId: seeded.clientId,
        clientSecret: seeded.clientSecret,
        registrationExpiresAt: formatCacheDate(seeded.registrationExpiresAt as Date),
        refreshToken: answer.refreshToken,
      }),
    );
    // the scenario holds: the file was written while ssoenv's refresh was still on its way
    expect(settled).toBe(false);

    const result = await session;
    expect(result.identity.account).toBe("111111111111");
    expect(events.map((e) => e.type)).not.toContain("login-required");
    // the other tool's CreateToken and ssoenv's refused one; no third one: the cached token was good
    expect(fx.emulator.stats().byOperation.CreateToken).toBe(2);
    expect((await readSsoToken({ profile, env: fx.env }))?.accessToken).toBe(answer.accessToken);
  });
});
